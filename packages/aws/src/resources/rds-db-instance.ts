import {
  type DBInstance,
  type DBSnapshot,
  DeleteDBInstanceCommand,
  ModifyDBInstanceCommand,
  paginateDescribeDBInstances,
  paginateDescribeDBSnapshots,
  StopDBInstanceCommand,
} from '@aws-sdk/client-rds';
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
  type ResultAsync,
  sha256,
} from '@decomkit/core';
import { type Place, resourceIdOf } from '../arns.js';
import { awsCall } from '../aws-call.js';
import type { AwsClients } from '../clients.js';
import { coalescedReads } from '../coalesced-reads.js';
import {
  type AwsResourceType,
  claimsOn,
  describeInChunks,
  done,
  nameFrom,
  placeOf,
  simpleHandler,
  tagRecord,
  targetId,
} from './resource-type.js';

const TYPE = 'AWS::RDS::DBInstance';
/** Identifiers per `db-instance-id` filter (RDS takes up to 100 filter values). */
const FILTER_CHUNK = 100;
const claims = claimsOn('rds', 'default');

/** The final snapshot identifier of a delete action: derived from its key (as in the fake), so a retry reuses it. */
export function finalSnapshotIdentifier(actionKey: string): string {
  return `decomkit-final-${sha256(actionKey).slice(0, 24)}`;
}

/** The DB instance identifier of an RDS DB instance ARN, or null. */
export function dbInstanceIdOf(arn: string): string | null {
  return resourceIdOf(arn, 'rds', 'db:', ':');
}

function dbArn(place: Place, id: string): string {
  return `arn:${place.partition ?? 'aws'}:rds:${place.region}:${place.accountId}:db:${id}`;
}

/** The DB instances among `ids` (DescribeDBInstances with a `db-instance-id` filter: missing ids are no error). */
function describeDatabases(clients: AwsClients, region: string, ids: readonly string[]) {
  const rds = clients.get('rds', region);
  return describeInChunks(
    'rds:DescribeDBInstances',
    ids,
    FILTER_CHUNK,
    (chunk) => paginateDescribeDBInstances({ client: rds }, { Filters: [{ Name: 'db-instance-id', Values: chunk }] }),
    (page) => page.DBInstances,
  );
}

/** The final snapshots among `identifiers` (DescribeDBSnapshots with a `db-snapshot-id` filter), by identifier. */
function describeSnapshots(clients: AwsClients, region: string, identifiers: readonly string[]) {
  const rds = clients.get('rds', region);
  return describeInChunks(
    'rds:DescribeDBSnapshots',
    identifiers,
    FILTER_CHUNK,
    (chunk) => paginateDescribeDBSnapshots({ client: rds }, { Filters: [{ Name: 'db-snapshot-id', Values: chunk }] }),
    (page) => page.DBSnapshots,
  ).map((found) => new Map(found.map((snapshot) => [snapshot.DBSnapshotIdentifier ?? '', snapshot])));
}

/**
 * The reads the handlers make, coalesced: the describes before a hundred
 * deletes (and their polls, and the final snapshots' reads) made at about the
 * same time go out as one DescribeDBInstances (DescribeDBSnapshots) per region.
 */
interface DatabaseReads {
  /** One DB instance by identifier, as RDS describes it now; null when it no longer exists. */
  readonly database: (action: Action, id: string) => ResultAsync<DBInstance | null, DecomError>;
  /** One DB snapshot by identifier; null when there is none. */
  readonly snapshot: (action: Action, identifier: string) => ResultAsync<DBSnapshot | null, DecomError>;
}

function databaseReads(clients: AwsClients): DatabaseReads {
  const databases = coalescedReads(FILTER_CHUNK, (region, ids) =>
    describeDatabases(clients, region, ids).map(
      (found) => new Map(found.map((database) => [database.DBInstanceIdentifier ?? '', database])),
    ),
  );
  const snapshots = coalescedReads(FILTER_CHUNK, (region, identifiers) =>
    describeSnapshots(clients, region, identifiers),
  );
  return {
    database: (action, id) => databases(placeOf(action).region, id),
    snapshot: (action, identifier) => snapshots(placeOf(action).region, identifier),
  };
}

