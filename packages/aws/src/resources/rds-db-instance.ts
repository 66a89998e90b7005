import {
  type DBInstance,
  DeleteDBInstanceCommand,
  ModifyDBInstanceCommand,
  paginateDescribeDBInstances,
  paginateDescribeDBSnapshots,
  StopDBInstanceCommand,
} from '@aws-sdk/client-rds';
import type { Resource } from '@decomkit/core';
import { type Place, resourceIdOf } from '../arns.js';
import type { AwsClients } from '../clients.js';
import { coalescedReads } from '../coalesced-reads.js';
import { arnLike, onResources, onTarget } from '../permissions/iam-grant.js';
import { filterDescribe } from './declared-calls.js';
import { finalSnapshotIdentifier, type RdsReads, rdsFamilyType } from './rds-family.js';
import { nameFrom, placeOf, tagRecord } from './resource-type.js';

export { finalSnapshotIdentifier };

const TYPE = 'AWS::RDS::DBInstance';
/** Identifiers per `db-instance-id` filter (RDS takes up to 100 filter values). */
const FILTER_CHUNK = 100;

/** The DB instance identifier of an RDS DB instance ARN, or null. */
export function dbInstanceIdOf(arn: string): string | null {
  return resourceIdOf(arn, 'rds', 'db:', ':');
}

function dbArn(place: Place, id: string): string {
  return `arn:${place.partition ?? 'aws'}:rds:${place.region}:${place.accountId}:db:${id}`;
}

/** The DB instances among `ids` (DescribeDBInstances with a `db-instance-id` filter: missing ids are no error). */
export const describeDatabases = filterDescribe(
  'rds',
  'rds:DescribeDBInstances',
  paginateDescribeDBInstances,
  'db-instance-id',
  (page) => page.DBInstances,
  { chunk: FILTER_CHUNK },
);

/** The final snapshots among `identifiers` (DescribeDBSnapshots with a `db-snapshot-id` filter). */
const describeSnapshots = filterDescribe(
  'rds',
  'rds:DescribeDBSnapshots',
  paginateDescribeDBSnapshots,
  'db-snapshot-id',
  (page) => page.DBSnapshots,
  { chunk: FILTER_CHUNK },
);

/**
 * The reads the handlers make, coalesced: the describes before a hundred
 * deletes (and their polls, and the final snapshots' reads) made at about the
 * same time go out as one DescribeDBInstances (DescribeDBSnapshots) per region
 * (100 ids per filter): the deletes' waits are polled in rounds, one read per round.
 */
function databaseReads(clients: AwsClients): RdsReads<DBInstance> {
  const byId =
    <T>(key: (found: T) => string | undefined) =>
    (found: T[]) =>
      new Map(found.map((one) => [key(one) ?? '', one]));
  const databases = coalescedReads(FILTER_CHUNK, (region, ids) =>
    describeDatabases(clients, region, ids).map(byId((database) => database.DBInstanceIdentifier)),
  );
  const snapshots = coalescedReads(FILTER_CHUNK, (region, identifiers) =>
    describeSnapshots(clients, region, identifiers).map(byId((snapshot) => snapshot.DBSnapshotIdentifier)),
  );
  return {
    together: true,
    item: (action, id) => databases(placeOf(action).region, id),
    snapshot: (action, identifier) =>
      snapshots(placeOf(action).region, identifier).map((found) =>
        found === null ? null : { arn: found.DBSnapshotArn, status: found.Status },
      ),
  };
}

function toResource(place: Place, database: DBInstance): Resource {
  const id = database.DBInstanceIdentifier ?? '';
  return {
    arn: database.DBInstanceArn ?? dbArn(place, id),
    type: TYPE,
    accountId: place.accountId,
    region: place.region,
    ...nameFrom({}, id),
    tags: tagRecord(database.TagList),
    state: database.DBInstanceStatus ?? 'unknown',
    protection: { deletion: database.DeletionProtection === true, stop: false },
    dependsOn: [],
    ...(database.DbiResourceId === undefined ? {} : { resourceIdentity: database.DbiResourceId }),
  };
}

/** An Aurora member takes no final snapshot of its own, and stops with its cluster. */
function isAuroraMember(database: DBInstance): boolean {
  return database.DBClusterIdentifier !== undefined && database.DBClusterIdentifier !== '';
}

/**
 * RDS DB instances: protection is DeletionProtection (ModifyDBInstance to
 * lift, applied immediately); stop is StopDBInstance (an Aurora member stops
 * with its cluster: done with a note); delete keeps a final snapshot
 * (an Aurora member's is its cluster's), polled until gone.
 */
export const RDS_DB_INSTANCE = rdsFamilyType<DBInstance>({
  iam: {
    read: ['rds:DescribeDBInstances', 'rds:DescribeDBSnapshots'],
    stop: [onTarget('rds:StopDBInstance')],
    lift: [onTarget('rds:ModifyDBInstance')],
    delete: [
      onResources(
        (arn) => [arn, arnLike(arn, 'rds', 'snapshot:decomkit-*')],
        'rds:DeleteDBInstance',
        'rds:CreateDBSnapshot',
      ),
      // RDS copies the instance's tags to its final snapshot as the caller.
      onResources((arn) => [arnLike(arn, 'rds', 'snapshot:decomkit-*')], 'rds:AddTagsToResource'),
    ],
  },
  type: TYPE,
  noun: 'DBInstance',
  arnShape: { service: 'rds', prefix: 'db:' },
  config: { pattern: /^db:([A-Za-z][A-Za-z0-9-]*)$/, lookup: 'name' },
  holdsData: true,
  traffic: { namespace: 'AWS/RDS', metric: 'DatabaseConnections', reportsWhile: ['available'] },
  idOf: dbInstanceIdOf,
  arnOf: dbArn,
  describeItems: (clients, place, ids) => describeDatabases(clients, place.region, ids),
  itemId: (database) => database.DBInstanceIdentifier,
  toResource,
  reads: databaseReads,
  status: (database) => database.DBInstanceStatus,
  deletionProtection: (database) => database.DeletionProtection === true,
  stoppedWithout: (database, id) =>
    isAuroraMember(database)
      ? {
          identifier: id,
          state: database.DBInstanceStatus ?? 'unknown',
          stopped: false,
          note: `an Aurora member stops with its cluster ${database.DBClusterIdentifier}`,
        }
      : null,
  stop: (rds, id, options) =>
    rds
      .send(new StopDBInstanceCommand({ DBInstanceIdentifier: id }), options)
      .then((output) => ({ state: output.DBInstance?.DBInstanceStatus })),
  lift: (rds, id, options) =>
    rds.send(
      new ModifyDBInstanceCommand({ DBInstanceIdentifier: id, DeletionProtection: false, ApplyImmediately: true }),
      options,
    ),
  finalSnapshot: (action, database) =>
    database !== null && isAuroraMember(database) ? null : finalSnapshotIdentifier(action.key),
  delete: (rds, id, snapshot, options) =>
    rds.send(
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
});
