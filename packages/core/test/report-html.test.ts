import {
  createChecklist,
  createEngine,
  defineStep,
  memoryJournal,
  REDACTED,
  REPORT_HTML_CONTENT_SECURITY_POLICY,
  type RunReport,
  renderReportHtml,
  verified,
} from '@decomkit/core';
import { createFakeCloud } from '@decomkit/fake';
import { beforeAll, describe, expect, it } from 'vitest';
import { DEMO_DAYS, type DemoRun, demoGlueException, demoRun } from './support/demo-run.js';
import { paymentsWorkload } from './support/workloads.js';

const SECTIONS = ['checklist', 'open-items', 'evidence', 'retired', 'backups', 'exceptions', 'baseline', 'notes'];

/** The markup of `<section id="…">`. */
function section(html: string, id: string): string {
  const found = new RegExp(`<section id="${id}">([\\s\\S]*?)</section>`).exec(html);
  if (found?.[1] === undefined) throw new Error(`no section ${id}`);
  return found[1];
}

/** The text of each cell of each body row of `<table id="…">`, entities left as they are. */
function rows(html: string, id: string): string[][] {
  const table = new RegExp(`<table id="${id}">([\\s\\S]*?)</table>`).exec(html)?.[1];
  if (table === undefined) return [];
  const body = table.slice(table.indexOf('<tbody>'));
  return [...body.matchAll(/<tr>([\s\S]*?)<\/tr>/g)].map((row) =>
    [...(row[1] ?? '').matchAll(/<td[^>]*>([\s\S]*?)<\/td>/g)].map((cell) => (cell[1] ?? '').replace(/<[^>]+>/g, '')),
  );
}

function barsOf(html: string, chart: string): number {
  const svg = new RegExp(`<svg class="chart" data-chart="${chart}"[\\s\\S]*?</svg>`).exec(html)?.[0] ?? '';
  return (svg.match(/<rect class="bar"/g) ?? []).length;
}

