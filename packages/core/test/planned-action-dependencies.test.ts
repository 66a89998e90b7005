import {
  type ActionHandler,
  type CostsPort,
  createChecklist,
  createEngine,
  defineStep,
  memoryJournal,
  type NoParams,
  okAsync,
  verified,
} from '@decomkit/core';
import { PORT_SPECIFICATION_VERSION } from '@decomkit/core/provider-kit';
import { FakeClock } from '@decomkit/fake';
import { describe, expect, it } from 'vitest';
import { paymentsWorkload } from './support/workloads.js';

declare module '@decomkit/core' {
  interface ActionKinds {
    /** This test's own kind: lights a lamp. */
    'lamp.light': NoParams;
  }
}

/** An engine whose one step plans a lamp per entry of `dependsOn`, each depending on the keys of the lamps listed. */
function lamps(dependsOn: Record<string, readonly string[]>) {
  const handler: ActionHandler = {
    execute: () => okAsync({ status: 'done', result: {} }),
    reconcile: () => okAsync({ status: 'absent' }),
  };
  const costs: CostsPort = {
    specificationVersion: PORT_SPECIFICATION_VERSION,
    costByTag: (_tag, window) => okAsync({ amount: 0, currency: 'USD', window }),
    handlers: { 'lamp.light': handler },
  };
  const step = defineStep({
    id: 'light',
    item: 'retire',
    title: 'Light the lamps',
    needs: ['clock'],
    plan: ({ action, keyOf }) => ({
      actions: Object.entries(dependsOn).map(([ref, after]) =>
        action({
          kind: 'lamp.light',
          target: { ref },
          dependsOn: after.map((other) => (other.includes(':') ? other : keyOf('lamp.light', other))),
        }),
      ),
    }),
    verify: () => verified('lit'),
  });
  return createEngine({
    checklist: createChecklist(paymentsWorkload(), [step]),
    providers: { clock: new FakeClock('2026-11-26T00:00:00Z'), costs },
    journal: memoryJournal(),
  })._unsafeUnwrap();
}

describe('dependencies between the actions a step plans', () => {
  it('are planned when each names an action of the step and they form no cycle', async () => {
    const plan = (await lamps({ hall: [], stairs: ['hall'], attic: ['stairs', 'hall'] }).plan())._unsafeUnwrap();
    const actions = plan.steps.flatMap((step) => step.actions);
    expect(actions.map((action) => action.dependsOn.length)).toEqual([0, 1, 2]);
  });

  it('refuse a plan whose action depends on an action that is not the step’s', async () => {
    const refused = await lamps({ hall: ['other-step:lamp.light:cellar'] }).plan();
    expect(refused._unsafeUnwrapErr().message).toContain('not an action of step "light"');
  });

  it('refuse a plan whose dependencies form a cycle, naming it', async () => {
    const refused = await lamps({ hall: [], stairs: ['attic'], attic: ['stairs'] }).plan();
    expect(refused._unsafeUnwrapErr().message).toContain('dependsOn forms a cycle');
    expect(refused._unsafeUnwrapErr().message).toContain('light:lamp.light:stairs');
  });
});
