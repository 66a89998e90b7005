import type { RDSClient } from '@aws-sdk/client-rds';
import type {
  Action,
  ActionHandler,
  DecomError,
  HandlerOutcome,
  JsonObject,
  Resource,
  ResultAsync,
} from '@decomkit/core';
import { decomError, errAsync, okAsync } from '@decomkit/core';
import { sha256 } from '@decomkit/provider-kit';
import type { Place } from '../arns.js';
import { awsCall, type CallOptions } from '../aws-call.js';
import type { AwsClients } from '../clients.js';
import { type Acceptor, goneAcceptors, waitStep } from './declared-calls.js';
import { type AwsResourceTypeSpec, defineAwsResourceType } from './define-resource-type.js';
import { confirmFinalSnapshot, type SnapshotRead } from './final-snapshot.js';
import { claimsOn, done, placeOf, simpleHandler, targetId } from './resource-type.js';

/** RDS control calls claim the engine's `default` bucket of the service. */
const claims = claimsOn('rds', 'default');

/** The final snapshot identifier of a delete action: derived from its key (as in the fake), so a retry reuses it. */
export function finalSnapshotIdentifier(actionKey: string): string {
  return `decomkit-final-${sha256(actionKey).slice(0, 24)}`;
}

/** How the handlers of one RDS type read: one resource, and one of its final snapshots (null: none). */
export interface RdsReads<Item> {
  readonly item: (action: Action, id: string) => ResultAsync<Item | null, DecomError>;
  readonly snapshot: (action: Action, identifier: string) => ResultAsync<SnapshotRead | null, DecomError>;
  /**
   * The reads made at one moment go out as one call (`coalescedReads`): the
   * deletes' waits then say `pollsTogether`, and the engine polls them in rounds.
   */
  readonly together?: boolean;
}

/**
 * What differs between the RDS types (a DB instance, an Aurora cluster): the
 * noun of their operations, how they read, and their calls. The handlers
 * (stop, lift DeletionProtection, delete with a final snapshot, polled until
 * gone) are the family's.
 */
export interface RdsFamilySpec<Item>
  extends Omit<AwsResourceTypeSpec, 'delete' | 'handlers' | 'stoppable' | 'describeMany' | 'describeScopes'> {
  /** `DBInstance` or `DBCluster`: the operations are `rds:Stop<noun>`, `rds:Modify<noun>`, `rds:Delete<noun>`. */
  readonly noun: string;
  /** The live resources among `ids` in one region, as RDS describes them (ids that no longer exist left out). */
  readonly describeItems: (
    clients: AwsClients,
    place: Place,
    ids: readonly string[],
  ) => ResultAsync<Item[], DecomError>;
  /** The identifier of an item, as `describeItems` and the handlers take it. */
  readonly itemId: (item: Item) => string | undefined;
  /** An item as decomkit's resource. */
  readonly toResource: (place: Place, item: Item) => Resource;
  readonly reads: (clients: AwsClients) => RdsReads<Item>;
  readonly status: (item: Item) => string | undefined;
  readonly deletionProtection: (item: Item) => boolean;
  /** A result that stands for the stop without a call (an Aurora member stops with its cluster); null to stop it. */
  readonly stoppedWithout?: (item: Item, id: string) => JsonObject | null;
  readonly stop: (rds: RDSClient, id: string, options: CallOptions) => Promise<{ readonly state?: string | undefined }>;
  /** ModifyDB… with DeletionProtection=false, ApplyImmediately=true. */
  readonly lift: (rds: RDSClient, id: string, options: CallOptions) => Promise<unknown>;
  /** The final snapshot a delete of `item` keeps (null: none of its own); `item` null when it is gone. */
  readonly finalSnapshot: (action: Action, item: Item | null) => string | null;
  /** A refusal found before the delete is sent (members not deleted yet), or nothing. */
  readonly beforeDelete?: (clients: AwsClients, action: Action, id: string) => ResultAsync<void, DecomError>;
  /** DeleteDB… with the final snapshot, SkipFinalSnapshot=false, DeleteAutomatedBackups=false (set explicitly). */
  readonly delete: (rds: RDSClient, id: string, snapshot: string | null, options: CallOptions) => Promise<unknown>;
}

/**
 * An RDS resource type: protection is DeletionProtection (lifted by
 * ModifyDB…, applied immediately); stop is StopDB… (a retry RDS answers
 * with a wrong-state Conflict is done once the resource is stopping);
 * delete, safety rule 5, keeps a final snapshot named from the action key,
 * is refused (Conflict, nothing sent) while protection is on, answers
 * pending once sent, and is polled (in rounds, where the type's reads
 * coalesce) until RDS no longer knows the resource (acceptor table: gone = success);
 * gone is done only once that snapshot reads `available`, after our call (a
 * NotFound answer to it included) and in reconcile alike: gone without it
 * fails closed (ProviderFailure, not retryable), as the Redshift and
 * ElastiCache deletes do. An Aurora member, read as one before its delete,
 * keeps none (its cluster does); once gone, reconcile cannot tell it from a
 * database whose snapshot was lost, so it too fails closed.
 *
 * @example
 * ```ts
 * export const RDS_DB_CLUSTER = rdsFamilyType({ type: 'AWS::RDS::DBCluster', noun: 'DBCluster', … });
 * ```
 */
