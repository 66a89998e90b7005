import type { JournalRecord } from '../journal/journal-entry.js';
import { redactSecrets } from '../util/redact.js';
import { baselineSection } from './baseline-charts.js';
import { escapeHtml } from './html-text.js';
import { checklistSection, evidenceSection, openItemsSection } from './report-html-checklist.js';
import {
  backupsSection,
  exceptionsSection,
  retiredSection,
  runNotesSection,
  type SettledTimes,
} from './report-html-resources.js';
import { REPORT_HTML_STYLE } from './report-html-style.js';
import type { RunReport } from './run-report.js';

/** Options of {@link renderReportHtml}. */
export interface ReportHtmlOptions {
  /**
   * The run's journal records (`journal.read(runId)`): they give the time each
   * action was settled. Without them the report shows no action times.
   */
  readonly records?: readonly JournalRecord[];
  /** When the report is made, written in its header; left out when not given (the same run renders to the same bytes). */
  readonly generatedAt?: Date;
}

/**
 * The policy the page carries: it may load nothing from anywhere (no script,
 * font, frame or connection), only use its own inline style and `data:` images.
 */
export const REPORT_HTML_CONTENT_SECURITY_POLICY = "default-src 'none'; style-src 'unsafe-inline'; img-src data:";

/** The journal entries that settle an action: their time is the action's. */
const SETTLING: ReadonlySet<string> = new Set(['action.done', 'action.skipped', 'action.refused', 'action.failed']);

/**
 * The report of a run as one self-contained HTML page, to archive or to hand
 * to an auditor: the seed's checklist table (☑/☐ and status per item), the
 * evidence of each item, the resources retired (action, outcome and time), the
 * final backups (recovery point ARN, state, retention), the exceptions with
 * their reasons and approvers, the items still open with their reasons,
 * approvals, drift and findings, and the Azure baseline (latency percentiles,
 * throughput, CPU and memory) as inline SVG charts.
 *
 * The page needs no script and loads nothing: its style is inline, the charts
 * are drawn here, and a Content-Security-Policy forbids every other load
 * ({@link REPORT_HTML_CONTENT_SECURITY_POLICY}). Every value is HTML-escaped,
 * and secrets are redacted (by name and by value) before anything is written.
 *
 * @example
 * ```ts
 * const run = await engine.status(runId);
 * const records = await journal.read(runId);
 * if (run.isOk() && records.isOk())
 *   await writeFile('report.html', renderReportHtml(run.value, { records: records.value, generatedAt: new Date() }));
 * ```
 */
export function renderReportHtml(report: RunReport, options: ReportHtmlOptions = {}): string {
  const run = redactSecrets(report);
  const settledAt = settledTimes(options.records ?? []);
  const checked = run.items.filter((item) => item.checked).length;
  const title = `Decommission report: ${run.workloadId}`;
  const facts: [string, string][] = [
    ['Workload', run.workloadId],
    ['Run', run.runId],
    ['Status', run.status],
    ['Checklist', `${checked} of ${run.items.length} items checked`],
    ['Plan hash (SHA-256)', run.planHash],
    ['Started', run.startedAt],
    ['Last journaled', run.updatedAt],
    [
      'Actions',
      Object.entries(run.counts)
        .filter(([, count]) => count > 0)
        .map(([status, count]) => `${count} ${status}`)
        .join(', ') || 'none',
    ],
    ...(options.generatedAt === undefined
      ? []
      : [['Report made', options.generatedAt.toISOString()] as [string, string]]),
  ];
  return [
    '<!DOCTYPE html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="${escapeHtml(REPORT_HTML_CONTENT_SECURITY_POLICY)}">`,
    '<meta name="referrer" content="no-referrer">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${escapeHtml(title)}</title>`,
    `<style>${REPORT_HTML_STYLE}</style>`,
    '</head>',
    '<body>',
    '<header>',
    `<h1>${escapeHtml(title)}</h1>`,
    '<dl class="summary-list" id="summary">',
    ...facts.map(([name, value]) => `<dt>${escapeHtml(name)}</dt><dd>${escapeHtml(value)}</dd>`),
    '</dl>',
    '</header>',
    '<main>',
    checklistSection(run),
    openItemsSection(run),
    evidenceSection(run),
    retiredSection(run, settledAt),
    backupsSection(run, settledAt),
    exceptionsSection(run),
    baselineSection(run),
    runNotesSection(run),
    '</main>',
    "<footer>Made by decomkit from the run's journal. Secrets are redacted.</footer>",
    '</body>',
    '</html>',
    '',
  ].join('\n');
}

function settledTimes(records: readonly JournalRecord[]): SettledTimes {
  const settledAt = new Map<string, string>();
  for (const { entry, at } of records)
    if (SETTLING.has(entry.type) && 'key' in entry && typeof entry.key === 'string') settledAt.set(entry.key, at);
  return settledAt;
}
