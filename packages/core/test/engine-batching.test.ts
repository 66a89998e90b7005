import {
  type Action,
  type ActionHandler,
  type CostsPort,
  createChecklist,
  createEngine,
  decomError,
  defineStep,
  errAsync,
  type HandlerOutcome,
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
    /** This test's own kind: turns a switch off. */
    'switch.off': NoParams;
  }
}

/** A tiny world of switches whose handler can turn many off in one call, and refuses "stuck" ones as a whole batch. */
function switchboard(count: number, stuck: readonly number[] = []) {
  const on = new Set(Array.from({ length: count }, (_, index) => `switch-${index}`));
  const calls: string[][] = [];
  const journaledBeforeCall: boolean[] = [];
  let journal: ReturnType<typeof memoryJournal> | null = null;
  const intentsOf = (keys: readonly string[]) =>
    keys.every((key) =>
      (journal?.records('batched') ?? []).some(
        (record) => record.entry.type === 'action.intent' && record.entry.key === key,
      ),
    );
  const turnOff = (actions: readonly Action[]) => {
    calls.push(actions.map((action) => action.target.ref));
    journaledBeforeCall.push(intentsOf(actions.map((action) => action.key)));
    if (actions.some((action) => stuck.includes(Number(action.target.ref.split('-')[1])))) {
      return errAsync(decomError.conflict({ message: `a stuck switch refuses the whole call` }));
    }
    for (const action of actions) on.delete(action.target.ref);
    return okAsync(
      new Map(
        actions.map((action) => [action.key, { status: 'done', result: { off: action.target.ref } } as HandlerOutcome]),
      ),
    );
  };
  const handler: ActionHandler = {
    rateLimits: () => [{ service: 'switches', bucket: 'mutating', accountId: '1', region: 'here' }],
    execute: (action) => turnOff([action]).map((outcomes) => outcomes.get(action.key) as HandlerOutcome),
    reconcile: (action) => okAsync(on.has(action.target.ref) ? { status: 'absent' } : { status: 'done', result: {} }),
    batch: {
      maxSize: 3,
      key: () => 'one-region',
      rateLimits: () => [{ service: 'switches', bucket: 'mutating', accountId: '1', region: 'here' }],
      execute: (actions) => turnOff(actions),
    },
  };
  const step = defineStep({
    id: 'switch-off',
    item: 'retire',
    title: 'Switch everything off',
    needs: ['clock'],
    plan: ({ action }) => ({ actions: [...on].map((ref) => action({ kind: 'switch.off', target: { ref } })) }),
    verify: ({ actions }) => verified(`${actions.length} off`),
  });
  const clock = new FakeClock('2026-11-26T00:00:00Z');
  journal = memoryJournal();
  // The handler rides on a port with no handlers of its own.
  const costs: CostsPort = {
    specificationVersion: PORT_SPECIFICATION_VERSION,
    costByTag: (_tag, window) => okAsync({ amount: 0, currency: 'USD', window }),
    handlers: { 'switch.off': handler },
  };
  const engine = createEngine({
    checklist: createChecklist(paymentsWorkload(), [step]),
    providers: {
      clock,
      costs,
    },
    journal,
    concurrency: 2,
    rateLimits: { limits: { 'switches:mutating': { capacity: 1, refillPerSecond: 1 } } },
  })._unsafeUnwrap();
  return { engine, on, calls, journaledBeforeCall, clock };
}

describe('batched actions', () => {
  it('carries out ready actions of one kind in calls of at most maxSize, each intent journaled first', async () => {
    const { engine, on, calls, journaledBeforeCall, clock } = switchboard(10);
    const started = clock.now().getTime();
    const run = (await engine.plan().andThen((plan) => engine.apply(plan, { runId: 'batched' })))._unsafeUnwrap();
    expect(run.status).toBe('completed');
    expect(on.size).toBe(0);
    expect(calls.flat().sort()).toEqual(Array.from({ length: 10 }, (_, index) => `switch-${index}`).sort());
    expect(calls.every((call) => call.length <= 3)).toBe(true);
    expect(calls.length).toBeLessThan(10);
    expect(journaledBeforeCall.every(Boolean)).toBe(true);
    // One token per call on a 1-per-second bucket: the calls, not the actions, set the pace.
    expect((clock.now().getTime() - started) / 1000).toBe(calls.length - 1);
  });

  it('falls back to one call per action when a batch is refused, so only the refused action fails', async () => {
    const { engine, on, calls } = switchboard(6, [4]);
    const run = (await engine.plan().andThen((plan) => engine.apply(plan, { runId: 'batched' })))._unsafeUnwrap();
    expect(run.status).toBe('failed');
    expect([...on]).toEqual(['switch-4']);
    const failed = run.items
      .flatMap((item) => item.steps.flatMap((step) => step.actions))
      .filter((record) => record.status === 'failed');
    expect(failed.map((record) => record.action.target.ref)).toEqual(['switch-4']);
    expect(calls.some((call) => call.length === 1 && call[0] === 'switch-4')).toBe(true);
  });
});