function toResource(place: Place, database: DBInstance): Resource {
  const id = database.DBInstanceIdentifier ?? '';
  const tags = tagRecord(database.TagList);
  return {
    arn: database.DBInstanceArn ?? dbArn(place, id),
    type: TYPE,
    accountId: place.accountId,
    region: place.region,
    ...nameFrom({}, id),
    tags,
    state: database.DBInstanceStatus ?? 'unknown',
    protection: { deletion: database.DeletionProtection === true, stop: false },
    dependsOn: [],
    ...(database.DbiResourceId === undefined ? {} : { resourceIdentity: database.DbiResourceId }),
  };
}

/** An Aurora member takes no final snapshot of its own: its cluster does. */
function isAuroraMember(database: DBInstance): boolean {
  return database.DBClusterIdentifier !== undefined && database.DBClusterIdentifier !== '';
}

/**
 * Delete, safety rule 5: FinalDBSnapshotIdentifier derived from the action key,
 * SkipFinalSnapshot=false and DeleteAutomatedBackups=false (set explicitly:
 * never left to the service's defaults, nor to what the emulator accepts).
 * RDS deletes take minutes (`deleting`): the handler checkpoints and polls
 * until DescribeDBInstances no longer knows the instance, then names the final
 * snapshot in its result.
 */
function deleteHandler(clients: AwsClients, reads: DatabaseReads): ActionHandler {
  const type = { type: TYPE, idOf: dbInstanceIdOf };
  const finished = (action: Action, id: string, snapshot: string | null): ResultAsync<HandlerOutcome, DecomError> => {
    const base: JsonObject = { identifier: id, state: 'deleted', deleteAutomatedBackups: false };
    if (snapshot === null) {
      return okAsync(
        done({
          ...base,
          finalSnapshotIdentifier: null,
          finalSnapshotNote: 'Aurora member: the cluster takes the final snapshot',
        }),
      );
    }
    return reads.snapshot(action, snapshot).map((found) =>
      done({
        ...base,
        finalSnapshotIdentifier: snapshot,
        finalSnapshotArn: found?.DBSnapshotArn ?? null,
        finalSnapshotStatus: found?.Status ?? null,
      }),
    );
  };
  const progress = (action: Action, id: string, snapshot: string | null): ResultAsync<HandlerOutcome, DecomError> =>
    reads.database(action, id).andThen((database) =>
      database === null
        ? finished(action, id, snapshot)
        : okAsync<HandlerOutcome, DecomError>({
            status: 'pending',
            checkpoint: { identifier: id, finalSnapshotIdentifier: snapshot },
            pollAfterMilliseconds: clients.pollMilliseconds,
          }),
    );
  return {
    rateLimits: claims,
    execute: (action, context) =>
      targetId(type, action).andThen((id) =>
        reads.database(action, id).andThen((database) => {
          if (database === null) {
            return errAsync(
              decomError.notFound({
                message: `rds:DeleteDBInstance: ${action.target.arn} does not exist`,
                resource: action.target.arn ?? id,
              }),
            );
          }
          const snapshot = isAuroraMember(database) ? null : finalSnapshotIdentifier(action.key);
          if (database.DBInstanceStatus === 'deleting') return progress(action, id, snapshot);
          // RDS answers InvalidParameterCombination here; name it for what it is, before calling.
          if (database.DeletionProtection === true) {
            return errAsync(
              decomError.conflict({
                message: `rds:DeleteDBInstance on ${action.target.arn ?? id}: deletion protection is on (lift it first)`,
                resource: action.target.arn ?? id,
              }),
            );
          }
          return (
            awsCall(
              { operation: 'rds:DeleteDBInstance', resource: action.target.arn ?? id, signal: context.signal },
              (options) =>
                clients.get('rds', placeOf(action).region).send(
                  new DeleteDBInstanceCommand(
                    snapshot === null
                      ? { DBInstanceIdentifier: id, DeleteAutomatedBackups: false }
                      : {
                          DBInstanceIdentifier: id,
                          SkipFinalSnapshot: false,
                          FinalDBSnapshotIdentifier: snapshot,
                          DeleteAutomatedBackups: false,
                        },
                  ),
                  options,
                ),
            )
              // An SDK retry of a delete RDS already accepted answers DBInstanceNotFound: the instance is gone,
              // and progress reads what the delete left (the final snapshot).
              .orElse((error) => (error.code === 'NotFound' ? okAsync(undefined) : errAsync(error)))
              .andThen(() => progress(action, id, snapshot))
          );
        }),
      ),
    poll: (action, checkpoint) =>
      targetId(type, action).andThen((id) =>
        progress(
          action,
          id,
          typeof checkpoint.finalSnapshotIdentifier === 'string' ? checkpoint.finalSnapshotIdentifier : null,
        ),
      ),
    reconcile: (action) =>
      targetId(type, action).andThen((id) =>
        reads
          .database(action, id)
          .andThen((database): ResultAsync<HandlerOutcome | { status: 'absent' }, DecomError> => {
            if (database !== null) {
              const snapshot = isAuroraMember(database) ? null : finalSnapshotIdentifier(action.key);
              return database.DBInstanceStatus === 'deleting'
                ? progress(action, id, snapshot)
                : okAsync({ status: 'absent' });
            }
            return finished(action, id, finalSnapshotIdentifier(action.key));
          }),
      ),
  };
}

