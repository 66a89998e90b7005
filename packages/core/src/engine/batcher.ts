import { err, ok, type Result } from 'neverthrow';
import { type DecomError, decomError, isRetryable } from '../errors/decom-error.js';
import type { Action } from '../model/action.js';
import type { ActionHandler, BatchHandler, HandlerContext, HandlerOutcome } from '../spec/action-handler.js';
import type { ClockPort } from '../spec/clock.js';
import { Gatherer } from './gatherer.js';
import type { RateLimiter } from './rate-limits.js';
import type { Semaphore } from './semaphore.js';

/** What the batcher uses of the run. */
export interface BatcherServices {
  readonly semaphore: Semaphore;
  readonly rateLimiter: RateLimiter;
  readonly signal: AbortSignal;
  /** The engine's clock: a group's quiet time is measured on it. */
  readonly clock: ClockPort;
  /** Runs a handler call for `actions` with the engine's retry policy; each call counts as an attempt of each. */
  retrying<T>(
    actions: readonly Action[],
    operation: () => PromiseLike<Result<T, DecomError>>,
  ): Promise<Result<T, DecomError>>;
  /** The handler context of one action (its own idempotency token). */
  contextFor(action: Action): HandlerContext;
}

/** The gatherer's key of an action's group: its kind and the handler's batch key. */
function groupKeyOf(action: Action, batchKey: string): string {
  return `${action.kind}\u0000${batchKey}`;
}

interface Waiting {
  readonly handler: ActionHandler & { readonly batch: BatchHandler };
  readonly action: Action;
  readonly settle: (outcome: Result<HandlerOutcome, DecomError>) => void;
}

/**
 * Gathers actions of a batchable kind that become ready together (see
 * {@link Gatherer}; the engine announces each action on its way, so a group
 * goes once every announced member has arrived) and carries them out in as few calls as the handler
 * allows. A call holds one concurrency slot and the rate-limit tokens the
 * handler names for the batch.
 */
export class Batcher {
  private readonly gatherer: Gatherer<Waiting>;

  constructor(private readonly services: BatcherServices) {
    this.gatherer = new Gatherer<Waiting>(services.clock, (_key, waiting) => {
      void this.call(waiting);
    });
  }

  /**
   * Announces that `action` is on its way to the group of `batchKey` (its dependencies are met): the
   * group waits for it, within the gatherer's bound, until it is submitted or {@link withdraw}n.
   */
  expect(action: Action, batchKey: string): void {
    this.gatherer.expect(groupKeyOf(action, batchKey), action.key);
  }

  /** `action`, announced, will not be submitted (it was refused, skipped, failed or cancelled first). */
  withdraw(action: Action): void {
    this.gatherer.withdraw(action.key);
  }

  /** Queues `action` for the next call of its group; resolves with its own outcome. */
  submit(
    handler: ActionHandler & { readonly batch: BatchHandler },
    action: Action,
    batchKey: string,
  ): Promise<Result<HandlerOutcome, DecomError>> {
    return new Promise((settle) =>
      this.gatherer.add(groupKeyOf(action, batchKey), { handler, action, settle }, handler.batch.maxSize, action.key),
    );
  }

  private async call(waiting: readonly Waiting[]): Promise<void> {
    // A failed call may leave groups to send again (without the members its error named, or its two
    // halves); each goes as its own call once a slot is free.
    const again = await this.callOnce(waiting);
    await Promise.all(again.map((group) => this.call(group)));
  }

  /**
   * One call for `waiting`; the groups to send again, each in one more call: none when the call
   * succeeded or failed for all alike (a retryable error that outlasted its retries, a cancellation),
   * the unnamed rest when its error named members, else its two halves — so one refused member among
   * n costs about 2·log2(n) calls, and each member's outcome is the error of the call that held it alone.
   */
  private async callOnce(waiting: readonly Waiting[]): Promise<readonly (readonly Waiting[])[]> {
    const actions = waiting.map((entry) => entry.action);
    const first = actions[0];
    const handler = waiting[0]?.handler;
    if (first === undefined || handler === undefined) return [];
    // The tokens first, then a slot: a call waiting for its bucket holds no slot others could use.
    const claims = handler.batch.rateLimits?.(actions) ?? [];
    try {
      await this.services.rateLimiter.acquire(claims, this.services.signal);
    } catch (cause) {
      for (const entry of waiting) entry.settle(err(cancelledWaitingForToken(cause)));
      return [];
    }
    await this.services.semaphore.acquire();
    try {
      const context = this.services.contextFor(first);
      // Each attempt is a request AWS counts: the engine's retries of the call take its tokens again.
      let attempts = 0;
      const outcome = await this.services.retrying(actions, async () => {
        attempts += 1;
        if (attempts > 1) await this.services.rateLimiter.acquire(claims, this.services.signal);
        return handler.batch.execute(actions, context);
      });
      if (outcome.isOk()) {
        for (const entry of waiting) {
          const own = outcome.value.get(entry.action.key);
          entry.settle(
            own === undefined
              ? err(
                  decomError.providerFailure({
                    message: `the batch call gave no outcome for ${entry.action.key}`,
                    retryable: false,
                  }),
                )
              : ok(own),
          );
        }
        return [];
      }
      if (actions.length > 1 && !isRetryable(outcome.error) && outcome.error.code !== 'Cancelled') {
        // One refused member fails a whole AWS batch. When the error names it, it takes the error and the
        // others go again together; otherwise the batch goes again as two halves, each split again if it fails.
        const named = new Set(handler.batch.refusedBy?.(outcome.error, actions) ?? []);
        const refused = waiting.filter((entry) => named.has(entry.action.key));
        if (refused.length > 0) {
          for (const entry of refused) entry.settle(err(outcome.error));
          const rest = waiting.filter((entry) => !named.has(entry.action.key));
          return rest.length > 0 ? [rest] : [];
        }
        const half = Math.ceil(waiting.length / 2);
        return [waiting.slice(0, half), waiting.slice(half)];
      }
      for (const entry of waiting) entry.settle(err(outcome.error));
      return [];
    } catch (cause) {
      for (const entry of waiting) entry.settle(err(cancelledWaitingForToken(cause)));
      return [];
    } finally {
      this.services.semaphore.release();
    }
  }
}

function cancelledWaitingForToken(cause: unknown): DecomError {
  return decomError.cancelled('cancelled while waiting for a rate-limit token', cause);
}
