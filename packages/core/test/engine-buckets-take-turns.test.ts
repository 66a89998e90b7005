import {
  type ActionHandler,
  type CostsPort,
  createChecklist,
  createEngine,
  defineStep,
  type HandlerOutcome,
  memoryJournal,
  type NoParams,
  okAsync,
  verified,
} from '@decomkit/core';
import { PORT_SPECIFICATION_VERSION } from '@decomkit/core/provider-kit';
import { FakeClock } from '@decomkit/fake';
import { describe, expect, it } from 'vitest';
import { orderByDependencies } from '../src/engine/action-order.js';
import type { ActionState } from '../src/engine/run-state.js';
import { paymentsWorkload } from './support/workloads.js';

declare module '@decomkit/core' {
  interface ActionKinds {
    /** This test's own kinds: one on a slow bucket, one on a fast one. */
    'valve.close': NoParams;
    'lamp.off': NoParams;
  }
}

/** Valves on a bucket of one token every 10 s, lamps on one of 100 at once; when each was done, in seconds. */
function plant(valves: number, lamps: number, concurrency: number, { batchedValves = false } = {}) {
  const clock = new FakeClock('2026-11-26T00:00:00Z');
  const started = clock.now().getTime();
  const doneAt = new Map<string, number>();
  const claimOf = (bucket: string) => [{ service: 'plant', bucket, accountId: '1', region: 'here' }];
  const done = (ref: string): HandlerOutcome => {
    doneAt.set(ref, (clock.now().getTime() - started) / 1000);
    return { status: 'done', result: {} };
  };
  const handlerOn = (bucket: string, batched: boolean): ActionHandler => ({
    rateLimits: () => claimOf(bucket),
    execute: (action) => okAsync(done(action.target.ref)),
    reconcile: () => okAsync({ status: 'absent' }),
    // One valve a call (maxSize 1): each call waits for its own token.
    ...(batched
      ? {
          batch: {
            maxSize: 1,
            key: () => 'all',
            rateLimits: () => claimOf(bucket),
            execute: (actions) => okAsync(new Map(actions.map((action) => [action.key, done(action.target.ref)]))),
          },
        }
      : {}),
  });
  const step = defineStep({
    id: 'shut-down',
    item: 'retire',
    title: 'Close the valves, then switch the lamps off',
    needs: ['clock'],
    plan: ({ action }) => ({
      actions: [
        ...Array.from({ length: valves }, (_, index) =>
          action({ kind: 'valve.close', target: { ref: `valve-${index}` } }),
        ),
        ...Array.from({ length: lamps }, (_, index) => action({ kind: 'lamp.off', target: { ref: `lamp-${index}` } })),
      ],
    }),
    verify: ({ actions }) => verified(`${actions.length} done`),
  });
  const costs: CostsPort = {
    specificationVersion: PORT_SPECIFICATION_VERSION,
    costByTag: (_tag, window) => okAsync({ amount: 0, currency: 'USD', window }),
    handlers: { 'valve.close': handlerOn('slow', batchedValves), 'lamp.off': handlerOn('fast', false) },
  };
  const engine = createEngine({
    checklist: createChecklist(paymentsWorkload(), [step]),
    providers: { clock, costs },
    journal: memoryJournal(),
    concurrency,
    rateLimits: {
      adaptive: false,
      limits: {
        'plant:slow': { capacity: 1, refillPerSecond: 0.1 },
        'plant:fast': { capacity: 100, refillPerSecond: 100 },
      },
    },
  })._unsafeUnwrap();
  return { engine, doneAt };
}

describe('actions waiting on one bucket', () => {
  it.each([
    ['one by one', false],
    ['in batch calls', true],
  ])(
    'hold no concurrency slot while they wait (%s): the actions of another bucket go meanwhile',
    async (_, batchedValves) => {
      const { engine, doneAt } = plant(4, 5, 1, { batchedValves });
      const run = (await engine.plan().andThen((plan) => engine.apply(plan)))._unsafeUnwrap();
      expect(run.status).toBe('completed');
      // The valves take a token every 10 s (0, 10, 20, 30 s); the lamps need not wait for them.
      expect([0, 1, 2, 3].map((index) => Math.round(doneAt.get(`valve-${index}`) ?? Number.NaN))).toEqual([
        0, 10, 20, 30,
      ]);
      expect(Math.max(...[0, 1, 2, 3, 4].map((index) => doneAt.get(`lamp-${index}`) ?? Number.NaN))).toBeLessThan(10);
    },
  );
});

describe('the launch order', () => {
  const state = (key: string, kind: string, resourceType: string | undefined, dependsOn: string[] = []) =>
    ({
      action: { key, kind, target: { ref: key, ...(resourceType === undefined ? {} : { resourceType }) }, dependsOn },
    }) as unknown as ActionState;
  const keys = (states: readonly ActionState[]) => states.map((entry) => entry.action.key);

  it('lets the lanes of a depth take turns of a thousand, each in plan order, dependencies first', () => {
    const instances = Array.from({ length: 1001 }, (_, index) => `i${index}`);
    const ordered = orderByDependencies([
      ...instances.map((id) => state(`stop-${id}`, 'resource.stop', 'AWS::EC2::Instance')),
      state('stop-db1', 'resource.stop', 'AWS::RDS::DBInstance'),
      ...instances.map((id) => state(`delete-${id}`, 'resource.delete', 'AWS::EC2::Instance', [`stop-${id}`])),
      state('delete-db1', 'resource.delete', 'AWS::RDS::DBInstance', ['stop-db1']),
    ]);
    // A turn is a whole batch (1,000 ids): the database's stop goes after the first thousand instances', not
    // after all of them; and the deletions come after every stop.
    expect(keys(ordered)).toEqual([
      ...instances.slice(0, 1000).map((id) => `stop-${id}`),
      'stop-db1',
      'stop-i1000',
      ...instances.slice(0, 1000).map((id) => `delete-${id}`),
      'delete-db1',
      'delete-i1000',
    ]);
  });

  it('groups a depth by lane (in order of first appearance) when no lane has more than a turn; one lane stays as it is', () => {
    const mixed = [state('a1', 'x', 'A'), state('b1', 'x', 'B'), state('a2', 'x', 'A')];
    expect(keys(orderByDependencies(mixed))).toEqual(['a1', 'a2', 'b1']);
    const one = [state('a2', 'x', 'A'), state('a1', 'x', 'A')];
    expect(keys(orderByDependencies(one))).toEqual(['a2', 'a1']);
  });
});
