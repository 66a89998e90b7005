import type { JournalRecord } from '../journal/journal-entry.js';
import type { ActionRecord } from '../model/step.js';
import type { JsonObject, JsonValue } from '../util/json.js';
import { redactSecrets } from '../util/redact.js';
import { cell } from './render-checklist.js';
import type { RunReport, StepReport } from './run-report.js';

/** What {@link renderDecommissionRecord} reads: the run and its journal (for when each action was done). */
export interface DecommissionRecordInput {
  readonly run: RunReport;
  /** The run's journal records (`journal.read(runId)`): when each action's outcome was journaled. */
  readonly records: readonly JournalRecord[];
}

const NONE = '—';

/** The journal entries that settle an action: their time is the action's. */
const SETTLING: ReadonlySet<string> = new Set(['action.done', 'action.skipped', 'action.refused', 'action.failed']);

/**
 * The decommission record as a readable Markdown document: the resources
 * retired (outcome, when it was journaled, and the provider's evidence; a
 * resource taken along by another's deletion is `skipped`, gone), the final backups
 * (recovery point ids, state, retention), the CMDB changes (status, relations,
 * CIs found by cloud id), the AWS cost since deletion, and the JSON record's
 * hash. Built only from what the journal holds (redacted again), and only from
 * steps settled before "Clean up artifacts" is verified, so rendering the same
 * run again gives the same bytes.
 *
 * @example
 * ```ts
 * const records = await journal.read(run.runId);
 * if (records.isOk()) console.log(renderDecommissionRecord({ run, records: records.value }));
 * ```
 */
export function renderDecommissionRecord(input: DecommissionRecordInput): string {
  const run = redactSecrets(input.run);
  const settledAt = new Map<string, string>();
  for (const { entry, at } of input.records)
    if (SETTLING.has(entry.type) && 'key' in entry) settledAt.set(entry.key, at);
  const steps = new Map(run.items.flatMap((item) => item.steps).map((step) => [step.id, step] as const));
  const actionsOf = (stepId: string, kind: string) =>
    (steps.get(stepId)?.actions ?? []).filter((record) => record.action.kind === kind);
  const at = (record: ActionRecord) => settledAt.get(record.action.key) ?? NONE;
  const cleanUp = steps.get('clean-up-artifacts');
  return [
    `# Decommission record: ${cell(run.workloadId)}`,
    '',
    '| | |',
    '| --- | --- |',
    `| Workload | ${cell(run.workloadId)} |`,
    `| Run | ${cell(run.runId)} |`,
    `| Plan hash (SHA-256) | ${cell(run.planHash)} |`,
    `| Run started | ${cell(run.startedAt)} |`,
    `| Deletion confirmed | ${cell(summaryOf(steps.get('confirm-deletion')))} |`,
    `| Clean-up verified | ${cell(summaryOf(cleanUp))} |`,
    '',
    '## Resources retired',
    '',
    ...table(
      ['Resource', 'Type', 'Outcome', 'At', 'Evidence'],
      actionsOf('retire-resources', 'resource.delete').map((record) => [
        record.action.target.ref,
        record.action.target.resourceType ?? NONE,
        record.status === 'done' ? 'deleted' : record.status,
        at(record),
        record.result === null ? (record.reason ?? NONE) : compact(record.result),
      ]),
    ),
    '',
    '## Final backups',
    '',
    ...table(
      ['Resource', 'Recovery point', 'State', 'Retention (days)', 'Completed at'],
      actionsOf('final-backups', 'backup.create').map((record) => [
        record.action.target.ref,
        text(record.result?.recoveryPointArn ?? record.result?.snapshotArn),
        text(record.result?.status ?? (record.status === 'done' ? 'COMPLETED' : record.status)),
        text(record.result?.retainDays ?? record.action.params.retainDays),
        at(record),
      ]),
    ),
    '',
    '## CMDB changes',
    '',
    ...table(
      ['CI', 'Status', 'Related to', 'Outcome', 'At'],
      actionsOf('clean-up-artifacts', 'cmdb.retire').map((record) => [
        record.action.target.ref,
        text(record.result?.status),
        list(record.result?.links ?? record.action.params.azureCiIds),
        record.status === 'done' ? 'retired' : record.status,
        at(record),
      ]),
    ),
    ...foundByCloudId(cleanUp),
    '',
    '## Cost',
    '',
    costLine(cleanUp?.evidence?.details.cost),
    '',
    '## Decommission record (JSON)',
    '',
    ...actionsOf('clean-up-artifacts', 'artifact.put').map(
      (record) =>
        `${cell(record.action.target.ref)}: SHA-256 ${cell(text(record.result?.sha256))}, stored ${cell(at(record))}`,
    ),
    '',
  ].join('\n');
}

function summaryOf(step: StepReport | undefined): string {
  if (step === undefined) return 'not in the checklist';
  return step.evidence?.summary ?? `not yet (${step.reason ?? step.status})`;
}

function table(headers: readonly string[], rows: readonly (readonly string[])[]): string[] {
  if (rows.length === 0) return ['None.'];
  return [
    `| ${headers.join(' | ')} |`,
    `| ${headers.map(() => '---').join(' | ')} |`,
    ...rows.map((row) => `| ${row.map(cell).join(' | ')} |`),
  ];
}

function foundByCloudId(step: StepReport | undefined): string[] {
  const found = (step?.findings ?? []).filter((finding) => finding.code === 'cmdb-ci-found-by-cloud-id');
  return found.length === 0
    ? []
    : ['', 'Found by cloud id:', '', ...found.map((finding) => `- ${cell(finding.message)}`)];
}

function costLine(cost: JsonValue | undefined): string {
  if (cost === null || cost === undefined || typeof cost !== 'object' || Array.isArray(cost))
    return 'No cost figure (the workload selects by no tag).';
  const window = (cost.window ?? {}) as JsonObject;
  return `AWS cost for the workload tag from ${text(window.start)} to ${text(window.end)}: ${text(cost.amount)} ${text(cost.currency)}.`;
}

function text(value: JsonValue | undefined): string {
  if (value === null || value === undefined || value === '') return NONE;
  return typeof value === 'string' ? value : JSON.stringify(value);
}

function list(value: JsonValue | undefined): string {
  return Array.isArray(value) && value.length > 0 ? value.map((item) => text(item)).join(', ') : NONE;
}

function compact(result: JsonObject): string {
  const entries = Object.entries(result);
  return entries.length === 0 ? NONE : entries.map(([name, value]) => `${name}: ${text(value)}`).join('; ');
}
