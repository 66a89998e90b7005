/**
 * The same first program as `consumer.ts`, written as CommonJS: compiled to `out/consumer-commonjs.cjs`, it
 * loads the packages with `require` and their `.d.cts` types.
 */
import core = require('@decomkit/core');
import fake = require('@decomkit/fake');

async function main(): Promise<void> {
  const workload = core.defineWorkload({
    id: 'payments',
    source: { accountId: '111122223333', regions: ['eu-west-1'], select: { tags: { workload: 'payments' } } },
    target: { subscriptionId: '6f1c2a0e-3b1d-4c59-9d2e-0b6a8e4f7c11', resourceGroups: ['rg-payments'] },
    sunset: { stopAt: '2026-12-01', deleteAt: '2026-12-15' },
    backups: { vault: 'decom-archive', retainDays: 365 },
  });
  if (workload.isErr()) throw new Error(workload.error.message);
  const cloud = fake.createFakeCloud({ source: { instances: [{ id: 'i-1', tags: { workload: 'payments' } }] } });
  const engine = core.createEngine({
    checklist: core.decommissionChecklist(workload.value),
    providers: cloud.providers,
    journal: core.memoryJournal(),
  });
  if (engine.isErr()) throw new Error(engine.error.message);
  const plan = await engine.value.plan();
  if (plan.isErr()) throw new Error(`${plan.error.code}: ${plan.error.message}`);
  const actions = plan.value.steps.flatMap((step) => step.actions);
  if (!actions.some((action) => action.target.ref.endsWith(':instance/i-1'))) throw new Error('i-1 is not planned');
  console.log(`planned ${actions.length} actions on ${plan.value.inventory.length} resources (CommonJS)`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
