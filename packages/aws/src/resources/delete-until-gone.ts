import type {
  Action,
  ActionHandler,
  DecomError,
  HandlerOutcome,
  JsonObject,
  RateLimitClaim,
  ResultAsync,
} from '@decomkit/core';
import { decomError, errAsync, okAsync } from '@decomkit/core';
import { awsCall, awsErrorCode, type CallOptions } from '../aws-call.js';
import type { AwsClients } from '../clients.js';
import { goneAcceptors, waitStep } from './declared-calls.js';
import { finalSnapshotIdentifier } from './rds-family.js';
import { done, targetId } from './resource-type.js';

/** What {@link deleteUntilGone} takes: how to read the resource, what refuses its delete, and the call. */
export interface DeleteUntilGoneSpec<Item> {
  readonly type: string;
  readonly idOf: (arn: string) => string | null;
  /** The rate-limit claims of one action. */
  readonly claims: (action: Action) => RateLimitClaim[];
  /** `service:Operation` of the delete call, as errors name it. */
  readonly operation: string;
  /** The key naming the id in the result: `streamName` gives `{ streamName, state: 'deleted' }`. */
  readonly idKey: string;
  /**
   * The resource as read now; null when it is gone: missing, or in the state
   * the service leaves a deleted one in for a while (an ECS service `INACTIVE`).
   */
  readonly read: (clients: AwsClients, action: Action, id: string) => ResultAsync<Item | null, DecomError>;
  /** The service accepted the delete and is finishing it (`DELETING`, `DRAINING`): wait, never call again. */
  readonly deleting: (item: Item) => boolean;
  /**
   * What refuses the delete as the resource stands (a Conflict naming what it
   * still holds), read just before the call; null to go ahead. Nothing is
   * sent when it refuses.
   */
  readonly refusal?: (
    clients: AwsClients,
    action: Action,
    id: string,
    item: Item,
  ) => ResultAsync<DecomError | null, DecomError>;
  /**
   * The service's own codes for a delete it refuses for what the resource
   * still holds (`RepositoryNotEmptyException`): answered as Conflict, as
   * `refusal` would have, when it changed between the check and the call.
   */
  readonly refusedBy?: readonly string[];
  /** Sends the delete (keeping the final snapshot `snapshot` names, when the type keeps one). */
  readonly send: (
    clients: AwsClients,
    action: Action,
    id: string,
    options: CallOptions,
    snapshot: string | null,
  ) => Promise<unknown>;
  /**
   * The final snapshot the delete of `item` keeps (its name, derived from the
   * action key so a retry reuses it), or null when it keeps none; absent: the
   * type keeps none. Saved in the checkpoint.
   */
  readonly finalSnapshot?: (action: Action, item: Item) => string | null;
  /**
   * What confirms the delete once the resource is gone, before it counts as
   * done: the final snapshot `name` read back (its fields for the result),
   * null while it is still being made (the wait goes on); an error fails the
   * action. `name` is null when the delete kept none.
   */
  readonly confirm?: (
    clients: AwsClients,
    action: Action,
    name: string | null,
  ) => ResultAsync<JsonObject | null, DecomError>;
}

/**
 * A delete that checks first, makes one call and waits until the resource is
 * gone: the resource is read (gone: done, at-least-once safe; being deleted:
 * wait), `refusal` may refuse it (Conflict, nothing sent), the call is sent,
 * then the handler answers `pending` with a checkpoint until the read finds
 * it gone. Reconcile after a crash reads again: gone is done, being deleted
 * is still pending, anything else is absent (the engine executes it). Where
 * the delete keeps a final snapshot (`confirm`), gone is done only once that
 * snapshot confirms it, after our call (a NotFound answer to it included)
 * and in reconcile: a resource gone without it fails closed, as reconcile
 * cannot tell one deleted before the action from one whose final snapshot
 * was lost. Only execute, which sent nothing, answers an already gone one
 * done, saying it kept no snapshot.
 *
 * @example
 * ```ts
 * delete: (clients) => deleteUntilGone(clients, { type: TYPE, idOf: streamNameOf, claims, operation: 'kinesis:DeleteStream',
 *   idKey: 'streamName', read, deleting: (stream) => stream.StreamStatus === 'DELETING', send }),
 * ```
 */
