import {
  type Action,
  type ActionHandler,
  type BatchHandler,
  type DecomError,
  decomError,
  errAsync,
  type HandlerOutcome,
  okAsync,
} from '@decomkit/core';
import { systemClock } from '@decomkit/core/provider-kit';
import { describe, expect, it } from 'vitest';
import { Batcher } from '../src/engine/batcher.js';
import { GATHER_MAX_WAIT_MILLISECONDS, GATHER_QUIET_MILLISECONDS } from '../src/engine/gatherer.js';
import { RateLimiter } from '../src/engine/rate-limits.js';
import { Semaphore } from '../src/engine/semaphore.js';

const actionNumber = (index: number): Action => ({
  key: `step:switch.off:switch-${index}`,
  step: 'step',
  item: 'retire',
  kind: 'switch.off',
  target: { ref: `switch-${index}` },
  params: {},
  gates: [],
  dependsOn: [],
});

/**
 * A batcher over a handler that records the refs of each call (and of each one-by-one call). Like EC2, a
 * call that carries a `refused` member fails whole, naming the first one it meets; with `names`, the
 * handler says which members an error names.
 */
function recordingBatcher(refused: readonly string[] = [], names = true) {
  const calls: string[][] = [];
  const single: string[] = [];
  const refusal = (ref: string) =>
    decomError.conflict({ message: `The instance '${ref}' may not be terminated`, resource: ref });
  const handler: ActionHandler & { readonly batch: BatchHandler } = {
    execute: (action) => {
      single.push(action.target.ref);
      return refused.includes(action.target.ref)
        ? errAsync(refusal(action.target.ref))
        : okAsync({ status: 'done', result: {} } as HandlerOutcome);
    },
    reconcile: () => okAsync({ status: 'absent' }),
    batch: {
      maxSize: 1000,
      key: () => 'all',
      execute: (actions) => {
        calls.push(actions.map((action) => action.target.ref));
        const first = actions.find((action) => refused.includes(action.target.ref));
        if (first !== undefined) return errAsync(refusal(first.target.ref));
        return okAsync(
          new Map(actions.map((action) => [action.key, { status: 'done', result: {} } as HandlerOutcome])),
        );
      },
      ...(names
        ? {
            refusedBy: (error: DecomError, actions: readonly Action[]) =>
              actions.filter((action) => error.message.includes(`'${action.target.ref}'`)).map((action) => action.key),
          }
        : {}),
    },
  };
  const batcher = new Batcher({
    semaphore: new Semaphore(4),
    rateLimiter: new RateLimiter(systemClock),
    clock: systemClock,
    signal: new AbortController().signal,
    retrying: (_action, operation) => Promise.resolve(operation()),
    contextFor: () => ({ signal: new AbortController().signal, clock: systemClock, idempotencyToken: 't', ports: {} }),
  });
  return { calls, single, submit: (index: number) => batcher.submit(handler, actionNumber(index), 'all') };
}

const sleep = (milliseconds: number) => new Promise((resolve) => setTimeout(resolve, milliseconds));

describe('Batcher', () => {
  it('gathers members that arrive one by one (as their re-reads come back) into one call', async () => {
    const { calls, submit } = recordingBatcher();
    const outcomes: Promise<unknown>[] = [];
    for (let index = 0; index < 8; index += 1) {
      outcomes.push(submit(index));
      await sleep(2);
    }
    await Promise.all(outcomes);
    // One call on an idle machine; a busy one may stretch a 2 ms sleep past the quiet time once.
    expect(calls.length).toBeLessThanOrEqual(2);
    expect(calls.flat()).toEqual(Array.from({ length: 8 }, (_, index) => `switch-${index}`));
  });

  it('sends a group once no member has come for the quiet time, and never holds one past the longest wait', async () => {
    const { calls, submit } = recordingBatcher();
    const first = submit(0);
    await sleep(GATHER_QUIET_MILLISECONDS * 3);
    await Promise.all([first, submit(1)]);
    expect(calls).toEqual([['switch-0'], ['switch-1']]);

    calls.length = 0;
    const steady: Promise<unknown>[] = [];
    const opened = performance.now();
    while (performance.now() - opened < GATHER_MAX_WAIT_MILLISECONDS * 2) {
      steady.push(submit(steady.length));
      await sleep(GATHER_QUIET_MILLISECONDS / 5);
    }
    await Promise.all(steady);
    expect(calls.length).toBeGreaterThanOrEqual(2); // held open at most GATHER_MAX_WAIT_MILLISECONDS each
    expect(calls.flat()).toHaveLength(steady.length);
  });

  it('gives a refused member the error and sends the others again in one call, when the error names it', async () => {
    const { calls, single, submit } = recordingBatcher(['switch-2', 'switch-5']);
    const outcomes = await Promise.all(Array.from({ length: 8 }, (_, index) => submit(index)));
    // Each failed call named one member: 8 → 7 → 6 members, never one call per member.
    expect(calls.map((call) => call.length)).toEqual([8, 7, 6]);
    expect(calls[2]).toEqual(['switch-0', 'switch-1', 'switch-3', 'switch-4', 'switch-6', 'switch-7']);
    expect(single).toEqual([]);
    expect(outcomes.map((outcome) => (outcome.isOk() ? 'done' : outcome.error.code))).toEqual([
      'done',
      'done',
      'Conflict',
      'done',
      'done',
      'Conflict',
      'done',
      'done',
    ]);
    expect(outcomes[5]?._unsafeUnwrapErr().message).toContain("'switch-5'");
  });

  it('carries each member out on its own when the error names none of them', async () => {
    const { calls, single, submit } = recordingBatcher(['switch-2'], false);
    const outcomes = await Promise.all(Array.from({ length: 4 }, (_, index) => submit(index)));
    expect(calls).toEqual([['switch-0', 'switch-1', 'switch-2', 'switch-3']]);
    expect(single).toEqual(['switch-0', 'switch-1', 'switch-2', 'switch-3']);
    expect(outcomes.map((outcome) => outcome.isOk())).toEqual([true, true, false, true]);
  });
});
