import { err, ok, type Result } from 'neverthrow';
import { type DecomError, decomError, isRetryable } from '../errors/decom-error.js';
import type { Action } from '../model/action.js';
import type { ActionHandler, BatchHandler, HandlerContext, HandlerOutcome } from '../spec/action-handler.js';
import type { RateLimiter } from './rate-limits.js';
import type { Semaphore } from './semaphore.js';

/** What the batcher uses of the run. */
export interface BatcherServices {
  readonly semaphore: Semaphore;
  readonly rateLimiter: RateLimiter;
  readonly signal: AbortSignal;
  /** Runs a provider call with the engine's retry policy. */
  retrying<T>(action: Action, operation: () => PromiseLike<Result<T, DecomError>>): Promise<Result<T, DecomError>>;
  /** The handler context of one action (its own idempotency token). */
  contextFor(action: Action): HandlerContext;
}

interface Waiting {
  readonly action: Action;
  readonly settle: (outcome: Result<HandlerOutcome, DecomError>) => void;
}

interface Group {
  readonly handler: ActionHandler & { readonly batch: BatchHandler };
  readonly waiting: Waiting[];
  /** When the group opened (ms, monotonic). */
  readonly openedAt: number;
  timer: ReturnType<typeof setTimeout> | null;
}

/**
 * How long a group waits for another member before it is sent: members arrive
 * one by one as their re-reads come back from the provider, so sending at the
 * next tick would send one id per call under real latency.
 */
export const BATCH_QUIET_MILLISECONDS = 50;
/** The longest a group is held open, however steadily members arrive. */
export const BATCH_MAX_WAIT_MILLISECONDS = 250;

/**
 * Gathers actions of a batchable kind that become ready together (within
 * {@link BATCH_QUIET_MILLISECONDS} of each other, for at most
 * {@link BATCH_MAX_WAIT_MILLISECONDS}) and carries them out in as few calls as
 * the handler allows. A call holds one
 * concurrency slot and the rate-limit tokens the handler names for the batch.
 */
export class Batcher {
  private readonly groups = new Map<string, Group>();

  constructor(private readonly services: BatcherServices) {}

  /** Queues `action` for the next call of its group; resolves with its own outcome. */
  submit(
    handler: ActionHandler & { readonly batch: BatchHandler },
    action: Action,
    batchKey: string,
  ): Promise<Result<HandlerOutcome, DecomError>> {
    const groupKey = `${action.kind}\u0000${batchKey}`;
    return new Promise((settle) => {
      let group = this.groups.get(groupKey);
      if (group === undefined) {
        group = { handler, waiting: [], openedAt: performance.now(), timer: null };
        this.groups.set(groupKey, group);
      }
      group.waiting.push({ action, settle });
      if (group.waiting.length >= handler.batch.maxSize) {
        this.flushGroup(groupKey);
        return;
      }
      // Wait a little for more members: until none has come for BATCH_QUIET_MILLISECONDS, or the group
      // has been open BATCH_MAX_WAIT_MILLISECONDS.
      if (group.timer !== null) clearTimeout(group.timer);
      const left = BATCH_MAX_WAIT_MILLISECONDS - (performance.now() - group.openedAt);
      group.timer = setTimeout(() => this.flushGroup(groupKey), Math.max(0, Math.min(BATCH_QUIET_MILLISECONDS, left)));
    });
  }

  private flushGroup(groupKey: string): void {
    const group = this.groups.get(groupKey);
    if (group === undefined || group.waiting.length === 0) return;
    if (group.timer !== null) clearTimeout(group.timer);
    this.groups.delete(groupKey);
    void this.call(group.handler, group.waiting);
  }

  private async call(
    handler: ActionHandler & { readonly batch: BatchHandler },
    waiting: readonly Waiting[],
  ): Promise<void> {
    const actions = waiting.map((entry) => entry.action);
    const first = actions[0];
    if (first === undefined) return;
    await this.services.semaphore.acquire();
    try {
      await this.services.rateLimiter.acquire(handler.batch.rateLimits?.(actions) ?? [], this.services.signal);
      const context = this.services.contextFor(first);
      const outcome = await this.services.retrying(first, () => handler.batch.execute(actions, context));
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
        return;
      }
      if (actions.length > 1 && !isRetryable(outcome.error) && outcome.error.code !== 'Cancelled') {
        // One refused member fails a whole AWS batch: carry the others out one by one.
        for (const entry of waiting) {
          await this.services.rateLimiter.acquire(handler.rateLimits?.(entry.action) ?? [], this.services.signal);
          entry.settle(
            await this.services.retrying(entry.action, () =>
              handler.execute(entry.action, this.services.contextFor(entry.action)),
            ),
          );
        }
        return;
      }
      for (const entry of waiting) entry.settle(err(outcome.error));
    } catch (cause) {
      for (const entry of waiting)
        entry.settle(err(decomError.cancelled('cancelled while waiting for a rate-limit token', cause)));
    } finally {
      this.services.semaphore.release();
    }
  }
}
