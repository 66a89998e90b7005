import type { FakeDataStores } from '../source/data-stores.js';
import { AWS_TYPES } from '../source/resource-types.js';
import type { FakeTagging } from '../source/tagging.js';
import { confirmedSnapshot, dataStoreKind } from './data-store-kind.js';
import { finalSnapshotIdentifier } from './rds-database-kind.js';
import type { ResourceKind } from './resource-kind.js';

/**
 * ElastiCache replication groups: the delete keeps a final snapshot named
 * from the action key (confirmed `available` in the result) and takes the
 * group's member clusters along.
 */
export function cacheGroupKind(stores: FakeDataStores, tagging: FakeTagging): ResourceKind {
  return dataStoreKind(stores, tagging, {
    type: AWS_TYPES.cacheGroup,
    list: 'cacheGroups',
    arnPattern: /^arn:aws[a-z-]*:elasticache:[a-z0-9-]+:\d{12}:replicationgroup:[A-Za-z][A-Za-z0-9-]{0,39}$/,
    service: 'elasticache',
    finalSnapshot: 'elasticache',
    idKey: 'replicationGroupId',
    idOf: (group) => group.groupId,
    fields: (group) => ({ state: 'available', resourceIdentity: group.createdAt }),
    remove: (arn, action) => {
      const name = finalSnapshotIdentifier(action.key);
      return stores.deleteCacheGroup(arn, name).andThen(() => confirmedSnapshot(stores, 'elasticache', name));
    },
  });
}
