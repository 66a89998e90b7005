import type { Action } from '../model/action.js';
import type { HandlerRegistry } from '../spec/providers.js';
import { isSettled } from './action-order.js';
import type { Batcher } from './batcher.js';
import type { ActionState } from './run-state.js';
import type { TargetReader } from './target-reader.js';

/** What the expected arrivals use of the run. */
export interface ExpectedArrivalServices {
  readonly handlers: HandlerRegistry;
  readonly batcher: Batcher;
  readonly targetReader: TargetReader | null;
}

/**
 * Which actions are on their way to a gathered re-read and to a batch, so
 * each group goes as soon as every member on its way has arrived (see
 * `Gatherer`), not after a fixed window. An action is announced once its
 * dependencies are met, before it waits for a concurrency slot; it leaves
 * ({@link leave}) as soon as it is known not to come: refused, skipped,
 * failed, waiting at a gate, cancelled.
 */
export class ExpectedArrivals {
  constructor(private readonly services: ExpectedArrivalServices) {}

  /**
   * Announces `state` to the target reader (when it re-reads a target) and to the batcher (when its
   * kind batches), unless it is settled or continues an interrupted intent (reconciled, not re-read).
   */
  announce(state: ActionState): void {
    const { action } = state;
    if (isSettled(state) || state.unsettledIntent) return;
    const handler = this.services.handlers.get(action.kind)?.handler;
    if (handler === undefined) return;
    if (action.target.arn !== undefined) this.services.targetReader?.expect(action);
    const batchKey = handler.batch?.key(action) ?? null;
    if (batchKey !== null) this.services.batcher.expect(action, batchKey);
  }

  /** `action` will not reach its re-read or its batch (or has gone past them): nobody waits for it. */
  leave(action: Action): void {
    this.services.targetReader?.withdraw(action);
    this.services.batcher.withdraw(action);
  }
}
