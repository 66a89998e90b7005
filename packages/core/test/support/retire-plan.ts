import { defineStep, type Plan, verified } from '@decomkit/core';

/** A cutover confirmed by the migration team: a checklist's cutover item without metrics, for retirement tests. */
export const cutoverConfirmedByHand = defineStep({
  id: 'cutover-confirmed-by-hand',
  item: 'cutover',
  title: 'Cutover confirmed by the migration team',
  needs: [],
  plan: () => ({ actions: [], findings: [] }),
  verify: () => verified('confirmed by the migration team', { confirmedBy: 'test' }),
});

/** The plan's `retire-resources` step and its blocking findings by resource. */
export function retireStepOf(plan: Plan) {
  const retire = plan.steps.find((step) => step.id === 'retire-resources');
  const blocking = new Map(
    (retire?.findings ?? [])
      .filter((finding) => finding.severity === 'blocking')
      .map((finding) => [finding.resource, finding] as const),
  );
  return { retire, blocking };
}
