import { type Action, type CmdbPort, gate } from '@decomkit/core';
import { idempotencyToken, systemClock } from '@decomkit/provider-kit';

/** A `cmdb.retire` action as the clean-up step plans it. */
export function retireAction(ciId = 'CI-AWS', azureCiIds: string[] = ['CI-AZURE']): Action<'cmdb.retire'> {
  return {
    key: `clean-up-artifacts:cmdb.retire:${ciId}`,
    step: 'clean-up-artifacts',
    item: 'artifacts',
    kind: 'cmdb.retire',
    target: { ref: ciId },
    params: { ciId, azureCiIds },
    gates: [gate.itemVerified('deletion-check')],
    dependsOn: [],
  };
}

/** A `review.schedule` action. */
export function reviewAction(ciId: string | null = 'CI-AZURE'): Action<'review.schedule'> {
  return {
    key: 'schedule-waf-review:review.schedule:payments',
    step: 'schedule-waf-review',
    item: 'waf-assessment',
    kind: 'review.schedule',
    target: { ref: 'payments' },
    params: { workloadId: 'payments', ciId, cadenceMonths: 6, firstReviewAt: '2027-06-01T00:00:00Z' },
    gates: [],
    dependsOn: [],
  };
}

/** The handler context the engine builds for `action` (first attempt). */
export function contextFor(action: Action) {
  return {
    signal: new AbortController().signal,
    clock: systemClock,
    idempotencyToken: idempotencyToken(action.key),
    ports: {},
  };
}

/** Executes the handler of `action` on `cmdb`. */
export function execute(cmdb: CmdbPort, action: Action<'cmdb.retire'> | Action<'review.schedule'>) {
  const handler = cmdb.handlers[action.kind as 'cmdb.retire'];
  return handler.execute(action as Action<'cmdb.retire'>, contextFor(action));
}

/** Reconciles `action` on `cmdb`. */
export function reconcile(cmdb: CmdbPort, action: Action<'cmdb.retire'> | Action<'review.schedule'>) {
  const handler = cmdb.handlers[action.kind as 'cmdb.retire'];
  return handler.reconcile(action as Action<'cmdb.retire'>, contextFor(action));
}