/**
 * RDS DB instances: protection is DeletionProtection (ModifyDBInstance to
 * lift, applied immediately); stop is StopDBInstance (an Aurora member stops
 * with its cluster: done with a note); delete keeps a final snapshot.
 */
export const RDS_DB_INSTANCE: AwsResourceType = {
  type: TYPE,
  idOf: dbInstanceIdOf,
  arnOfPhysicalId: dbArn,
  describeMany: (clients, place, ids) =>
    describeDatabases(clients, place.region, ids).map((found) => found.map((database) => toResource(place, database))),
  handlers: (clients) => {
    const type = { type: TYPE, idOf: dbInstanceIdOf };
    const reads = databaseReads(clients);
    const rds = (action: Action) => clients.get('rds', placeOf(action).region);
    const gone = (action: Action, id: string) =>
      decomError.notFound({
        message: `${action.kind}: ${action.target.arn ?? id} does not exist`,
        resource: action.target.arn ?? id,
      });
    return {
      'resource.stop': simpleHandler({
        type,
        claims,
        run: (id, action, signal) =>
          reads.database(action, id).andThen((database): ResultAsync<JsonObject, DecomError> => {
            if (database === null) return errAsync(gone(action, id));
            if (database.DBInstanceStatus === 'stopped') return okAsync({ identifier: id, state: 'stopped' });
            if (isAuroraMember(database)) {
              return okAsync({
                identifier: id,
                state: database.DBInstanceStatus ?? 'unknown',
                stopped: false,
                note: `an Aurora member stops with its cluster ${database.DBClusterIdentifier}`,
              });
            }
            return (
              awsCall({ operation: 'rds:StopDBInstance', resource: action.target.arn ?? id, signal }, (options) =>
                rds(action).send(new StopDBInstanceCommand({ DBInstanceIdentifier: id }), options),
              )
                .map(
                  (output): JsonObject => ({
                    identifier: id,
                    state: output.DBInstance?.DBInstanceStatus ?? 'stopping',
                  }),
                )
                // An SDK retry of a stop RDS already accepted answers InvalidDBInstanceState: read what it is now.
                .orElse((error) =>
                  error.code === 'Conflict'
                    ? reads
                        .database(action, id)
                        .andThen((now) =>
                          now?.DBInstanceStatus === 'stopping' || now?.DBInstanceStatus === 'stopped'
                            ? okAsync<JsonObject, DecomError>({ identifier: id, state: now.DBInstanceStatus })
                            : errAsync(error),
                        )
                    : errAsync(error),
                )
            );
          }),
        readBack: (id, action) =>
          reads
            .database(action, id)
            .map((database) =>
              database?.DBInstanceStatus === 'stopped' || database?.DBInstanceStatus === 'stopping'
                ? { identifier: id, state: database.DBInstanceStatus }
                : null,
            ),
      }),
      'protection.lift': simpleHandler({
        type,
        claims,
        run: (id, action, signal) =>
          awsCall({ operation: 'rds:ModifyDBInstance', resource: action.target.arn ?? id, signal }, (options) =>
            rds(action).send(
              new ModifyDBInstanceCommand({
                DBInstanceIdentifier: id,
                DeletionProtection: false,
                ApplyImmediately: true,
              }),
              options,
            ),
          ).map(() => ({ identifier: id, deletionProtection: false })),
        readBack: (id, action) =>
          reads
            .database(action, id)
            .map((database) =>
              database !== null && database.DeletionProtection !== true
                ? { identifier: id, deletionProtection: false }
                : null,
            ),
      }),
      'resource.delete': deleteHandler(clients, reads),
    };
  },
};
