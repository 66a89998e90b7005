import type {
  Action,
  ActionHandler,
  DecomError,
  HandlerOutcome,
  JsonObject,
  ResourceTypeTraits,
  ResultAsync,
} from '@decomkit/core';
import { decomError, errAsync, okAsync } from '@decomkit/core';
import { sha256 } from '@decomkit/provider-kit';
import type { FakeRdsSnapshots } from '../source/rds-snapshots.js';
import type { FakeDbCluster, FakeDbInstance } from '../source/source-types.js';
import { defineFakeResourceKind } from './define-fake-resource-kind.js';
import { finalSnapshotNotConfirmed } from './final-snapshot-not-confirmed.js';
import { actionIdOf, claimsOn, done, goneAsNull, type ResourceKind } from './resource-kind.js';
import { pagedList, recordResource } from './resource-kind-parts.js';

const POLL_MILLISECONDS = 60_000;
const claims = claimsOn('rds', 'default');

/** The final snapshot identifier of a delete action: derived from its key, so a retry reuses it. */
export function finalSnapshotIdentifier(actionKey: string): string {
  return `decomkit-final-${sha256(actionKey).slice(0, 24)}`;
}

/** An RDS DB instance or cluster. */
export type Database = FakeDbInstance | FakeDbCluster;

/** The calls of one RDS database family member (instances or clusters). */
export interface DatabaseApi {
  readonly kind: 'db' | 'cluster';
  /** A page of the region's databases. */
  readonly page: (
    region: string,
    token: string | null,
  ) => ResultAsync<{ items: Database[]; next: string | null }, DecomError>;
  readonly describe: (id: string) => ResultAsync<Database, DecomError>;
  readonly remove: (id: string, finalSnapshot: string | undefined) => ResultAsync<Database, DecomError>;
  readonly stop: (id: string) => ResultAsync<Database, DecomError>;
  readonly unprotect: (id: string) => ResultAsync<Database, DecomError>;
  /** Whether the database takes a final snapshot of its own (an Aurora member does not: its cluster does). */
  readonly takesFinalSnapshot: (database: Database) => boolean;
}

/**
 * RDS delete, safety rule 5: a FinalDBSnapshotIdentifier derived from the
 * action key and DeleteAutomatedBackups=false; the delete is long (`deleting`),
 * so the handler checkpoints and polls until the database is gone, then names
 * the final snapshot in its result. As in the AWS provider, gone is done only
 * once that snapshot reads `available` (in poll and reconcile alike); gone
 * without it fails closed (ProviderFailure). Only an Aurora member, read as
 * one before its delete, keeps none.
 */
function deleteHandler(
  api: DatabaseApi,
  snapshots: FakeRdsSnapshots,
  idOf: (action: Action) => string | null,
): ActionHandler {
  const operation = api.kind === 'db' ? 'rds:DeleteDBInstance' : 'rds:DeleteDBCluster';
  const finished = (action: Action, id: string, snapshot: string | null): ResultAsync<HandlerOutcome, DecomError> => {
    const base: JsonObject = { identifier: id, state: 'deleted', deleteAutomatedBackups: false };
    if (snapshot === null)
      return okAsync(
        done({
          ...base,
          finalSnapshotIdentifier: null,
          finalSnapshotNote: 'Aurora member: the cluster takes the final snapshot',
        }),
      );
    return snapshots
      .describeSnapshots(api.kind, { snapshotId: snapshot })
      .map((found) => found[0] ?? null)
      .orElse((error) => (error.code === 'NotFound' ? okAsync(null) : errAsync(error)))
      .andThen((found): ResultAsync<HandlerOutcome, DecomError> => {
        if (found === null) return errAsync(finalSnapshotNotConfirmed(operation, action.target.arn ?? id, snapshot));
        if (found.status === 'creating') return okAsync(pending(id, snapshot));
        return okAsync(
          done({
            ...base,
            finalSnapshotIdentifier: snapshot,
            finalSnapshotArn: found.arn,
            finalSnapshotStatus: found.status,
          }),
        );
      });
  };
  const pending = (id: string, snapshot: string | null): HandlerOutcome => ({
    status: 'pending',
    checkpoint: { identifier: id, finalSnapshotIdentifier: snapshot },
    pollAfterMilliseconds: POLL_MILLISECONDS,
  });
  const progress = (action: Action, id: string, snapshot: string | null): ResultAsync<HandlerOutcome, DecomError> =>
    api
      .describe(id)
      .map((): 'present' | 'gone' => 'present')
      .orElse((error) => (error.code === 'NotFound' ? okAsync('gone' as const) : errAsync(error)))
      .andThen((where) => (where === 'gone' ? finished(action, id, snapshot) : okAsync(pending(id, snapshot))));
  const withId = <T>(action: Action, use: (id: string) => ResultAsync<T, DecomError>) => {
    const id = idOf(action);
    return id === null
      ? errAsync(decomError.invalidInput(`${action.key}: ${action.target.ref} is not an RDS ${api.kind}`))
      : use(id);
  };
  return {
    rateLimits: claims,
    execute: (action) =>
      withId(action, (id) =>
        api.describe(id).andThen((database) => {
          const snapshot = api.takesFinalSnapshot(database) ? finalSnapshotIdentifier(action.key) : null;
          if (database.status === 'deleting') return progress(action, id, database.finalSnapshotIdentifier);
          // Refused before the call while protected, as the AWS provider does (RDS would answer InvalidParameterCombination).
          if (database.deletionProtection) {
            const resource = action.target.arn ?? id;
            return errAsync(
              decomError.conflict({
                message: `${operation} on ${resource}: deletion protection is on (lift it first)`,
                resource,
              }),
            );
          }
          return api.remove(id, snapshot ?? undefined).andThen(() => progress(action, id, snapshot));
        }),
      ),
    poll: (action, checkpoint) =>
      withId(action, (id) =>
        progress(
          action,
          id,
          // As saved (null: an Aurora member's delete); a checkpoint without it: the one the key names.
          typeof checkpoint.finalSnapshotIdentifier === 'string' || checkpoint.finalSnapshotIdentifier === null
            ? checkpoint.finalSnapshotIdentifier
            : finalSnapshotIdentifier(action.key),
        ),
      ),
    reconcile: (action) =>
      withId(action, (id) =>
        api
          .describe(id)
          .andThen(
            (database): ResultAsync<HandlerOutcome | { status: 'absent' }, DecomError> =>
              database.status === 'deleting'
                ? progress(action, id, database.finalSnapshotIdentifier)
                : okAsync({ status: 'absent' }),
          )
          .orElse((error) => {
            // Gone: the snapshot its key names must confirm it (reconcile cannot tell an Aurora member once gone).
            if (error.code !== 'NotFound') return errAsync(error);
            return finished(action, id, finalSnapshotIdentifier(action.key));
          }),
      ),
  };
}

