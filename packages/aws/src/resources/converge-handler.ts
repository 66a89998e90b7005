import type {
  Action,
  ActionHandler,
  DecomError,
  HandlerOutcome,
  JsonObject,
  RateLimitClaim,
  ResultAsync,
} from '@decomkit/core';
import { okAsync } from '@decomkit/core';
import type { AwsClients } from '../clients.js';
import { targetId } from './resource-type.js';

/** What one step of a {@link convergeHandler} found: finished with a result, or still on its way. */
export type ConvergeStep = { readonly done: JsonObject } | { readonly waiting: true };

/** What {@link convergeHandler} takes. */
export interface ConvergeSpec {
  readonly type: string;
  readonly idOf: (arn: string) => string | null;
  /** The rate-limit claims of one action. */
  readonly claims: (action: Action) => RateLimitClaim[];
  /**
   * One step towards the goal, decided on a fresh read: finished (`done`),
   * or a call sent or a change still under way (`waiting`). Run on execute
   * and on every poll, so it must send nothing the read shows is done.
   */
  readonly step: (id: string, action: Action, signal: AbortSignal) => ResultAsync<ConvergeStep, DecomError>;
  /** After a crash, read only: the goal reached (`done`), under way (`waiting`), or not begun (null: absent). */
  readonly settled: (id: string, action: Action) => ResultAsync<ConvergeStep | null, DecomError>;
}

/**
 * A handler that reaches its goal in steps, each decided on a fresh read
 * (disable, wait until deployed; re-read and try again when the resource
 * changed under it): `execute` and `poll` run one `step` and answer `pending`
 * with the clients' poll interval until it reports `done`; `reconcile` reads
 * only.
 *
 * @example
 * ```ts
 * convergeHandler({ type: TYPE, idOf, claims, step: (id) => disableThenWait(id), settled: (id) => readDisabled(id) });
 * ```
 */
export function convergeHandler(clients: AwsClients, spec: ConvergeSpec): ActionHandler {
  const type = { type: spec.type, idOf: spec.idOf };
  const outcome = (id: string, found: ConvergeStep): HandlerOutcome =>
    'done' in found
      ? { status: 'done', result: found.done }
      : { status: 'pending', checkpoint: { id }, pollAfterMilliseconds: clients.pollMilliseconds };
  const run = (action: Action, signal: AbortSignal) =>
    targetId(type, action).andThen((id) => spec.step(id, action, signal).map((found) => outcome(id, found)));
  return {
    rateLimits: spec.claims,
    execute: (action, context) => run(action, context.signal),
    poll: (action, _checkpoint, context) => run(action, context.signal),
    reconcile: (action) =>
      targetId(type, action).andThen((id) =>
        spec
          .settled(id, action)
          .andThen((found) => okAsync(found === null ? { status: 'absent' as const } : outcome(id, found))),
      ),
  };
}