export function deleteUntilGone<Item>(clients: AwsClients, spec: DeleteUntilGoneSpec<Item>): ActionHandler {
  const type = { type: spec.type, idOf: spec.idOf };
  const result = (id: string): JsonObject => ({ [spec.idKey]: id, state: 'deleted' });
  const pending = (checkpoint: JsonObject) =>
    okAsync<HandlerOutcome, DecomError>({
      status: 'pending',
      checkpoint,
      pollAfterMilliseconds: clients.pollMilliseconds,
    });
  // The snapshot a delete keeps: saved in the checkpoint; after a crash (no checkpoint) the one its key names.
  const snapshotName = (action: Action, saved: unknown): string | null =>
    typeof saved === 'string' || saved === null ? saved : finalSnapshotIdentifier(action.key);
  const progress = (action: Action, id: string, snapshot?: unknown): ResultAsync<HandlerOutcome, DecomError> => {
    const checkpoint: JsonObject = {
      [spec.idKey]: id,
      ...(spec.confirm === undefined ? {} : { finalSnapshot: snapshotName(action, snapshot) }),
    };
    return waitStep({
      clients,
      read: spec.read(clients, action, id),
      acceptors: goneAcceptors<Item>(),
      checkpoint,
      finish: () =>
        spec.confirm === undefined
          ? okAsync(done(result(id)))
          : spec
              .confirm(clients, action, snapshotName(action, snapshot))
              .andThen((confirmed) =>
                confirmed === null ? pending(checkpoint) : okAsync(done({ ...result(id), ...confirmed })),
              ),
    });
  };
  // Gone before this action sent anything: done, and a type that keeps a final snapshot says it kept none.
  const alreadyGone = (id: string) =>
    okAsync<HandlerOutcome, DecomError>(
      done({ id, alreadyGone: true, ...(spec.confirm === undefined ? {} : { finalSnapshotIdentifier: null }) }),
    );
  // Read just now and still being deleted: wait, without reading it again.
  const stillDeleting = (id: string, snapshot?: string | null) =>
    pending({
      [spec.idKey]: id,
      ...(spec.confirm === undefined || snapshot === undefined ? {} : { finalSnapshot: snapshot }),
    });
  return {
    rateLimits: spec.claims,
    execute: (action, context) =>
      targetId(type, action).andThen((id) =>
        spec.read(clients, action, id).andThen((item): ResultAsync<HandlerOutcome, DecomError> => {
          if (item === null) return alreadyGone(id);
          const snapshot = spec.finalSnapshot?.(action, item) ?? null;
          if (spec.deleting(item)) return stillDeleting(id, snapshot);
          const refusal = spec.refusal?.(clients, action, id, item) ?? okAsync(null);
          return refusal.andThen((refused) => {
            if (refused !== null) return errAsync(refused);
            return awsCall(
              { operation: spec.operation, resource: action.target.arn ?? id, signal: context.signal },
              (options) => spec.send(clients, action, id, options, snapshot),
            )
              .andThen(() => progress(action, id, snapshot))
              .orElse((error) => {
                // Our delete may have been accepted (an SDK retry of it answers NotFound): where it keeps a
                // final snapshot, that snapshot must confirm it, as after any delete of ours.
                if (error.code === 'NotFound')
                  return spec.confirm === undefined ? alreadyGone(id) : progress(action, id, snapshot);
                if (!(spec.refusedBy ?? []).includes(awsErrorCode(error.cause))) return errAsync(error);
                return errAsync(
                  decomError.conflict({
                    message: error.message,
                    resource: action.target.arn ?? id,
                    cause: error.cause,
                  }),
                );
              });
          });
        }),
      ),
    poll: (action, checkpoint) =>
      targetId(type, action).andThen((id) => progress(action, id, checkpoint.finalSnapshot)),
    reconcile: (action) =>
      targetId(type, action).andThen((id) =>
        spec
          .read(clients, action, id)
          .andThen((item): ResultAsync<HandlerOutcome | { status: 'absent' }, DecomError> => {
            if (item === null) return spec.confirm === undefined ? okAsync(done(result(id))) : progress(action, id);
            // Being deleted: wait for the final snapshot this item's delete keeps (a Memcached cluster keeps none).
            if (spec.deleting(item)) return stillDeleting(id, spec.finalSnapshot?.(action, item) ?? null);
            return okAsync({ status: 'absent' });
          }),
      ),
  };
}