export function rdsFamilyType<Item>(spec: RdsFamilySpec<Item>) {
  const {
    noun,
    reads: readsOf,
    status,
    deletionProtection,
    stoppedWithout,
    stop,
    lift,
    describeItems,
    itemId,
    toResource,
    ...facts
  } = spec;
  const type = { type: spec.type, idOf: spec.idOf };
  const rds = (clients: AwsClients, action: Action) => clients.get('rds', placeOf(action).region);
  const gone = (operation: string, resource: string) =>
    decomError.notFound({ message: `rds:${operation}: ${resource} does not exist`, resource });
  const stoppedOrStopping = (item: Item | null, id: string) => {
    const state = item === null ? undefined : status(item);
    return state === 'stopped' || state === 'stopping' ? { identifier: id, state } : null;
  };
  return defineAwsResourceType({
    ...facts,
    stoppable: true,
    describeMany: (clients, place, ids) =>
      describeItems(clients, place, ids).map((items) => items.map((item) => toResource(place, item))),
    // The engine's re-read before each action (and the drift check's discovery): what it finds is handed to
    // the handler that acts next (`firstRead`), which then sends no read of its own.
    describeScopes: (clients, place, ids) =>
      describeItems(clients, place, ids).map((items) => {
        const found = new Set<string>();
        for (const item of items) {
          const id = itemId(item);
          if (id === undefined) continue;
          found.add(id);
          clients.freshReads.hand(spec.type, place.region, id, item);
        }
        for (const id of ids) if (!found.has(id)) clients.freshReads.forget(spec.type, place.region, id);
        return items.map((item) => toResource(place, item));
      }),
    handlers: (clients) => {
      const reads = firstReads(spec.type, clients, readsOf(clients));
      return {
        'resource.stop': simpleHandler({
          type,
          claims,
          run: (id, action, signal) =>
            reads.first(action, id).andThen((item): ResultAsync<JsonObject, DecomError> => {
              const resource = action.target.arn ?? id;
              if (item === null) return errAsync(gone(`Stop${noun}`, resource));
              if (status(item) === 'stopped') return okAsync({ identifier: id, state: 'stopped' });
              const without = stoppedWithout?.(item, id) ?? null;
              if (without !== null) return okAsync(without);
              return (
                awsCall({ operation: `rds:Stop${noun}`, resource, signal }, (options) =>
                  stop(rds(clients, action), id, options),
                )
                  .map((output): JsonObject => ({ identifier: id, state: output.state ?? 'stopping' }))
                  // An SDK retry of a stop RDS already accepted answers a wrong-state fault: read what it is now.
                  .orElse((error) =>
                    error.code === 'Conflict'
                      ? reads.item(action, id).andThen((now) => {
                          const settled = stoppedOrStopping(now, id);
                          return settled === null ? errAsync(error) : okAsync<JsonObject, DecomError>(settled);
                        })
                      : errAsync(error),
                  )
              );
            }),
          readBack: (id, action) => reads.item(action, id).map((item) => stoppedOrStopping(item, id)),
        }),
        'protection.lift': simpleHandler({
          type,
          claims,
          // Read first, as the stop does: a database RDS does not know is NotFound, named, before any call.
          run: (id, action, signal) =>
            reads.first(action, id).andThen((item): ResultAsync<JsonObject, DecomError> => {
              const resource = action.target.arn ?? id;
              if (item === null) return errAsync(gone(`Modify${noun}`, resource));
              return awsCall({ operation: `rds:Modify${noun}`, resource, signal }, (options) =>
                lift(rds(clients, action), id, options),
              ).map(() => ({ identifier: id, deletionProtection: false }));
            }),
          readBack: (id, action) =>
            reads
              .item(action, id)
              .map((item) =>
                item !== null && !deletionProtection(item) ? { identifier: id, deletionProtection: false } : null,
              ),
        }),
      };
    },
    delete: (clients) => deleteHandler(spec, clients),
  });
}

