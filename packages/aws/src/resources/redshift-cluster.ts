import {
  type Cluster,
  DeleteClusterCommand,
  DescribeClusterSnapshotsCommand,
  DescribeClustersCommand,
  PauseClusterCommand,
  paginateDescribeClusters,
} from '@aws-sdk/client-redshift';
import type { Action, DecomError, JsonObject, Resource, ResultAsync } from '@decomkit/core';
import { decomError, errAsync, okAsync } from '@decomkit/core';
import { carriesEveryTag } from '@decomkit/provider-kit';
import { type Place, resourceIdOf } from '../arns.js';
import { awsCall } from '../aws-call.js';
import type { AwsClients } from '../clients.js';
import { arnLike, onResources, onTarget } from '../permissions/iam-grant.js';
import { defineAwsResourceType } from './define-resource-type.js';
import { deleteUntilGone } from './delete-until-gone.js';
import { confirmFinalSnapshot } from './final-snapshot.js';
import { finalSnapshotIdentifier } from './rds-family.js';
import { claimsOn, nameFrom, placeOf, simpleHandler, tagRecord } from './resource-type.js';

const TYPE = 'AWS::Redshift::Cluster';
/** Redshift control calls claim the engine's `default` bucket of the service. */
const claims = claimsOn('redshift', 'default');

/** The identifier of a Redshift cluster ARN (`…:cluster:<id>`), or null. */
export function redshiftClusterIdOf(arn: string): string | null {
  const id = resourceIdOf(arn, 'redshift', 'cluster:', ':');
  return id !== null && /^[a-z][a-z0-9-]{0,62}$/.test(id) ? id : null;
}

function clusterArn(place: Place, id: string): string {
  return `arn:${place.partition ?? 'aws'}:redshift:${place.region}:${place.accountId}:cluster:${id}`;
}

/** DescribeClusters of one identifier: the cluster, or null when it does not exist. */
function describeCluster(clients: AwsClients, region: string, id: string): ResultAsync<Cluster | null, DecomError> {
  return awsCall({ operation: 'redshift:DescribeClusters', resource: id }, () =>
    clients.get('redshift', region).send(new DescribeClustersCommand({ ClusterIdentifier: id })),
  )
    .map((output) => output.Clusters?.[0] ?? null)
    .orElse((error) => (error.code === 'NotFound' ? okAsync(null) : errAsync(error)));
}

function toResource(place: Place, cluster: Cluster): Resource {
  const id = cluster.ClusterIdentifier ?? '';
  return {
    arn: clusterArn(place, id),
    type: TYPE,
    accountId: place.accountId,
    region: place.region,
    ...nameFrom({}, id),
    tags: tagRecord(cluster.Tags),
    state: cluster.ClusterStatus ?? 'unknown',
    protection: { deletion: false, stop: false },
    dependsOn: [],
    // Its creation time tells it from a cluster later created under the same name (its backups record it).
    ...(cluster.ClusterCreateTime === undefined ? {} : { resourceIdentity: cluster.ClusterCreateTime.toISOString() }),
  };
}

/** Every cluster of the region (DescribeClusters, every page): discovery by the tags each carries. */
function allClusters(clients: AwsClients, region: string): ResultAsync<Cluster[], DecomError> {
  return awsCall({ operation: 'redshift:DescribeClusters' }, async () => {
    const found: Cluster[] = [];
    for await (const page of paginateDescribeClusters({ client: clients.get('redshift', region) }, {})) {
      found.push(...(page.Clusters ?? []));
    }
    return found;
  });
}

const paused = (cluster: Cluster | null, id: string): JsonObject | null =>
  cluster?.ClusterStatus === 'paused' || cluster?.ClusterStatus === 'pausing'
    ? { clusterIdentifier: id, state: cluster.ClusterStatus }
    : null;

/** The cluster snapshot named `name`, as a final snapshot read back (null: none). */
function readSnapshot(clients: AwsClients, action: Action, name: string) {
  return awsCall({ operation: 'redshift:DescribeClusterSnapshots', resource: name }, () =>
    clients
      .get('redshift', placeOf(action).region)
      .send(new DescribeClusterSnapshotsCommand({ SnapshotIdentifier: name })),
  )
    .map((output) => {
      const found = output.Snapshots?.[0];
      return found === undefined ? null : { arn: found.SnapshotArn, status: found.Status };
    })
    .orElse((error) => (error.code === 'NotFound' ? okAsync(null) : errAsync(error)));
}

