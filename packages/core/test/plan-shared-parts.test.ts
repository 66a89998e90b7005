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
    /** This test's own kind: rings a bell. */
    'bell.ring': NoParams;
  }
}

/** An engine whose one step plans `count` actions, none with gates, dependencies or params. */
function bells(count: number) {
  const handler: ActionHandler = {
    execute: () => okAsync({ status: 'done', result: {} }),
    reconcile: () => okAsync({ status: 'absent' }),
  };
  const costs: CostsPort = {
    specificationVersion: PORT_SPECIFICATION_VERSION,
    costByTag: (_tag, window) => okAsync({ amount: 0, currency: 'USD', window }),
    handlers: { 'bell.ring': handler },
  };
  const step = defineStep({
    id: 'ring',
    item: 'retire',
    title: 'Ring every bell',
    needs: ['clock'],
    plan: ({ action }) => ({
      actions: Array.from({ length: count }, (_, index) =>
        action({ kind: 'bell.ring', target: { ref: `bell-${index}` } }),
      ),
    }),
    verify: () => verified('rung'),
  });
  return createEngine({
    checklist: createChecklist(paymentsWorkload(), [step]),
    providers: { clock: new FakeClock('2026-11-26T00:00:00Z'), costs },
    journal: memoryJournal(),
  })._unsafeUnwrap();
}

describe('the parts a planned action leaves out', () => {
  it('are one frozen empty value shared by every action, not one made per action', async () => {
    const plan = (await bells(3).plan())._unsafeUnwrap();
    const [first, ...others] = plan.steps.flatMap((step) => step.actions);
    if (first === undefined) throw new Error('no action planned');
    expect(others).toHaveLength(2);
    for (const other of others) {
      expect(other.gates).toBe(first.gates);
      expect(other.dependsOn).toBe(first.dependsOn);
      expect(other.params).toBe(first.params);
    }
    expect(first.gates).toEqual([]);
    expect(first.dependsOn).toEqual([]);
    expect(first.params).toEqual({});
    expect(Object.isFrozen(first.gates) && Object.isFrozen(first.dependsOn) && Object.isFrozen(first.params)).toBe(
      true,
    );
  });
});
