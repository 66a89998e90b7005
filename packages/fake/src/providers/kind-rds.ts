import {
  type Action,
  type ActionHandler,
  type DecomError,
  decomError,
  errAsync,
  type HandlerOutcome,
  type JsonObject,
  okAsync,
  type Resource,
  type Result,
  type ResultAsync,
  sha256,
} from '@decomkit/core';
import type { FakeRds } from '../source/rds.js';
import type { FakeRdsSnapshots } from '../source/rds-snapshots.js';
import { AWS_TYPES } from '../source/resource-types.js';
import type { FakeDbCluster, FakeDbInstance } from '../source/source-types.js';
import {
  claimsOn,
  done,
  goneAsNull,
  nameOf,
  pagesOf,
  type ResourceKind,
  simpleHandler,
  tagsOf,
} from './resource-kind.js';

const POLL_MILLISECONDS = 60_000;
const claims = claimsOn('rds', 'default');

/** The final snapshot identifier of a delete action: derived from its key, so a retry reuses it. */
export function finalSnapshotIdentifier(actionKey: string): string {
  return `decomkit-final-${sha256(actionKey).slice(0, 24)}`;
}

type Database = FakeDbInstance | FakeDbCluster;

interface DatabaseApi {
  readonly kind: 'db' | 'cluster';
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
 * the final snapshot in its result.
 */
function deleteHandler(
  api: DatabaseApi,
  snapshots: FakeRdsSnapshots,
  idOf: (action: Action) => string | null,
): ActionHandler {
  const finished = (id: string, snapshot: string | null): ResultAsync<HandlerOutcome, DecomError> => {
    const base: JsonObject = { identifier: id, state: 'deleted', deleteAutomatedBackups: false };
    if (snapshot === null)
      return okAsync(
        done({
          ...base,
          finalSnapshotIdentifier: null,
          finalSnapshotNote: 'Aurora member: the cluster takes the final snapshot',
        }),
      );
    return snapshots.describeSnapshots(api.kind, { snapshotId: snapshot }).map((found) =>
      done({
        ...base,
        finalSnapshotIdentifier: snapshot,
        finalSnapshotArn: found[0]?.arn ?? null,
        finalSnapshotStatus: found[0]?.status ?? null,
      }),
    );
  };
  const pending = (id: string, snapshot: string | null): HandlerOutcome => ({
    status: 'pending',
    checkpoint: { identifier: id, finalSnapshotIdentifier: snapshot },
    pollAfterMilliseconds: POLL_MILLISECONDS,
  });
  const progress = (id: string, snapshot: string | null): ResultAsync<HandlerOutcome, DecomError> =>
    api
      .describe(id)
      .map((): 'present' | 'gone' => 'present')
      .orElse((error) => (error.code === 'NotFound' ? okAsync('gone' as const) : errAsync(error)))
      .andThen((where) => (where === 'gone' ? finished(id, snapshot) : okAsync(pending(id, snapshot))));
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
          if (database.status === 'deleting') return progress(id, database.finalSnapshotIdentifier);
          return api.remove(id, snapshot ?? undefined).andThen(() => progress(id, snapshot));
        }),
      ),
    poll: (action, checkpoint) =>
      withId(action, (id) =>
        progress(
          id,
          typeof checkpoint.finalSnapshotIdentifier === 'string' ? checkpoint.finalSnapshotIdentifier : null,
        ),
      ),
    reconcile: (action) =>
      withId(action, (id) =>
        api
          .describe(id)
          .andThen(
            (database): ResultAsync<HandlerOutcome | { status: 'absent' }, DecomError> =>
              database.status === 'deleting'
                ? progress(id, database.finalSnapshotIdentifier)
                : okAsync({ status: 'absent' }),
          )
          .orElse((error) => {
            if (error.code !== 'NotFound') return errAsync(error);
            const snapshot = finalSnapshotIdentifier(action.key);
            return snapshots
              .describeSnapshots(api.kind, { snapshotId: snapshot })
              .andThen(() => finished(id, snapshot))
              .orElse(() => finished(id, null));
          }),
      ),
  };
}

