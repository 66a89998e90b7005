import { redactSecrets } from '../util/redact.js';
import type { ApprovalReport, ItemReport, RunReport } from './run-report.js';

const CHECKED = '☑';
const OPEN = '☐';

/**
 * Prints the seed's checklist table for a run: ☑ or ☐ per item, with the
 * evidence that proves it or the reason it is open; then each approval with
 * its answer and when it was given (or that nobody has answered yet).
 *
 * @example
 * ```ts
 * const run = await engine.apply(plan);
 * if (run.isOk()) console.log(renderChecklist(run.value));
 * ```
 */
export function renderChecklist(run: RunReport): string {
  const safe = redactSecrets(run);
  const lines = [
    `Decommission checklist — workload ${safe.workloadId}, run ${safe.runId} (${safe.status})`,
    '',
    '| &nbsp; | Deliverable tasks | Evidence or reason |',
    '| ------ | ----------------- | ------------------ |',
    ...safe.items.map((item) => `| ${item.checked ? CHECKED : OPEN} | ${item.title} | ${cell(describe(item))} |`),
  ];
  if (safe.approvals.length > 0) lines.push('', ...safe.approvals.map(describeApproval));
  if (safe.refusal !== null) lines.push('', `Refused: ${safe.refusal}`);
  if (safe.drift.length > 0) {
    lines.push('', `New in scope since the plan (reported, not touched): ${safe.drift.join(', ')}`);
  }
  return lines.join('\n');
}

function describe(item: ItemReport): string {
  if (item.checked)
    return item.steps
      .map((step) => step.evidence?.summary ?? '')
      .filter(Boolean)
      .join('; ');
  return item.reasons.join('; ');
}

function describeApproval(approval: ApprovalReport): string {
  const answer = approval.at === null ? 'not answered yet' : `${approval.status} at ${approval.at}`;
  return `Approval "${approval.name}": ${answer}`;
}

/** @internal Text fit for one Markdown table cell: pipes escaped, whitespace folded. */
export function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\s+/g, ' ').trim();
}
