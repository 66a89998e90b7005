import {
  type DBCluster,
  type DBInstance,
  DeleteDBClusterCommand,
  DescribeDBClusterSnapshotsCommand,
  ModifyDBClusterCommand,
  paginateDescribeDBClusters,
  paginateDescribeDBInstances,
  StopDBClusterCommand,
} from '@aws-sdk/client-rds';
import { errAsync, okAsync, type Resource } from '@decomkit/core';
import { type Place, resourceIdOf } from '../arns.js';
import { awsCall } from '../aws-call.js';
import { arnLike, onResources, onTarget } from '../permissions/iam-grant.js';
import { filterDescribe } from './declared-calls.js';
import { finalSnapshotIdentifier, rdsFamilyType, rdsRefusal } from './rds-family.js';
import { nameFrom, placeOf, tagRecord } from './resource-type.js';

const TYPE = 'AWS::RDS::DBCluster';

/** The DB cluster identifier of an RDS DB cluster ARN (`…:cluster:<id>`), or null. */
export function dbClusterIdOf(arn: string): string | null {
  return resourceIdOf(arn, 'rds', 'cluster:', ':');
}

function clusterArn(place: Place, id: string): string {
  return `arn:${place.partition ?? 'aws'}:rds:${place.region}:${place.accountId}:cluster:${id}`;
}

function memberArn(cluster: string, member: string): string {
  return cluster.replace(/:cluster:[^:]+$/, `:db:${member}`);
}

/** The DB clusters among `ids` (DescribeDBClusters with a `db-cluster-id` filter: missing ids are no error). */
export const describeClusters = filterDescribe(
  'rds',
  'rds:DescribeDBClusters',
  paginateDescribeDBClusters,
  'db-cluster-id',
  (page) => page.DBClusters,
  { chunk: 100 },
);

/** The member DB instances of clusters (DescribeDBInstances with a `db-cluster-id` filter). */
const describeMembers = filterDescribe(
  'rds',
  'rds:DescribeDBInstances',
  paginateDescribeDBInstances,
  'db-cluster-id',
  (page): DBInstance[] | undefined => page.DBInstances,
  { chunk: 100 },
);

function toResource(place: Place, cluster: DBCluster): Resource {
  const id = cluster.DBClusterIdentifier ?? '';
  const arn = cluster.DBClusterArn ?? clusterArn(place, id);
  return {
    arn,
    type: TYPE,
    accountId: place.accountId,
    region: place.region,
    ...nameFrom({}, id),
    tags: tagRecord(cluster.TagList),
    state: cluster.Status ?? 'unknown',
    protection: { deletion: cluster.DeletionProtection === true, stop: false },
    // As in the fake: a cluster is deleted after its member instances.
    dependsOn: (cluster.DBClusterMembers ?? [])
      .map((member) => member.DBInstanceIdentifier)
      .filter((member): member is string => member !== undefined && member !== '')
      .map((member) => memberArn(arn, member)),
    // Its creation time tells it from a cluster later created under the same name (its snapshots record it).
    ...(cluster.ClusterCreateTime === undefined ? {} : { resourceIdentity: cluster.ClusterCreateTime.toISOString() }),
  };
}

/**
 * RDS (Aurora) DB clusters: protection is DeletionProtection (ModifyDBCluster
 * to lift, applied immediately); stop is StopDBCluster (its members stop with
 * it); delete keeps a final cluster snapshot (the same `decomkit-final-<hash>`
 * as a DB instance) and is refused (Conflict, nothing sent) while a member
 * instance is not being deleted: a cluster depends on its members, which go
 * first. Its final snapshot covers its members' data.
 *
 * @example
 * ```ts
 * const retirement = awsRetirementPort(clients, [RDS_DB_INSTANCE, RDS_DB_CLUSTER]);
 * ```
 */
export const RDS_DB_CLUSTER = rdsFamilyType<DBCluster>({
  iam: {
    read: ['rds:DescribeDBClusters', 'rds:DescribeDBInstances', 'rds:DescribeDBClusterSnapshots'],
    stop: [onTarget('rds:StopDBCluster')],
    lift: [onTarget('rds:ModifyDBCluster')],
    delete: [
      onResources(
        (arn) => [arn, arnLike(arn, 'rds', 'cluster-snapshot:decomkit-*')],
        'rds:DeleteDBCluster',
        'rds:CreateDBClusterSnapshot',
      ),
      // RDS copies the cluster's tags to its final snapshot as the caller.
      onResources((arn) => [arnLike(arn, 'rds', 'cluster-snapshot:decomkit-*')], 'rds:AddTagsToResource'),
    ],
  },
  type: TYPE,
  noun: 'DBCluster',
  arnShape: { service: 'rds', prefix: 'cluster:' },
  config: { pattern: /^cluster:([A-Za-z][A-Za-z0-9-]*)$/, lookup: 'name' },
  holdsData: true,
  backupCovers: ['AWS::RDS::DBInstance'],
  idOf: dbClusterIdOf,
  arnOf: clusterArn,
  describeItems: (clients, place, ids) => describeClusters(clients, place.region, ids),
  itemId: (cluster) => cluster.DBClusterIdentifier,
  toResource,
  reads: (clients) => ({
    item: (action, id) => describeClusters(clients, placeOf(action).region, [id]).map((found) => found[0] ?? null),
    snapshot: (action, identifier) =>
      awsCall({ operation: 'rds:DescribeDBClusterSnapshots', resource: action.target.arn ?? identifier }, () =>
        clients
          .get('rds', placeOf(action).region)
          .send(new DescribeDBClusterSnapshotsCommand({ DBClusterSnapshotIdentifier: identifier })),
      )
        .map((output) => output.DBClusterSnapshots?.[0] ?? null)
        .orElse((error) => (error.code === 'NotFound' ? okAsync(null) : errAsync(error)))
        .map((found) => (found === null ? null : { arn: found.DBClusterSnapshotArn, status: found.Status })),
  }),
  status: (cluster) => cluster.Status,
  deletionProtection: (cluster) => cluster.DeletionProtection === true,
  stop: (rds, id, options) =>
    rds
      .send(new StopDBClusterCommand({ DBClusterIdentifier: id }), options)
      .then((output) => ({ state: output.DBCluster?.Status })),
  lift: (rds, id, options) =>
    rds.send(
      new ModifyDBClusterCommand({ DBClusterIdentifier: id, DeletionProtection: false, ApplyImmediately: true }),
      options,
    ),
  finalSnapshot: (action) => finalSnapshotIdentifier(action.key),
  beforeDelete: (clients, action, id) =>
    describeMembers(clients, placeOf(action).region, [id]).andThen((members) => {
      const live = members.filter((member) => member.DBInstanceStatus !== 'deleting');
      if (live.length === 0) return okAsync(undefined);
      const names = live.map((member) => member.DBInstanceIdentifier ?? '').join(', ');
      return rdsRefusal(
        'DBCluster',
        action.target.arn ?? id,
        `member DB instances ${names} are not deleted yet (delete them first)`,
      );
    }),
  delete: (rds, id, snapshot, options) =>
    rds.send(
      new DeleteDBClusterCommand({
        DBClusterIdentifier: id,
        SkipFinalSnapshot: false,
        FinalDBSnapshotIdentifier: snapshot ?? undefined,
        DeleteAutomatedBackups: false,
      }),
      options,
    ),
});