/**
 * Redshift provisioned clusters. They hold data (`holdsData`): the engine
 * deletes one only after a COMPLETED recovery point of it (AWS Backup backs
 * Redshift clusters up) or under the workload's backup waiver, and the delete
 * keeps a final snapshot too: DeleteCluster with `SkipFinalClusterSnapshot:
 * false` and `FinalClusterSnapshotIdentifier` (`decomkit-final-<hash of the
 * action key>`), done only once the cluster is gone and the snapshot reads
 * `available`. Scream test: PauseCluster (reversible with ResumeCluster;
 * compute stops, storage stays); a paused cluster counts as stopped. No
 * deletion protection. Discovery also reads DescribeClusters' tags
 * (`discoverByTags`), as the emulator's tagging API lists no cluster.
 *
 * @example
 * ```ts
 * const retirement = awsRetirementPort(clients, [REDSHIFT_CLUSTER]);
 * ```
 */
export const REDSHIFT_CLUSTER = defineAwsResourceType({
  iam: {
    read: ['redshift:DescribeClusters', 'redshift:DescribeClusterSnapshots'],
    stop: [onTarget('redshift:PauseCluster')],
    delete: [
      onResources(
        (arn) => [arn, arnLike(arn, 'redshift', 'snapshot:*/decomkit-*')],
        'redshift:DeleteCluster',
        'redshift:CreateClusterSnapshot',
      ),
    ],
  },
  type: TYPE,
  arnShape: { service: 'redshift', prefix: 'cluster:' },
  config: { pattern: /^cluster:([a-z][a-z0-9-]*)$/, lookup: 'name' },
  holdsData: true,
  stoppable: true,
  idOf: redshiftClusterIdOf,
  arnOf: clusterArn,
  describeMany: (clients, place, ids) =>
    allClusters(clients, place.region).map((clusters) =>
      clusters
        .filter((cluster) => ids.includes(cluster.ClusterIdentifier ?? ''))
        .map((cluster) => toResource(place, cluster)),
    ),
  discoverByTags: (clients, place, tags) =>
    allClusters(clients, place.region).map((clusters) =>
      clusters
        .filter((cluster) => carriesEveryTag(tagRecord(cluster.Tags), tags))
        .map((cluster) => toResource(place, cluster)),
    ),
  handlers: (clients) => ({
    'resource.stop': simpleHandler({
      type: { type: TYPE, idOf: redshiftClusterIdOf },
      claims,
      run: (id, action, signal) =>
        describeCluster(clients, placeOf(action).region, id).andThen((cluster): ResultAsync<JsonObject, DecomError> => {
          const resource = action.target.arn ?? id;
          if (cluster === null) {
            return errAsync(
              decomError.notFound({ message: `redshift:PauseCluster: ${resource} does not exist`, resource }),
            );
          }
          const already = paused(cluster, id);
          if (already !== null) return okAsync(already);
          return awsCall({ operation: 'redshift:PauseCluster', resource, signal }, (options) =>
            clients
              .get('redshift', placeOf(action).region)
              .send(new PauseClusterCommand({ ClusterIdentifier: id }), options),
          ).map((output) => ({ clusterIdentifier: id, state: output.Cluster?.ClusterStatus ?? 'pausing' }));
        }),
      readBack: (id, action) =>
        describeCluster(clients, placeOf(action).region, id).map((cluster) => paused(cluster, id)),
    }),
  }),
  delete: (clients) =>
    deleteUntilGone<Cluster>(clients, {
      type: TYPE,
      idOf: redshiftClusterIdOf,
      claims,
      operation: 'redshift:DeleteCluster',
      idKey: 'clusterIdentifier',
      read: (clients, action, id) => describeCluster(clients, placeOf(action).region, id),
      deleting: (cluster) => cluster.ClusterStatus === 'deleting' || cluster.ClusterStatus === 'final-snapshot',
      finalSnapshot: (action) => finalSnapshotIdentifier(action.key),
      confirm: confirmFinalSnapshot('redshift:DescribeClusterSnapshots', readSnapshot, 'available', ['creating']),
      send: (clients, action, id, options, snapshot) =>
        clients.get('redshift', placeOf(action).region).send(
          new DeleteClusterCommand({
            ClusterIdentifier: id,
            SkipFinalClusterSnapshot: false,
            FinalClusterSnapshotIdentifier: snapshot ?? finalSnapshotIdentifier(action.key),
          }),
          options,
        ),
    }),
});
