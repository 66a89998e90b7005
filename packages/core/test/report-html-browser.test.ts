// The HTML report of a real run on the fake cloud, opened in headless Chromium (Debian's /usr/bin/chromium,
// which `node scripts/setup.mjs` installs when missing): it loads nothing but itself, its checklist has the
// seed's eight rows, its charts are drawn, and its screenshot shows the table and the charts.
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { renderReportHtml } from '@decomkit/core';
import { type BrowserContext, chromium, type Page } from 'playwright-core';
import { PNG } from 'pngjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_DAYS, type DemoRun, demoGlueException, demoRun } from './support/demo-run.js';

const CHROMIUM = '/usr/bin/chromium';
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
/** The charts' bar colour (`--bar` in the report's style). */
const BAR_COLOUR = [0x2f, 0x6f, 0xb3] as const;

interface Box {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

/** The bars each chart should draw: one per figure the baseline document measured. */
function expectedBars(run: DemoRun): Record<string, number> {
  const action = run.report.items
    .find((item) => item.item === 'baseline')
    ?.steps.flatMap((step) => step.actions)
    .find((record) => record.action.kind === 'artifact.put');
  const document = JSON.parse(String(action?.action.params.body));
  const measured = (value: unknown) => (typeof value === 'number' ? 1 : 0);
  const resources: { requestsPerSecond: unknown; cpuPercent: unknown; memoryPercent: unknown }[] = document.resources;
  return {
    latency: ['p50', 'p95', 'p99'].reduce(
      (count, percentile) =>
        count +
        measured(document.figures.latencyMilliseconds[percentile]) +
        measured(document.aws.figures?.latencyMilliseconds[percentile]),
      0,
    ),
    throughput: resources.reduce((count, resource) => count + measured(resource.requestsPerSecond), 0),
    utilisation: resources.reduce(
      (count, resource) => count + measured(resource.cpuPercent) + measured(resource.memoryPercent),
      0,
    ),
  };
}

/** The pixels of `box` in a decoded screenshot: how many are not white, how many are the bar colour, and a digest. */
function regionOf(png: PNG, box: Box) {
  let inked = 0;
  let bars = 0;
  let digest = 0;
  for (let y = Math.floor(box.y); y < Math.min(png.height, Math.ceil(box.y + box.height)); y += 1) {
    for (let x = Math.floor(box.x); x < Math.min(png.width, Math.ceil(box.x + box.width)); x += 1) {
      const offset = (y * png.width + x) * 4;
      const [red = 0, green = 0, blue = 0] = png.data.subarray(offset, offset + 3);
      if (red < 235 || green < 235 || blue < 235) inked += 1;
      const near = (value: number, wanted: number) => Math.abs(value - wanted) <= 12;
      if (near(red, BAR_COLOUR[0]) && near(green, BAR_COLOUR[1]) && near(blue, BAR_COLOUR[2])) bars += 1;
      digest = (digest * 31 + red * 65_536 + green * 256 + blue) % 2_147_483_647;
    }
  }
  return { inked, bars, digest, area: Math.round(box.width) * Math.round(box.height) };
}

describe('the HTML report in headless Chromium', () => {
  let run: DemoRun;
  let directory: string;
  let reportUrl: string;
  let context: BrowserContext;
  let page: Page;
  const requests: string[] = [];
  const consoleErrors: string[] = [];

  beforeAll(async () => {
    if (!existsSync(CHROMIUM))
      throw new Error(
        `Chromium is missing at ${CHROMIUM}: the HTML report's browser test needs it. Run \`node scripts/setup.mjs\` (it installs Debian's chromium with apt-get) or \`apt-get install -y --no-install-recommends chromium\`.`,
      );
    run = await demoRun({ days: DEMO_DAYS, exceptionsAtTheEnd: [demoGlueException] });
    directory = await mkdtemp(join(tmpdir(), 'decomkit-html-report-'));
    const file = join(directory, 'report.html');
    await writeFile(file, renderReportHtml(run.report, { records: run.records }));
    reportUrl = pathToFileURL(file).href;
    context = await chromium.launchPersistentContext(join(directory, 'user-data'), {
      executablePath: CHROMIUM,
      args: CHROMIUM_ARGS,
      headless: true,
      viewport: { width: 1280, height: 900 },
      deviceScaleFactor: 1,
      offline: true,
    });
    // Nothing but the report itself may load; were anything to try, it is counted above and goes nowhere.
    await context.route('**/*', (route) =>
      route.request().url().startsWith('file:') ? route.continue() : route.abort('blockedbyclient'),
    );
    page = context.pages()[0] ?? (await context.newPage());
    page.on('request', (request) => requests.push(request.url()));
    page.on('console', (message) => {
      if (message.type() === 'error') consoleErrors.push(message.text());
    });
    await page.goto(reportUrl, { waitUntil: 'load' });
  });

  afterAll(async () => {
    await context?.close();
    // The screenshots stay in the temporary directory for a look; the browser profile goes.
    if (directory !== undefined) await rm(join(directory, 'user-data'), { recursive: true, force: true });
  });

  it('requests nothing but the file itself, and the browser reports no error (no CSP violation)', () => {
    expect(requests).toEqual([reportUrl]);
    expect(consoleErrors).toEqual([]);
  });

  it('carries a Content-Security-Policy that blocks a load slipped into the page', async () => {
    const html = renderReportHtml(run.report).replace('</main>', '<img src="http://127.0.0.1:9/probe.png"></main>');
    const file = join(directory, 'probe.html');
    await writeFile(file, html);
    const probe = await context.newPage();
    const failed: string[] = [];
    const violations: string[] = [];
    probe.on('requestfailed', (request) => failed.push(`${request.url()} ${request.failure()?.errorText}`));
    probe.on('console', (message) => {
      if (message.text().includes('Content Security Policy')) violations.push(message.text());
    });
    await probe.goto(pathToFileURL(file).href, { waitUntil: 'load' });
    await expect.poll(() => failed).toEqual(['http://127.0.0.1:9/probe.png csp']);
    expect(violations).toHaveLength(1);
    await probe.close();
  });

  it("shows the checklist table with the seed's eight items, each ☑ and verified", async () => {
    const rows = await page.$$eval('#checklist-table tbody tr', (trs) =>
      trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent?.trim() ?? '')),
    );
    expect(rows.map((row) => row[1])).toEqual(run.report.items.map((item) => item.title));
    expect(rows.map((row) => [row[0], row[2]])).toEqual(Array(8).fill(['☑', 'verified']));
  });

