import { decomError, errAsync } from '@decomkit/core';
import type { FakeDataStores } from '../source/data-stores.js';
import { AWS_TYPES } from '../source/resource-types.js';
import type { FakeTagging } from '../source/tagging.js';
import { confirmedSnapshot, dataStoreKind } from './data-store-kind.js';
import { finalSnapshotIdentifier } from './rds-database-kind.js';
import type { ResourceKind } from './resource-kind.js';

/**
 * ElastiCache cache clusters: a member depends on its replication group and
 * is never deleted alone (Conflict, nothing sent); a standalone Redis
 * cluster's delete keeps a final snapshot, a Memcached one none.
 */
export function cacheClusterKind(stores: FakeDataStores, tagging: FakeTagging): ResourceKind {
  return dataStoreKind(stores, tagging, {
    type: AWS_TYPES.cacheCluster,
    list: 'cacheClusters',
    arnPattern: /^arn:aws[a-z-]*:elasticache:[a-z0-9-]+:\d{12}:cluster:[A-Za-z][A-Za-z0-9-]{0,49}$/,
    service: 'elasticache',
    finalSnapshot: 'elasticache',
    idKey: 'cacheClusterId',
    idOf: (cluster) => cluster.clusterId,
    fields: (cluster) => ({
      state: 'available',
      dependsOn:
        cluster.groupId === null
          ? []
          : [cluster.arn.replace(/:cluster:[^:]+$/, `:replicationgroup:${cluster.groupId}`)],
      resourceIdentity: cluster.createdAt,
    }),
    remove: (arn, action) =>
      stores.describe('cacheClusters', arn).andThen((cluster) => {
        if (cluster.groupId !== null) {
          return errAsync(
            decomError.conflict({
              message: `elasticache:DeleteCacheCluster on ${arn}: a member of replication group ${cluster.groupId}, retired with its group: not deleted alone`,
              resource: arn,
            }),
          );
        }
        const name = cluster.engine === 'memcached' ? null : finalSnapshotIdentifier(action.key);
        return stores.deleteCacheCluster(arn, name).andThen(() => confirmedSnapshot(stores, 'elasticache', name));
      }),
  });
}