describe('renderReportHtml, on the demo world decommissioned end to end', () => {
  let run: DemoRun;
  let html: string;

  beforeAll(async () => {
    run = await demoRun({ days: DEMO_DAYS, exceptionsAtTheEnd: [demoGlueException] });
    html = renderReportHtml(run.report, { records: run.records, generatedAt: new Date('2026-12-15T11:00:00Z') });
  });

  it('is one self-contained page: a CSP that forbids every load, inline style, no script, nothing external', () => {
    expect(run.report.status).toBe('completed');
    expect(html.startsWith('<!DOCTYPE html>')).toBe(true);
    expect(html).toContain(
      `<meta http-equiv="Content-Security-Policy" content="${REPORT_HTML_CONTENT_SECURITY_POLICY.replace(/'/g, '&#39;')}">`,
    );
    expect(REPORT_HTML_CONTENT_SECURITY_POLICY).toBe("default-src 'none'; style-src 'unsafe-inline'; img-src data:");
    expect(html).not.toMatch(/<script|<link|<img|<iframe|@import|url\(/i);
    expect(html).not.toMatch(/\s(src|href)="(?!#)/);
  });

  it('has every section, and the checklist table has the seed eight items checked', () => {
    for (const id of SECTIONS) expect(section(html, id)).toContain('<h2>');
    const checklist = rows(html, 'checklist-table');
    expect(checklist.map((row) => row[1])).toEqual(run.report.items.map((item) => item.title));
    expect(checklist.map((row) => row[0])).toEqual(Array(8).fill('☑'));
    expect(checklist.map((row) => row[2])).toEqual(Array(8).fill('verified'));
    expect(section(html, 'open-items')).toContain('None: every item is checked.');
  });

  it('lists each retire action with its outcome and the time the journal settled it', () => {
    const retired = rows(html, 'retired-table');
    const actions =
      run.report.items.find((item) => item.item === 'retire')?.steps.flatMap((step) => step.actions) ?? [];
    expect(retired).toHaveLength(actions.length);
    const ledger = retired.filter((row) => row[0] === 'arn:aws:ec2:eu-west-1:111122223333:instance/i-0ledger');
    // The journal's times, to the minute (the engine's gathering takes a few fake-clock milliseconds).
    expect(ledger.map((row) => [row[2], row[3], row[4]?.slice(0, 16)])).toEqual([
      ['lift protection', 'lifted', '2026-12-15T09:00'],
      ['stop (scream test)', 'stopped', '2026-12-01T09:00'],
      ['delete', 'deleted', '2026-12-15T09:00'],
    ]);
    expect(retired.every((row) => /^2026-12-\d\dT/.test(row[4] ?? ''))).toBe(true);
  });

  it('lists each final backup with its recovery point ARN, state and retention', () => {
    const backups = rows(html, 'backups-table');
    expect(backups).toHaveLength(28);
    for (const row of backups) {
      expect(row[1]).toMatch(/^arn:aws:(backup|rds|ec2):/);
      expect(row[2]).toBe('COMPLETED');
      expect(Number(row[3])).toBeGreaterThanOrEqual(365);
    }
  });

  it('lists the exception with its reason and approver', () => {
    expect(rows(html, 'exceptions-table')).toEqual([
      [demoGlueException.arn, 'AWS::Glue::Job', demoGlueException.reason, demoGlueException.approvedBy, '—'],
    ]);
  });

  it('draws the Azure baseline of the stored document as SVG bar charts, one bar per measured figure', () => {
    const baseline = section(html, 'baseline');
    expect(baseline).toContain('Stored and verified: decomkit/payments/azure-baseline.json');
    // The demo measures one web app (p50/p95/p99, requests, CPU, memory); the SQL server has no catalogue entry.
    expect(barsOf(html, 'latency')).toBe(3);
    expect(barsOf(html, 'throughput')).toBe(1);
    expect(barsOf(html, 'utilisation')).toBe(2);
    expect(baseline).toContain('88 ms');
    expect(baseline).toContain('41.5 %');
    expect(rows(html, 'not-measured-table').map((row) => row[0])).toEqual([
      '/subscriptions/6f1c2a0e-3b1d-4c59-9d2e-0b6a8e4f7c11/resourceGroups/rg-payments/providers/Microsoft.Sql/servers/payments-sql',
    ]);
  });

  it('puts the AWS week beside Azure when it was measured, and says when the document is not the stored one', () => {
    const withAws: RunReport = {
      ...run.report,
      items: run.report.items.map((item) => ({
        ...item,
        steps: item.steps.map((step) => ({
          ...step,
          actions: step.actions.map((record) => {
            if (step.id !== 'establish-baseline') return record;
            const document = JSON.parse(String(record.action.params.body));
            document.aws = { figures: { latencyMilliseconds: { average: 70, p50: 60, p95: 90, p99: null } } };
            const body = JSON.stringify(document);
            return { ...record, action: { ...record.action, params: { ...record.action.params, body } } };
          }),
        })),
      })),
    };
    const page = renderReportHtml(withAws);
    expect(barsOf(page, 'latency')).toBe(5);
    const latency = /<svg class="chart" data-chart="latency"[\s\S]*?<\/svg>/.exec(page)?.[0] ?? '';
    expect([...latency.matchAll(/<title>([^<]*)<\/title>/g)].map((title) => title[1])).toEqual([
      'Azure p50: 88 ms',
      'AWS p50: 60 ms',
      'Azure p95: 106 ms',
      'AWS p95: 90 ms',
      'Azure p99: 106 ms',
    ]);
    // The document no longer hashes to what the evidence names: the page does not call it the stored one.
    expect(section(page, 'baseline')).toContain('Not verified: the stored document (SHA-256 ');
    expect(section(page, 'baseline')).not.toContain('Stored and verified');
  });

  it('renders the same run to the same bytes, and shows no time when no journal records are given', () => {
    expect(renderReportHtml(run.report, { records: run.records })).toBe(
      renderReportHtml(run.report, { records: run.records }),
    );
    const withoutRecords = renderReportHtml(run.report);
    expect(rows(withoutRecords, 'retired-table').every((row) => row[4] === '—')).toBe(true);
    expect(withoutRecords).not.toContain('Report made');
  });
});

describe('renderReportHtml, on a run with open items and exceptions', () => {
  let html: string;
  let report: RunReport;

  beforeAll(async () => {
    // Applied on the first day only: the stop and delete dates have not come, the Glue job is excepted up front.
    ({ report } = await demoRun({ workloadExceptions: [demoGlueException] }));
    html = renderReportHtml(report);
  });

  it('marks the open items ☐ with their status, and lists them with their reasons', () => {
    expect(report.status).toBe('waiting');
    const checklist = rows(html, 'checklist-table');
    const open = report.items.filter((item) => !item.checked);
    expect(open.map((item) => item.item)).toContain('retire');
    for (const [index, item] of report.items.entries()) {
      expect(checklist[index]?.[0]).toBe(item.checked ? '☑' : '☐');
      expect(checklist[index]?.[2]).toBe(
        item.checked ? 'verified' : item.steps.some((step) => step.status === 'open') ? 'open' : 'pending',
      );
    }
    const listed = section(html, 'open-items');
    for (const item of open) {
      expect(listed).toContain(`<li data-item="${item.item}">`);
      for (const reason of item.reasons)
        expect(listed).toContain(
          reason
            .replace(/&/g, '&amp;')
            .replace(/"/g, '&quot;')
            .replace(/'/g, '&#39;')
            .replace(/</g, '&lt;')
            .replace(/>/g, '&gt;'),
        );
    }
    expect(listed).toMatch(/waits until 2026-12-(01|15)/);
  });

  it('lists the exception recorded in the workload', () => {
    expect(rows(html, 'exceptions-table').map((row) => [row[0], row[2], row[3]])).toEqual([
      [demoGlueException.arn, demoGlueException.reason, demoGlueException.approvedBy],
    ]);
  });
});

describe('renderReportHtml, on hostile names and secrets', () => {
  const hostile = '<script>alert("x")</script><img src=x onerror=alert(1)>';

  /** A custom step whose evidence carries hostile text and secrets. */
  const hostileStep = defineStep({
    id: 'reset-ttl-by-hand',
    item: 'ttl',
    title: `Reset TTL ${hostile}`,
    needs: [],
    plan: () => ({
      actions: [],
      findings: [{ severity: 'warning', code: 'odd-name', message: `tag Name=${hostile}` }],
    }),
    verify: () =>
      verified(`TTL read back for ${hostile}`, {
        record: hostile,
        apiKey: 'dns-api-key-value',
        password: 'hunter2-value',
      }),
  });

  let html: string;

  beforeAll(async () => {
    const cloud = createFakeCloud({ source: { instances: [] } });
    const engine = createEngine({
      checklist: createChecklist(paymentsWorkload(), [hostileStep]),
      providers: cloud.providers,
      journal: memoryJournal(),
    })._unsafeUnwrap();
    const plan = (await engine.plan())._unsafeUnwrap();
    const report = (await engine.apply(plan, { runId: 'hostile-run' }))._unsafeUnwrap();
    // Names the cloud reports, as an attacker who controls a resource's name or tags could shape them.
    const doctored: RunReport = {
      ...report,
      workloadId: `payments${hostile}`,
      excepted: [
        {
          arn: `arn:aws:glue:eu-west-1:111122223333:job/${hostile}`,
          type: hostile,
          reason: hostile,
          approvedBy: `"${hostile}'`,
          dependsOn: [hostile],
        },
      ],
      drift: [`arn:aws:ec2:eu-west-1:111122223333:instance/i-${hostile}`],
      approvals: [{ name: hostile, status: 'pending', at: null }],
      // A report made elsewhere, whose evidence was never redacted where it entered.
      items: report.items.map((item) => ({
        ...item,
        steps: item.steps.map((step) =>
          step.evidence === null
            ? step
            : {
                ...step,
                evidence: { ...step.evidence, details: { ...step.evidence.details, token: 'doctored-token-value' } },
              },
        ),
      })),
    };
    html = renderReportHtml(doctored);
  });

  it('escapes every value: no tag, attribute or script from the data reaches the page', () => {
    expect(html).not.toMatch(/<script|<img|onerror=alert\(1\)>/i);
    expect(html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt;');
    // Every tag in the page is one the report writes.
    const tags = new Set([...html.matchAll(/<([a-zA-Z][a-zA-Z0-9]*)/g)].map((match) => match[1]?.toLowerCase()));
    const allowed = [
      'html',
      'head',
      'meta',
      'title',
      'style',
      'body',
      'header',
      'h1',
      'h2',
      'h3',
      'h4',
      'dl',
      'dt',
      'dd',
      'main',
      'section',
      'table',
      'thead',
      'tbody',
      'tr',
      'th',
      'td',
      'span',
      'a',
      'p',
      'ul',
      'li',
      'strong',
      'article',
      'div',
      'code',
      'details',
      'summary',
      'pre',
      'svg',
      'text',
      'line',
      'g',
      'rect',
      'footer',
    ];
    expect([...tags].filter((tag) => tag !== undefined && !allowed.includes(tag))).toEqual([]);
    expect(rows(html, 'exceptions-table')[0]?.[3]).toBe(
      `&quot;${'&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt;'}&#39;`,
    );
  });

  it('redacts secrets by name and by value', () => {
    expect(html).not.toContain('dns-api-key-value');
    expect(html).not.toContain('hunter2-value');
    expect(html).not.toContain('doctored-token-value');
    expect(html).toContain(REDACTED);
  });
});