/** The facts an RDS instance or cluster kind adds to the family's. */
export interface DatabaseKindFacts {
  readonly type: string;
  /** The ARN shape; its first group is the identifier. */
  readonly pattern: RegExp;
  readonly api: DatabaseApi;
  readonly snapshots: FakeRdsSnapshots;
  /** The ARNs a database depends on (a cluster: its members). */
  readonly dependsOn: (database: Database) => string[];
  readonly backupCovers?: readonly string[];
  readonly traffic?: ResourceTypeTraits['traffic'];
}

/** The database, or null when RDS does not know it: a stop or lift of a missing one is absent, as the AWS provider reads it. */
function orNull<Database>(read: ResultAsync<Database, DecomError>): ResultAsync<Database | null, DecomError> {
  return read
    .map((database): Database | null => database)
    .orElse((error) => (error.code === 'NotFound' ? okAsync(null) : errAsync(error)));
}

/**
 * An RDS database kind (instances and clusters alike): stoppable
 * (StopDBInstance / StopDBCluster; an Aurora member stops with its cluster),
 * holds data, deletion protection lifted with a Modify call, and the delete
 * of safety rule 5 (see `deleteHandler`).
 */
export function databaseKind(facts: DatabaseKindFacts): ResourceKind {
  const { type, api } = facts;
  const toResource = (database: Database) =>
    recordResource(type, database, {
      name: database.id,
      state: database.status,
      protection: { deletion: database.deletionProtection, stop: false },
      dependsOn: facts.dependsOn(database),
      resourceIdentity: database.resourceId,
    });
  const idOf = (arn: string) => facts.pattern.exec(arn)?.[1] ?? null;
  return defineFakeResourceKind({
    type,
    idOf,
    holdsData: true,
    ...(facts.backupCovers === undefined ? {} : { backupCovers: facts.backupCovers }),
    ...(facts.traffic === undefined ? {} : { traffic: facts.traffic }),
    list: pagedList(api.page, toResource),
    describe: (_arn, id) => goneAsNull(api.describe(id), toResource),
    retire: {
      claims,
      stop: {
        run: (id) =>
          api.describe(id).andThen((database) => {
            if (database.status === 'stopped') return okAsync({ identifier: id, state: 'stopped' });
            if ('clusterId' in database && database.clusterId !== null)
              return okAsync({
                identifier: id,
                state: database.status,
                stopped: false,
                note: `an Aurora member stops with its cluster ${database.clusterId}`,
              });
            return api.stop(id).map((stopped) => ({ identifier: id, state: stopped.status }));
          }),
        readBack: (id) =>
          orNull(api.describe(id)).map((database) =>
            database?.status === 'stopped' ? { identifier: id, state: 'stopped' } : null,
          ),
      },
      lift: {
        run: (id) => api.unprotect(id).map(() => ({ identifier: id, deletionProtection: false })),
        readBack: (id) =>
          orNull(api.describe(id)).map((database) =>
            database === null || database.deletionProtection ? null : { identifier: id, deletionProtection: false },
          ),
      },
      delete: deleteHandler(api, facts.snapshots, actionIdOf(idOf)),
    },
  });
}