function databaseKind(
  type: string,
  api: DatabaseApi,
  snapshots: FakeRdsSnapshots,
  pattern: RegExp,
  list: (region: string) => AsyncIterable<Result<Resource[], DecomError>>,
  toResource: (database: Database) => Resource,
): ResourceKind {
  const idOf = (arn: string) => pattern.exec(arn)?.[1] ?? null;
  const actionId = (action: Action) => (action.target.arn === undefined ? null : idOf(action.target.arn));
  return {
    type,
    idOf,
    list,
    describe: (_arn, id) => goneAsNull(api.describe(id), toResource),
    handlers: {
      'resource.stop': simpleHandler({
        claims,
        idOf: actionId,
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
          api
            .describe(id)
            .map((database) => (database.status === 'stopped' ? { identifier: id, state: 'stopped' } : null)),
      }),
      'protection.lift': simpleHandler({
        claims,
        idOf: actionId,
        run: (id) => api.unprotect(id).map(() => ({ identifier: id, deletionProtection: false })),
        readBack: (id) =>
          api
            .describe(id)
            .map((database) => (database.deletionProtection ? null : { identifier: id, deletionProtection: false })),
      }),
      'resource.delete': deleteHandler(api, snapshots, actionId),
    },
  };
}

/** RDS DB instances (standalone, or Aurora members). */
export function dbInstanceKind(rds: FakeRds, snapshots: FakeRdsSnapshots): ResourceKind {
  const toResource = (database: Database): Resource => ({
    arn: database.arn,
    type: AWS_TYPES.dbInstance,
    accountId: database.accountId,
    region: database.region,
    ...nameOf({ name: database.id, tags: database.tags }),
    tags: tagsOf(database),
    state: database.status,
    protection: { deletion: database.deletionProtection, stop: false },
    dependsOn: [],
    resourceIdentity: database.resourceId,
  });
  const api: DatabaseApi = {
    kind: 'db',
    describe: (id) => rds.describeDbInstance(id),
    remove: (id, finalSnapshot) =>
      rds.deleteDbInstance(id, {
        ...(finalSnapshot === undefined ? {} : { finalSnapshotIdentifier: finalSnapshot }),
        deleteAutomatedBackups: false,
      }),
    stop: (id) => rds.stopDbInstance(id),
    unprotect: (id) => rds.modifyDbInstance(id, { deletionProtection: false }),
    takesFinalSnapshot: (database) => !('clusterId' in database) || database.clusterId === null,
  };
  return databaseKind(
    AWS_TYPES.dbInstance,
    api,
    snapshots,
    /^arn:aws[a-z-]*:rds:[a-z0-9-]+:\d{12}:db:([^:]+)$/,
    (region) =>
      pagesOf(
        (token) => rds.describeDbInstancesPage(region, token),
        (items) => items.map(toResource),
      ),
    toResource,
  );
}

/** RDS (Aurora) clusters: depend on their member instances (a cluster is deleted after them). */
export function dbClusterKind(rds: FakeRds, snapshots: FakeRdsSnapshots): ResourceKind {
  const toResource = (database: Database): Resource => ({
    arn: database.arn,
    type: AWS_TYPES.dbCluster,
    accountId: database.accountId,
    region: database.region,
    ...nameOf({ name: database.id, tags: database.tags }),
    tags: tagsOf(database),
    state: database.status,
    protection: { deletion: database.deletionProtection, stop: false },
    dependsOn: rds.memberIds(database.id).map((member) => database.arn.replace(/:cluster:[^:]+$/, `:db:${member}`)),
    resourceIdentity: database.resourceId,
  });
  const api: DatabaseApi = {
    kind: 'cluster',
    describe: (id) => rds.describeDbCluster(id),
    remove: (id, finalSnapshot) =>
      rds.deleteDbCluster(id, {
        ...(finalSnapshot === undefined ? { skipFinalSnapshot: true } : { finalSnapshotIdentifier: finalSnapshot }),
        deleteAutomatedBackups: false,
      }),
    stop: (id) => rds.stopDbCluster(id),
    unprotect: (id) => rds.modifyDbCluster(id, { deletionProtection: false }),
    takesFinalSnapshot: () => true,
  };
  return databaseKind(
    AWS_TYPES.dbCluster,
    api,
    snapshots,
    /^arn:aws[a-z-]*:rds:[a-z0-9-]+:\d{12}:cluster:([^:]+)$/,
    (region) =>
      pagesOf(
        (token) => rds.describeDbClustersPage(region, token),
        (items) => items.map(toResource),
      ),
    toResource,
  );
}
