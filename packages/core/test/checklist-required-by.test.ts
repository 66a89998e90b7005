import {
  type ActionHandler,
  createEngine,
  decomError,
  decommissionChecklist,
  defineStep,
  errAsync,
  memoryJournal,
  stillOpen,
  verified,
} from '@decomkit/core';
import { createFakeCloud } from '@decomkit/fake';
import { describe, expect, it } from 'vitest';
import { standardSeed, standardWorkload } from './support/standard-world.js';

const NOW = '2026-12-16T00:00:00Z';

// A kind of the user's own (a port of their own is merged the same way, but a test's merge would reach
// every test of the program: the handler joins the CMDB port here).
declare module '@decomkit/core' {
  interface ActionKinds {
    'owners.notify': { ciId: string };
  }
}

/** A notification that the owners' mail relay always refuses. */
const refusingNotify: ActionHandler<'owners.notify'> = {
  execute: () => errAsync(decomError.providerFailure({ message: 'the mail relay refused', retryable: false })),
  reconcile: () => errAsync(decomError.providerFailure({ message: 'the mail relay refused', retryable: false })),
};

const notifyOwners = defineStep({
  id: 'notify-owners',
  item: 'retire',
  title: 'Tell the owners the workload is going',
  needs: ['cmdb'],
  after: ['final-backups'],
  plan: ({ workload, action }) => ({
    actions: (workload.cmdb?.ciIds ?? []).map((ciId) =>
      action({ kind: 'owners.notify', target: { ref: ciId }, params: { ciId } }),
    ),
  }),
  verify: ({ actions }) =>
    actions.every((record) => record.status === 'done') ? verified('owners notified') : stillOpen('not notified'),
});

async function applyWith(requiredBy: readonly string[] | undefined) {
  const cloud = createFakeCloud(standardSeed(NOW));
  const workload = standardWorkload();
  const checklist = decommissionChecklist(workload).insertAfter(
    'final-backups',
    notifyOwners,
    requiredBy === undefined ? {} : { requiredBy },
  );
  const engine = createEngine({
    checklist,
    providers: {
      ...cloud.providers,
      cmdb: {
        ...cloud.providers.cmdb,
        handlers: { ...cloud.providers.cmdb.handlers, 'owners.notify': refusingNotify },
      },
    },
    journal: memoryJournal(),
  })._unsafeUnwrap();
  const plan = (await engine.plan())._unsafeUnwrap();
  const report = (await engine.apply(plan, { approve: () => true }))._unsafeUnwrap();
  return { cloud, report };
}

describe('insertAfter with requiredBy', () => {
  it('holds the later standard step until the inserted one is verified: a failed notification stops the terminations', async () => {
    const { cloud } = await applyWith(['retire-resources']);
    expect(cloud.calls.of('TerminateInstances')).toEqual([]);
    expect(cloud.calls.of('StopInstances')).toEqual([]);
    expect(cloud.source.instance('i-web1').state).toBe('running');
  });

  it('without it, the inserted step is only placed: the retirement goes on whatever the notification did', async () => {
    const { cloud } = await applyWith(undefined);
    expect(cloud.calls.of('TerminateInstances').length).toBeGreaterThan(0);
    expect(cloud.source.instance('i-web1').state).toBe('terminated');
  });
});
