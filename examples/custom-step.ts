// A custom pipeline: the standard checklist with a step of your own, whose action kind and port are
// your own too (docs/writing-a-step.md shows this file). Run: pnpm tsx --conditions=source examples/custom-step.ts
import {
  type ActionHandler,
  createEngine,
  decomError,
  decommissionChecklist,
  defineStep,
  defineWorkload,
  errAsync,
  gate,
  memoryJournal,
  okAsync,
  PORT_SPECIFICATION_VERSION,
  type PortBase,
  type PortHandlers,
  stillOpen,
  verified,
} from '@decomkit/core';
import { createFakeCloud } from '@decomkit/fake';

// A kind of your own, with its params, and a port of your own that handles it, both by declaration
// merging: `action()` accepts only declared kinds and params, and a port must handle the kinds it declares.
declare module '@decomkit/core' {
  interface ActionKinds {
    'owners.notify': { ciId: string };
  }
  interface PortMap {
    owners: OwnersPort;
  }
}
interface OwnersPort extends PortBase {
  readonly handlers: PortHandlers<'owners.notify'>;
}

// The handler: idempotent by the action's token (a retry after a crash finds the first message),
// and it checks its params (a plan is data: it may have been edited since it was made).
const sent = new Map<string, string>(); // your mail or chat system
const notify: ActionHandler<'owners.notify'> = {
  execute: (action, context) => {
    const { ciId } = action.params;
    if (typeof ciId !== 'string')
      return errAsync(
        decomError.invalidInput(`${action.key}: params.ciId`, [{ path: 'params.ciId', message: 'a CI id' }]),
      );
    if (!sent.has(context.idempotencyToken)) sent.set(context.idempotencyToken, `the owners of ${ciId}: retiring`);
    return okAsync({ status: 'done', result: { ciId } });
  },
  reconcile: (_action, context) =>
    okAsync(sent.has(context.idempotencyToken) ? { status: 'done', result: {} } : { status: 'absent' }),
};

export const notifyOwners = defineStep({
  id: 'notify-owners',
  item: 'retire',
  title: 'Tell the owners the workload is going',
  needs: ['owners'],
  plan: ({ workload, action }) => ({
    actions: (workload.cmdb?.ciIds ?? []).map((ciId) =>
      action({ kind: 'owners.notify', target: { ref: ciId }, params: { ciId }, gates: [gate.notBefore('2026-11-01')] }),
    ),
  }),
  verify: ({ actions }) =>
    actions.every((record) => record.status === 'done')
      ? verified(`${actions.length} owners notified`)
      : stillOpen('owners not notified yet'),
});

const workload = defineWorkload({
  id: 'payments',
  source: { accountId: '111122223333', regions: ['eu-west-1'], select: { tags: { workload: 'payments' } } },
  target: { subscriptionId: '6f1c2a0e-3b1d-4c59-9d2e-0b6a8e4f7c11', resourceGroups: ['rg-payments'] },
  cmdb: { ciIds: ['CI0042'], azureCiIds: ['CI0077'] },
  sunset: { stopAt: '2026-12-01', deleteAt: '2026-12-15' },
  backups: { vault: 'decom-archive', retainDays: 365 },
})._unsafeUnwrap();

// Placed after the final backups; the retirement waits until it is verified (`requiredBy`), so a
// notification that fails holds the terminations.
const checklist = decommissionChecklist(workload).insertAfter('final-backups', notifyOwners, {
  requiredBy: ['retire-resources'],
});
const cloud = createFakeCloud({ now: '2026-11-20T09:00:00Z' });
const owners: OwnersPort = { specificationVersion: PORT_SPECIFICATION_VERSION, handlers: { 'owners.notify': notify } };
const engine = createEngine({
  checklist,
  providers: { ...cloud.providers, owners },
  journal: memoryJournal(),
})._unsafeUnwrap();

const plan = (await engine.plan())._unsafeUnwrap();
const report = (await engine.apply(plan))._unsafeUnwrap();
const notified = report.items.flatMap((item) => item.steps).find((step) => step.id === 'notify-owners');
if (sent.size !== 1 || notified?.status !== 'verified') throw new Error(`not notified: ${JSON.stringify(notified)}`);
console.log([...sent.values()]);
