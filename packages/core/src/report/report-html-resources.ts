import type { ActionRecord } from '../model/step.js';
import type { JsonObject, JsonValue } from '../util/json.js';
import { escapeHtml, formatNumber, htmlSection, htmlTable } from './html-text.js';
import type { RunReport } from './run-report.js';

/** @internal When each action was settled, by action key (from the journal); unknown keys show a dash. */
export type SettledTimes = ReadonlyMap<string, string>;

const NONE = '—';

/** Retire actions in the order they happen to one resource. */
const RETIRE_ORDER: Readonly<Record<string, number>> = {
  'protection.lift': 0,
  'resource.stop': 1,
  'resource.delete': 2,
};
const RETIRE_VERB: Readonly<Record<string, { readonly action: string; readonly done: string }>> = {
  'protection.lift': { action: 'lift protection', done: 'lifted' },
  'resource.stop': { action: 'stop (scream test)', done: 'stopped' },
  'resource.delete': { action: 'delete', done: 'deleted' },
};

function actionsOf(run: RunReport, item: string, kinds: readonly string[]): ActionRecord[] {
  return run.items
    .filter((report) => report.item === item)
    .flatMap((report) => report.steps.flatMap((step) => step.actions))
    .filter((record) => kinds.includes(record.action.kind));
}

/**
 * @internal The resources of "Retire AWS resources": per resource each action
 * (protection lifted, stopped, deleted), its outcome, when it was journaled and
 * what the provider answered (a resource gone with another's deletion is skipped).
 */
export function retiredSection(run: RunReport, settledAt: SettledTimes): string {
  const records = actionsOf(run, 'retire', Object.keys(RETIRE_ORDER)).sort(
    (left, right) =>
      left.action.target.ref.localeCompare(right.action.target.ref) ||
      (RETIRE_ORDER[left.action.kind] ?? 0) - (RETIRE_ORDER[right.action.kind] ?? 0),
  );
  const rows = records.map((record) => {
    const verb = RETIRE_VERB[record.action.kind];
    const outcome =
      record.status === 'done'
        ? (verb?.done ?? 'done')
        : `${record.status}${record.reason === null ? '' : `: ${record.reason}`}`;
    return [
      record.action.target.ref,
      record.action.target.resourceType ?? NONE,
      verb?.action ?? record.action.kind,
      outcome,
      settledAt.get(record.action.key) ?? NONE,
      record.result === null ? NONE : compact(record.result),
    ];
  });
  return htmlSection('retired', 'Resources retired', [
    htmlTable(['Resource', 'Type', 'Action', 'Outcome', 'At', 'Provider answer'], rows, {
      id: 'retired-table',
      nowrap: [2, 4],
    }),
  ]);
}

/** @internal The final backups: per resource its recovery point (or snapshot) ARN, state, retention and time. */
export function backupsSection(run: RunReport, settledAt: SettledTimes): string {
  const rows = actionsOf(run, 'backups', ['backup.create']).map((record) => [
    record.action.target.ref,
    text(record.result?.recoveryPointArn ?? record.result?.snapshotArn),
    text(record.result?.status ?? (record.status === 'done' ? 'COMPLETED' : record.status)),
    text(record.result?.retainDays ?? record.action.params.retainDays),
    settledAt.get(record.action.key) ?? NONE,
  ]);
  return htmlSection('backups', 'Final backups', [
    htmlTable(['Resource', 'Recovery point ARN', 'State', 'Retention (days)', 'Completed at'], rows, {
      id: 'backups-table',
      nowrap: [2, 3, 4],
    }),
  ]);
}

/** @internal Resources kept on purpose, each with its reason and who approved it. */
export function exceptionsSection(run: RunReport): string {
  const rows = run.excepted.map((excepted) => [
    excepted.arn,
    excepted.type,
    excepted.reason,
    excepted.approvedBy,
    excepted.dependsOn.length === 0 ? NONE : excepted.dependsOn.join(', '),
  ]);
  return htmlSection('exceptions', 'Exceptions', [
    htmlTable(['Resource', 'Type', 'Reason', 'Approved by', 'Must outlive'], rows, { id: 'exceptions-table' }),
  ]);
}

/**
 * @internal What else the run says: approvals and their answers, a refusal,
 * resources new in scope since the plan, and the steps' findings.
 */
export function runNotesSection(run: RunReport): string {
  const approvals = run.approvals.map((approval) => [
    approval.name,
    approval.status,
    approval.at ?? 'not answered yet',
  ]);
  const findings = run.items.flatMap((item) =>
    item.steps.flatMap((step) =>
      step.findings.map((finding) => [
        finding.severity,
        step.id,
        finding.code,
        finding.resource ?? NONE,
        finding.message,
      ]),
    ),
  );
  return htmlSection('notes', 'Approvals, drift and findings', [
    ...(run.refusal === null ? [] : [`<p class="refusal">Refused: ${escapeHtml(run.refusal)}</p>`]),
    '<h3>Approvals</h3>',
    htmlTable(['Approval', 'Answer', 'At'], approvals, { id: 'approvals-table', nowrap: [1, 2] }),
    '<h3>New in scope since the plan (reported, never touched)</h3>',
    htmlTable(
      ['Resource'],
      run.drift.map((arn) => [arn]),
      { id: 'drift-table' },
    ),
    '<h3>Findings</h3>',
    htmlTable(['Severity', 'Step', 'Code', 'Resource', 'Message'], findings, { id: 'findings-table' }),
  ]);
}

function text(value: JsonValue | undefined): string {
  if (value === null || value === undefined || value === '') return NONE;
  if (typeof value === 'number') return formatNumber(value);
  return typeof value === 'string' ? value : JSON.stringify(value);
}

function compact(result: JsonObject): string {
  const entries = Object.entries(result);
  return entries.length === 0 ? NONE : entries.map(([name, value]) => `${name}: ${text(value)}`).join('; ');
}