/** The delete of an RDS type: final snapshot, refusals before the call, polled until gone. */
function deleteHandler<Item>(spec: RdsFamilySpec<Item>, clients: AwsClients): ActionHandler {
  const type = { type: spec.type, idOf: spec.idOf };
  const operation = `rds:Delete${spec.noun}`;
  const reads = firstReads(spec.type, clients, spec.reads(clients));
  const acceptors: readonly Acceptor<Item>[] = goneAcceptors();
  const checkpointOf = (id: string, snapshot: string | null): JsonObject => ({
    identifier: id,
    finalSnapshotIdentifier: snapshot,
  });
  // Gone is done only once the final snapshot reads available in RDS (issue 9: the cloud confirms it).
  const confirm = confirmFinalSnapshot(
    operation,
    (_clients, action, name) => reads.snapshot(action, name),
    'available',
    ['creating'],
  );
  // The wait for the resource to go and its final snapshot to be made: polled in rounds where reads coalesce.
  const waiting = (id: string, snapshot: string | null): HandlerOutcome => ({
    status: 'pending',
    checkpoint: checkpointOf(id, snapshot),
    pollAfterMilliseconds: clients.pollMilliseconds,
    ...(reads.together === true ? { pollsTogether: true } : {}),
  });
  const finished = (action: Action, id: string, snapshot: string | null): ResultAsync<HandlerOutcome, DecomError> =>
    confirm(clients, action, snapshot).map(
      (confirmed): HandlerOutcome =>
        confirmed === null
          ? waiting(id, snapshot)
          : done({
              identifier: id,
              state: 'deleted',
              deleteAutomatedBackups: false,
              ...confirmed,
              // Null only when the delete was sent for an Aurora member (read as one just before): its cluster keeps it.
              ...(snapshot === null
                ? { finalSnapshotNote: 'Aurora member: the cluster takes the final snapshot' }
                : {}),
            }),
    );
  const progress = (action: Action, id: string, snapshot: string | null) =>
    waitStep({
      clients,
      read: reads.item(action, id),
      acceptors,
      checkpoint: checkpointOf(id, snapshot),
      finish: () => finished(action, id, snapshot),
      ...(reads.together === true ? { together: true } : {}),
    });
  const refuse = (resource: string, why: string) =>
    errAsync(decomError.conflict({ message: `${operation} on ${resource}: ${why}`, resource }));
  return {
    rateLimits: claims,
    execute: (action, context) =>
      targetId(type, action).andThen((id) => {
        const resource = action.target.arn ?? id;
        return reads.first(action, id).andThen((item) => {
          if (item === null) {
            return errAsync(decomError.notFound({ message: `${operation}: ${resource} does not exist`, resource }));
          }
          const snapshot = spec.finalSnapshot(action, item);
          // Read just now and being deleted: wait (the first poll reads it again), as after our own call.
          if (spec.status(item) === 'deleting') return okAsync(waiting(id, snapshot));
          // RDS answers InvalidParameterCombination here; name it for what it is, before calling.
          if (spec.deletionProtection(item)) return refuse(resource, 'deletion protection is on (lift it first)');
          return (spec.beforeDelete?.(clients, action, id) ?? okAsync(undefined)).andThen(() =>
            awsCall({ operation, resource, signal: context.signal }, (options) =>
              spec.delete(clients.get('rds', placeOf(action).region), id, snapshot, options),
            )
              // An SDK retry of a delete RDS already accepted answers …NotFound: the resource is gone,
              // and the wait reads what the delete left (the final snapshot).
              .orElse((error) => (error.code === 'NotFound' ? okAsync(undefined) : errAsync(error)))
              // RDS takes minutes to delete: no read now; the first poll reads it, in one call with the others.
              .map(() => waiting(id, snapshot)),
          );
        });
      }),
    poll: (action, checkpoint) =>
      targetId(type, action).andThen((id) => {
        const saved = checkpoint.finalSnapshotIdentifier;
        return progress(
          action,
          id,
          typeof saved === 'string' || saved === null ? saved : spec.finalSnapshot(action, null),
        );
      }),
    reconcile: (action) =>
      targetId(type, action).andThen((id) =>
        reads.item(action, id).andThen((item): ResultAsync<HandlerOutcome | { status: 'absent' }, DecomError> => {
          const snapshot = spec.finalSnapshot(action, item);
          if (item === null) return finished(action, id, snapshot);
          return spec.status(item) === 'deleting' ? progress(action, id, snapshot) : okAsync({ status: 'absent' });
        }),
      ),
  };
}

/** The refusal of a delete, as the family words it (a cluster's members not deleted yet). */
export function rdsRefusal(noun: string, resource: string, why: string): ResultAsync<never, DecomError> {
  return errAsync(decomError.conflict({ message: `rds:Delete${noun} on ${resource}: ${why}`, resource }));
}

/**
 * A type's reads, with `first`: the read an action's `execute` starts with.
 * It is the engine's re-read of the target, made just before (handed over by
 * the type's `describeScopes`, taken once, at most a few seconds old:
 * {@link FreshReads}); without one (a retry, a handler called outside the
 * engine, a read gone stale) it reads the cloud. Polls, read-backs and the
 * re-read after a refused call always read the cloud.
 */
function firstReads<Item>(
  type: string,
  clients: AwsClients,
  reads: RdsReads<Item>,
): RdsReads<Item> & { readonly first: (action: Action, id: string) => ResultAsync<Item | null, DecomError> } {
  return {
    ...reads,
    first: (action, id) => {
      const handed = clients.freshReads.take<Item>(type, placeOf(action).region, id);
      return handed === undefined ? reads.item(action, id) : okAsync(handed);
    },
  };
}
