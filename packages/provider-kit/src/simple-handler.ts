import {
  type Action,
  type ActionHandler,
  type DecomError,
  decomError,
  errAsync,
  type JsonObject,
  okAsync,
  type RateLimitClaim,
  type ResultAsync,
} from '@decomkit/core';
import { done } from './done.js';
import { type TypeIdentity, targetId } from './target-id.js';

/**
 * How a simple handler finds its target's id: from the target's ARN by a
 * type (`type`: refused as "is not a <type>"), or by a function of the
 * action (`idOf`: null is refused as "not a resource this handler knows").
 */
export type SimpleHandlerTarget =
  | { readonly type: TypeIdentity; readonly idOf?: never }
  | { readonly idOf: (action: Action) => string | null; readonly type?: never };

/** The options of {@link simpleHandler}. */
export type SimpleHandlerOptions = SimpleHandlerTarget & {
  /** The rate-limit claims of one action. */
  readonly claims: (action: Action) => RateLimitClaim[];
  /** The effect: one call on the target's id; `signal` is the run's (aborted when the run is cancelled). */
  readonly run: (id: string, action: Action, signal: AbortSignal) => ResultAsync<JsonObject, DecomError>;
  /** Reads the effect back after a crash: the result when it is visible, null when it is not (yet). */
  readonly readBack: (id: string, action: Action) => ResultAsync<JsonObject | null, DecomError>;
  /** A target already gone (NotFound from `run`) counts as done: for deletes (at-least-once safe). */
  readonly goneIsDone?: boolean;
};

/**
 * A handler whose effect is one call, reconciled by reading the state back:
 * `readBack` returns the result when the effect is visible, null when not.
 * With `goneIsDone`, a target already gone counts as done (at-least-once safe).
 *
 * @example
 * ```ts
 * const remove = simpleHandler({
 *   type: QUEUE,
 *   claims: claimsOn('sqs', 'mutate'),
 *   run: (queueUrl, _action, signal) => deleteQueue(queueUrl, signal).map(() => ({ queueUrl, deleted: true })),
 *   readBack: (queueUrl) => goneRead(queueExists(queueUrl), { queueUrl, deleted: true }),
 *   goneIsDone: true,
 * });
 * ```
 */
export function simpleHandler(options: SimpleHandlerOptions): ActionHandler {
  const withId = <T>(action: Action, use: (id: string) => ResultAsync<T, DecomError>): ResultAsync<T, DecomError> => {
    if (options.type !== undefined) return targetId(options.type, action).andThen(use);
    const id = options.idOf(action);
    return id === null
      ? errAsync(decomError.invalidInput(`${action.key}: ${action.target.ref} is not a resource this handler knows`))
      : use(id);
  };
  return {
    rateLimits: options.claims,
    execute: (action, context) =>
      withId(action, (id) =>
        options
          .run(id, action, context.signal)
          .map(done)
          .orElse((error) =>
            options.goneIsDone === true && error.code === 'NotFound'
              ? okAsync(done({ id, alreadyGone: true }))
              : errAsync(error),
          ),
      ),
    reconcile: (action) =>
      withId(action, (id) =>
        options
          .readBack(id, action)
          .map((result) => (result === null ? ({ status: 'absent' } as const) : done(result))),
      ),
  };
}
