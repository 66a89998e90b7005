import { describeGate, type Gate } from '../model/gate.js';
import type { Plan } from '../model/plan.js';
import { redactSecrets } from '../util/redact.js';

/** How much of a plan {@link renderPlan} prints. */
export interface RenderPlanOptions {
  /**
   * At most this many actions of each kind per step (the rest are counted);
   * default: all of them.
   */
  readonly actionsPerKind?: number;
}

/**
 * A human-readable plan for review: per step, each action with its target
 * and gates, and the findings.
 *
 * @example
 * ```ts
 * const plan = await engine.plan();
 * if (plan.isOk()) console.log(renderPlan(plan.value, { actionsPerKind: 5 }));
 * ```
 */
export function renderPlan(plan: Plan, options: RenderPlanOptions = {}): string {
  const safe = redactSecrets(plan);
  const limit = options.actionsPerKind ?? Number.POSITIVE_INFINITY;
  const total = safe.steps.reduce((sum, step) => sum + step.actions.length, 0);
  const lines = [
    `Plan for workload ${safe.workload.id} (${total} actions, ${safe.inventory.length} resources in scope, hash ${safe.hash.slice(0, 12)})`,
  ];
  if (safe.caller !== null) lines.push(`Planned as ${safe.caller.arn}`);
  for (const step of safe.steps) {
    lines.push('', `${step.id} — ${step.title} [${step.item}]`);
    if (step.actions.length === 0 && step.findings.length === 0) lines.push('  (nothing to do)');
    const shown = new Map<string, number>();
    for (const action of step.actions) {
      const count = (shown.get(action.kind) ?? 0) + 1;
      shown.set(action.kind, count);
      if (count > limit) continue;
      const gates = action.gates.length > 0 ? ` — gates: ${describeGates(action.gates)}` : '';
      lines.push(`  + ${action.kind} ${action.target.ref}${gates}`);
    }
    for (const [kind, count] of shown) {
      if (count > limit) lines.push(`  + … and ${count - limit} more ${kind}`);
    }
    for (const finding of step.findings) {
      lines.push(`  ! ${finding.severity}: ${finding.message}`);
    }
  }
  return lines.join('\n');
}

/** Gates in words; many backup gates (an Auto Scaling group's instances) are counted rather than listed. */
function describeGates(gates: readonly Gate[]): string {
  const backups = gates.filter((gate) => gate.kind === 'backupCompleted');
  if (backups.length <= 2) return gates.map(describeGate).join(', ');
  const others = gates.filter((gate) => gate.kind !== 'backupCompleted').map(describeGate);
  return [...others.slice(0, 1), `completed backups of ${backups.length} resources`, ...others.slice(1)].join(', ');
}
