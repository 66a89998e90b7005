import { type Action, type ActionHandler, type BatchHandler, type HandlerOutcome, okAsync } from '@decomkit/core';
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

/** A batcher over a handler that records the refs of each call. */
function recordingBatcher() {
  const calls: string[][] = [];
  const handler: ActionHandler & { readonly batch: BatchHandler } = {
    execute: () => okAsync({ status: 'done', result: {} }),
    reconcile: () => okAsync({ status: 'absent' }),
    batch: {
      maxSize: 1000,
      key: () => 'all',
      execute: (actions) => {
        calls.push(actions.map((action) => action.target.ref));
        return okAsync(
          new Map(actions.map((action) => [action.key, { status: 'done', result: {} } as HandlerOutcome])),
        );
      },
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
  return { calls, submit: (index: number) => batcher.submit(handler, actionNumber(index), 'all') };
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
});
