import { describeGate } from '../model/gate.js';
import type { Plan } from '../model/plan.js';
import { redactSecrets } from '../util/redact.js';

/**
 * A human-readable plan for review: per step, each action with its target
 * and gates, and the findings.
 *
 * @example
 * ```ts
 * const plan = await engine.plan();
 * if (plan.isOk()) console.log(renderPlan(plan.value));
 * ```
 */
export function renderPlan(plan: Plan): string {
  const safe = redactSecrets(plan);
  const total = safe.steps.reduce((sum, step) => sum + step.actions.length, 0);
  const lines = [
    `Plan for workload ${safe.workload.id} (${total} actions, ${safe.inventory.length} resources in scope, hash ${safe.hash.slice(0, 12)})`,
  ];
  if (safe.caller !== null) lines.push(`Planned as ${safe.caller.arn}`);
  for (const step of safe.steps) {
    lines.push('', `${step.id} — ${step.title} [${step.item}]`);
    if (step.actions.length === 0 && step.findings.length === 0) lines.push('  (nothing to do)');
    for (const action of step.actions) {
      const gates = action.gates.length > 0 ? ` — gates: ${action.gates.map(describeGate).join(', ')}` : '';
      lines.push(`  + ${action.kind} ${action.target.ref}${gates}`);
    }
    for (const finding of step.findings) {
      lines.push(`  ! ${finding.severity}: ${finding.message}`);
    }
  }
  return lines.join('\n');
}
