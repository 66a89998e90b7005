import { type CacheCluster, DeleteCacheClusterCommand } from '@aws-sdk/client-elasticache';
import type { DecomError, Resource, ResultAsync } from '@decomkit/core';
import { decomError, okAsync } from '@decomkit/core';
import { type Place, resourceIdOf } from '../arns.js';
import type { AwsClients } from '../clients.js';
import { onResources } from '../permissions/iam-grant.js';
import { defineAwsResourceType } from './define-resource-type.js';
import { deleteUntilGone } from './delete-until-gone.js';
import {
  confirmElastiCacheSnapshot,
  describeCacheCluster,
  describedWithTags,
  ELASTICACHE_READS,
  elastiCacheClaims,
  withFinalSnapshots,
} from './elasticache-calls.js';
import { replicationGroupArn } from './elasticache-replication-group.js';
import { finalSnapshotIdentifier } from './rds-family.js';
import { limited, placeOf } from './resource-type.js';

const TYPE = 'AWS::ElastiCache::CacheCluster';
/** Clusters described at once during discovery. */
const CONCURRENCY = 8;

/** The id of an ElastiCache cache cluster ARN (`…:cluster:<id>`), or null. */
export function cacheClusterIdOf(arn: string): string | null {
  const id = resourceIdOf(arn, 'elasticache', 'cluster:', ':');
  return id !== null && /^[A-Za-z][A-Za-z0-9-]{0,49}$/.test(id) ? id : null;
}

function cacheClusterArn(place: Place, id: string): string {
  return `arn:${place.partition ?? 'aws'}:elasticache:${place.region}:${place.accountId}:cluster:${id}`;
}

/** Memcached keeps no snapshot: its delete keeps none. */
const keepsSnapshot = (cluster: CacheCluster) => cluster.Engine !== 'memcached';

function describeWithTags(clients: AwsClients, place: Place, id: string): ResultAsync<Resource | null, DecomError> {
  return describedWithTags(clients, place, describeCacheCluster(clients, place.region, id), (cluster) => {
    const group = cluster.ReplicationGroupId;
    return {
      type: TYPE,
      arn: cluster.ARN ?? cacheClusterArn(place, id),
      id,
      state: cluster.CacheClusterStatus,
      // A member goes with its replication group: deleted after it (which takes it along), never alone.
      dependsOn: group === undefined || group === '' ? [] : [replicationGroupArn(place, group)],
      createdAt: cluster.CacheClusterCreateTime,
    };
  });
}

/**
 * ElastiCache cache clusters. A standalone cluster's delete keeps a final
 * snapshot (DeleteCacheCluster with `FinalSnapshotIdentifier`, as a
 * replication group's; Memcached keeps none) and counts as done once the
 * cluster is gone and the snapshot reads `available`. A member of a
 * replication group depends on its group: it is retired with the group
 * (whose delete takes it along; its own delete then finds it gone) and its
 * own delete is refused (Conflict, nothing sent) while it still belongs to
 * a group; a group out of scope keeps it (a blocking finding).
 *
 * @example
 * ```ts
 * const retirement = awsRetirementPort(clients, [ELASTICACHE_REPLICATION_GROUP, ELASTICACHE_CACHE_CLUSTER]);
 * ```
 */
export const ELASTICACHE_CACHE_CLUSTER = defineAwsResourceType({
  iam: {
    read: ELASTICACHE_READS,
    delete: [onResources(withFinalSnapshots, 'elasticache:DeleteCacheCluster', 'elasticache:CreateSnapshot')],
  },
  type: TYPE,
  arnShape: { service: 'elasticache', prefix: 'cluster:' },
  idOf: cacheClusterIdOf,
  arnOf: cacheClusterArn,
  describeMany: (clients, place, ids) =>
    limited(ids, CONCURRENCY, (id) => describeWithTags(clients, place, id)).map((found) =>
      found.filter((resource): resource is Resource => resource !== null),
    ),
  delete: (clients) =>
    deleteUntilGone<CacheCluster>(clients, {
      type: TYPE,
      idOf: cacheClusterIdOf,
      claims: elastiCacheClaims,
      operation: 'elasticache:DeleteCacheCluster',
      idKey: 'cacheClusterId',
      read: (clients, action, id) => describeCacheCluster(clients, placeOf(action).region, id),
      deleting: (cluster) => cluster.CacheClusterStatus === 'deleting',
      finalSnapshot: (action, cluster) => (keepsSnapshot(cluster) ? finalSnapshotIdentifier(action.key) : null),
      confirm: confirmElastiCacheSnapshot,
      refusal: (_clients, action, id, cluster) => {
        const group = cluster.ReplicationGroupId;
        const resource = action.target.arn ?? id;
        return okAsync(
          group === undefined || group === ''
            ? null
            : decomError.conflict({
                message: `elasticache:DeleteCacheCluster on ${resource}: a member of replication group ${group}, retired with its group: not deleted alone`,
                resource,
              }),
        );
      },
      send: (clients, action, id, options, snapshot) =>
        clients.get('elasticache', placeOf(action).region).send(
          new DeleteCacheClusterCommand({
            CacheClusterId: id,
            ...(snapshot === null ? {} : { FinalSnapshotIdentifier: snapshot }),
          }),
          options,
        ),
    }),
});