  it('draws each baseline chart with a size and one visible bar per measured figure', async () => {
    const expected = expectedBars(run);
    const charts = await page.$$('svg.chart');
    expect(charts).toHaveLength(3);
    for (const chart of charts) {
      const id = (await chart.getAttribute('data-chart')) ?? '';
      const box = await chart.boundingBox();
      expect(box?.width ?? 0, id).toBeGreaterThan(0);
      expect(box?.height ?? 0, id).toBeGreaterThan(0);
      const bars = await chart.$$('rect.bar');
      expect(bars.length, id).toBe(expected[id]);
      expect(bars.length, id).toBeGreaterThan(0);
      for (const bar of bars) expect((await bar.boundingBox())?.width ?? 0, id).toBeGreaterThan(0);
    }
  });

  it('takes a screenshot whose table and chart regions are drawn, distinct, and where they should be', async () => {
    const path = join(directory, 'report.png');
    const png = PNG.sync.read(await page.screenshot({ path, fullPage: true }));
    const height = await page.evaluate<number>('document.documentElement.scrollHeight');
    expect(png.width).toBe(1280);
    expect(png.height).toBe(height);
    const tableBox = await page.locator('#checklist-table').boundingBox();
    const chartBoxes = await Promise.all((await page.$$('svg.chart')).map((chart) => chart.boundingBox()));
    if (tableBox === null || chartBoxes.some((box) => box === null)) throw new Error('an element has no box');
    const table = regionOf(png, tableBox);
    const charts = chartBoxes.map((box) => regionOf(png, box as Box));
    // The table: borders and text, no bar.
    expect(table.inked).toBeGreaterThan(table.area * 0.02);
    expect(table.bars).toBe(0);
    for (const chart of charts) {
      expect(chart.inked).toBeGreaterThan(chart.area * 0.02);
      expect(chart.bars).toBeGreaterThan(100);
    }
    // Distinct regions: no two alike, and the charts lie below the table.
    expect(new Set([table.digest, ...charts.map((chart) => chart.digest)]).size).toBe(1 + charts.length);
    for (const box of chartBoxes) expect(box?.y ?? 0).toBeGreaterThan(tableBox.y + tableBox.height);
    // The page's bottom margin is blank: the measure above tells ink from paper.
    expect(regionOf(png, { x: 0, y: png.height - 4, width: 1280, height: 4 }).inked).toBe(0);
  });
});
