import { sha256 } from '../util/hash.js';
import type { JsonObject, JsonValue } from '../util/json.js';
import { escapeHtml, formatNumber, htmlSection, htmlTable } from './html-text.js';
import type { RunReport, StepReport } from './run-report.js';
import { type ChartBar, svgBarChart } from './svg-bar-chart.js';

const BASELINE_KIND = 'decomkit.azure-baseline';
const PERCENTILES = ['p50', 'p95', 'p99'] as const;

/** The baseline document a run planned to store, and whether the stored one is that very document. */
interface FoundBaseline {
  readonly step: StepReport;
  readonly document: JsonObject;
  /** True when the step is verified and the evidence's hash is this document's. */
  readonly stored: boolean;
}

/**
 * @internal The "Azure baseline" section: the figures of the baseline document
 * the `establish-baseline` evidence names (the `artifact.put` of the
 * "Establish new baseline" item, matched to the evidence by its SHA-256) as
 * inline SVG bar charts — latency percentiles (with the AWS week before the
 * cutover beside them when it was measured), requests per second and CPU and
 * memory per Azure resource — and the figures not measured, with why.
 */
export function baselineSection(run: RunReport): string {
  const found = findBaseline(run);
  if (found === null)
    return htmlSection('baseline', 'Azure baseline', [
      '<p class="none">No baseline document in this run (no step of "Establish new baseline" stores one).</p>',
    ]);
  const { document, stored, step } = found;
  const window = objectOf(document.window);
  const azure = objectOf(document.figures);
  const aws = objectOf(document.aws);
  const awsFigures = objectOf(aws.figures);
  const resources = arrayOf(document.resources).map(objectOf);
  const latency: ChartBar[] = PERCENTILES.flatMap((percentile) => [
    ...bar(`Azure ${percentile}`, objectOf(azure.latencyMilliseconds)[percentile]),
    ...bar(`AWS ${percentile}`, objectOf(awsFigures.latencyMilliseconds)[percentile]),
  ]);
  const throughput = resources.flatMap((resource) => bar(nameOf(resource.id), resource.requestsPerSecond));
  const utilisation = resources.flatMap((resource) => [
    ...bar(`${nameOf(resource.id)} CPU`, resource.cpuPercent),
    ...bar(`${nameOf(resource.id)} memory`, resource.memoryPercent),
  ]);
  const evidence = objectOf(step.evidence?.details);
  const status = stored
    ? `Stored and verified: ${textOf(evidence.name)} (SHA-256 ${textOf(evidence.sha256)}).`
    : step.status === 'verified'
      ? `Not verified: the stored document (SHA-256 ${textOf(evidence.sha256)}) is not the one planned; these are the planned figures.`
      : `Not verified yet: these are the figures planned for the document (${step.reason ?? step.status}).`;
  return htmlSection('baseline', 'Azure baseline', [
    `<p>${escapeHtml(status)} Window: ${escapeHtml(textOf(window.start))} to ${escapeHtml(textOf(window.end))}.</p>`,
    ...('notMeasured' in aws ? [`<p class="note">${escapeHtml(textOf(aws.notMeasured))}</p>`] : []),
    '<div class="charts">',
    svgBarChart({ id: 'latency', title: 'Latency percentiles', unit: 'ms', bars: latency }),
    svgBarChart({ id: 'throughput', title: 'Throughput per resource', unit: 'req/s', bars: throughput }),
    svgBarChart({
      id: 'utilisation',
      title: 'CPU and memory per resource',
      unit: '%',
      bars: utilisation,
      scaleMaximum: 100,
    }),
    '</div>',
    '<h3>Figures not measured</h3>',
    htmlTable(
      ['Resource', 'Figures', 'Why'],
      resources.flatMap((resource) => {
        const notMeasured = Object.entries(objectOf(resource.notMeasured));
        if (notMeasured.length === 0) return [];
        const reasons = [...new Set(notMeasured.map(([, why]) => textOf(why)))];
        return [[textOf(resource.id), notMeasured.map(([figure]) => figure).join(', '), reasons.join('; ')]];
      }),
      { id: 'not-measured-table' },
    ),
  ]);
}

function findBaseline(run: RunReport): FoundBaseline | null {
  const steps = run.items.filter((item) => item.item === 'baseline').flatMap((item) => item.steps);
  for (const step of steps) {
    for (const record of step.actions) {
      const body = record.action.params.body;
      if (record.action.kind !== 'artifact.put' || typeof body !== 'string') continue;
      const document = parse(body);
      if (document?.kind !== BASELINE_KIND) continue;
      const stored = step.status === 'verified' && objectOf(step.evidence?.details).sha256 === sha256(body);
      return { step, document, stored };
    }
  }
  return null;
}

function parse(body: string): JsonObject | null {
  try {
    const value: JsonValue = JSON.parse(body);
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? value : null;
  } catch {
    return null;
  }
}

function bar(label: string, value: JsonValue | undefined): ChartBar[] {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0 ? [{ label, value }] : [];
}

function objectOf(value: JsonValue | undefined): JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? value : {};
}

function arrayOf(value: JsonValue | undefined): readonly JsonValue[] {
  return Array.isArray(value) ? value : [];
}

/** An Azure resource id's last segment (its name), or the text as it is. */
function nameOf(id: JsonValue | undefined): string {
  const text = textOf(id);
  return text.split('/').filter(Boolean).at(-1) ?? text;
}

function textOf(value: JsonValue | undefined): string {
  if (value === null || value === undefined || value === '') return '—';
  if (typeof value === 'number') return formatNumber(value);
  return typeof value === 'string' ? value : JSON.stringify(value);
}
