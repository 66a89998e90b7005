/**
 * A company's first program against the installed tarballs: `scripts/check-packages.mjs` copies it into a
 * scratch project outside the workspace, type-checks it with `tsc --strict` (moduleResolution nodenext and
 * bundler), then compiles and runs it. It plans the standard checklist on the fake cloud and prints one line.
 */
import {
  createEngine,
  type DecomError,
  decommissionChecklist,
  defineWorkload,
  memoryJournal,
  type Plan,
} from '@decomkit/core';
import { createFakeCloud } from '@decomkit/fake';

const workload = defineWorkload({
  id: 'payments',
  source: { accountId: '111122223333', regions: ['eu-west-1'], select: { tags: { workload: 'payments' } } },
  target: { subscriptionId: '6f1c2a0e-3b1d-4c59-9d2e-0b6a8e4f7c11', resourceGroups: ['rg-payments'] },
  sunset: { stopAt: '2026-12-01', deleteAt: '2026-12-15' },
  backups: { vault: 'decom-archive', retainDays: 365 },
});
if (workload.isErr()) throw new Error(workload.error.message);

const cloud = createFakeCloud({
  source: {
    instances: [
      { id: 'i-1', tags: { workload: 'payments' } },
      { id: 'i-2', tags: { workload: 'billing' } },
    ],
  },
});
const engine = createEngine({
  checklist: decommissionChecklist(workload.value),
  providers: cloud.providers,
  journal: memoryJournal(),
});
if (engine.isErr()) throw new Error(engine.error.message);

const planned = await engine.value.plan();
const plan: Plan = planned.match(
  (value) => value,
  (error: DecomError) => {
    throw new Error(`${error.code}: ${error.message}`);
  },
);
const actions = plan.steps.flatMap((step) => step.actions);
const targets = actions.map((action) => action.target.ref);
if (!targets.some((ref) => ref.endsWith(':instance/i-1'))) throw new Error('i-1 (payments) is not planned');
if (targets.some((ref) => ref.endsWith(':instance/i-2'))) throw new Error('i-2 (billing) is planned');
if (cloud.calls.mutating().length !== 0) throw new Error('planning changed the fake cloud');
console.log(`planned ${actions.length} actions on ${plan.inventory.length} resources, no change made`);
