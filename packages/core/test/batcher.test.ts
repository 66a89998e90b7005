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
 * call that carries a `refused` member fails whole, naming the first one it meets; with `names` (or
 * while it answers true), the handler says which members an error names.
 */
function recordingBatcher(refused: readonly string[] = [], names: boolean | (() => boolean) = true) {
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
      ...(names === false
        ? {}
        : {
            refusedBy: (error: DecomError, actions: readonly Action[]) =>
              names === true || names()
                ? actions
                    .filter((action) => error.message.includes(`'${action.target.ref}'`))
                    .map((action) => action.key)
                : [],
          }),
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

  it('splits a refused batch in halves when the error names no member: one bad among 1,000 costs ≤ 21 calls', async () => {
    const { calls, single, submit } = recordingBatcher(['switch-617'], false);
    const outcomes = await Promise.all(Array.from({ length: 1000 }, (_, index) => submit(index)));
    // 1 whole call, then per level one half that passes and one that fails: 1 + 2·⌈log2 1000⌉.
    expect(calls.length).toBeLessThanOrEqual(21);
    expect(calls).toContainEqual(['switch-617']);
    expect(calls.flat().filter((ref) => ref === 'switch-617')).toHaveLength(11); // every call on its path
    expect(single).toEqual([]);
    expect(outcomes.filter((outcome) => outcome.isErr())).toHaveLength(1);
    expect(outcomes[617]?._unsafeUnwrapErr().message).toContain("'switch-617'");
    expect(outcomes.filter((outcome) => outcome.isOk())).toHaveLength(999);
  });

  it('sends a batch without refusals in one call', async () => {
    const { calls, submit } = recordingBatcher([], false);
    const outcomes = await Promise.all(Array.from({ length: 1000 }, (_, index) => submit(index)));
    expect(calls.map((call) => call.length)).toEqual([1000]);
    expect(outcomes.every((outcome) => outcome.isOk())).toBe(true);
  });

  it('gives each member of a wholly refused batch its own error, from a call that held it alone', async () => {
    const refs = Array.from({ length: 8 }, (_, index) => `switch-${index}`);
    const { calls, single, submit } = recordingBatcher(refs, false);
    const outcomes = await Promise.all(refs.map((_, index) => submit(index)));
    expect(single).toEqual([]);
    expect(calls).toHaveLength(2 * refs.length - 1); // 8 + 4·2 + 2·2… every split fails: 2n − 1 calls
    expect(calls.filter((call) => call.length === 1).sort()).toEqual(refs.map((ref) => [ref]));
    refs.forEach((ref, index) => {
      expect(outcomes[index]?._unsafeUnwrapErr().message).toContain(`'${ref}'`);
    });
  });

  it('splits the rest again in halves when, after a named refusal, it fails naming no member', async () => {
    let named = true;
    const { calls, single, submit } = recordingBatcher(['switch-1', 'switch-6'], () => {
      const now = named;
      named = false; // only the first error is named
      return now;
    });
    const outcomes = await Promise.all(Array.from({ length: 8 }, (_, index) => submit(index)));
    expect(calls[0]).toHaveLength(8);
    expect(calls[1]).toEqual(['switch-0', 'switch-2', 'switch-3', 'switch-4', 'switch-5', 'switch-6', 'switch-7']);
    expect(single).toEqual([]);
    expect(calls.length).toBeGreaterThan(2);
    expect(calls.slice(2).every((call) => call.length < 7)).toBe(true);
    expect(outcomes.map((outcome) => outcome.isOk())).toEqual([true, false, true, true, true, true, false, true]);
  });
});

describe('Batcher retries', () => {
  it("takes the batch's rate-limit tokens again for each retry of the call (each attempt is a request AWS counts)", async () => {
    const acquired: number[] = [];
    const limiter = new RateLimiter(systemClock);
    const counting = Object.assign(Object.create(limiter) as RateLimiter, {
      acquire: async (claims: readonly { tokens?: number }[]) => {
        acquired.push(claims.reduce((sum, claim) => sum + (claim.tokens ?? 1), 0));
      },
    });
    let executions = 0;
    const handler: ActionHandler & { readonly batch: BatchHandler } = {
      execute: () => okAsync({ status: 'done', result: {} } as HandlerOutcome),
      reconcile: () => okAsync({ status: 'absent' }),
      batch: {
        maxSize: 10,
        key: () => 'all',
        rateLimits: (actions) => [
          { service: 'ec2', bucket: 'mutating', accountId: '1', region: 'r' },
          {
            service: 'ec2',
            bucket: 'terminate-instances-resource',
            accountId: '1',
            region: 'r',
            tokens: actions.length,
          },
        ],
        execute: (actions) => {
          executions += 1;
          return okAsync(
            new Map(actions.map((action) => [action.key, { status: 'done', result: {} } as HandlerOutcome])),
          );
        },
      },
    };
    const batcher = new Batcher({
      semaphore: new Semaphore(4),
      rateLimiter: counting,
      clock: systemClock,
      signal: new AbortController().signal,
      // The engine's retry policy, as if the first attempt had been throttled: the operation runs twice.
      retrying: async (_actions, operation) => {
        await operation();
        return operation();
      },
      contextFor: () => ({
        signal: new AbortController().signal,
        clock: systemClock,
        idempotencyToken: 't',
        ports: {},
      }),
    });
    await Promise.all([0, 1, 2].map((index) => batcher.submit(handler, actionNumber(index), 'all')));
    expect(executions).toBe(2);
    expect(acquired).toEqual([4, 4]);
  });
});
