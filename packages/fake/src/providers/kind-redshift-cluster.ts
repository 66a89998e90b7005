import { errAsync, okAsync } from '@decomkit/core';
import type { FakeDataStores } from '../source/data-stores.js';
import { AWS_TYPES } from '../source/resource-types.js';
import type { FakeTagging } from '../source/tagging.js';
import { confirmedSnapshot, dataStoreKind } from './data-store-kind.js';
import { finalSnapshotIdentifier } from './rds-database-kind.js';
import type { ResourceKind } from './resource-kind.js';

/**
 * Redshift clusters: hold data; PauseCluster as the scream test; the delete
 * keeps a final snapshot named from the action key.
 */
export function warehouseKind(stores: FakeDataStores, tagging: FakeTagging): ResourceKind {
  return dataStoreKind(stores, tagging, {
    type: AWS_TYPES.warehouse,
    list: 'warehouses',
    arnPattern: /^arn:aws[a-z-]*:redshift:[a-z0-9-]+:\d{12}:cluster:[a-z][a-z0-9-]{0,62}$/,
    service: 'redshift',
    finalSnapshot: 'redshift',
    idKey: 'clusterIdentifier',
    idOf: (cluster) => cluster.clusterIdentifier,
    fields: (cluster) => ({ state: cluster.status, resourceIdentity: cluster.createdAt }),
    holdsData: true,
    stop: (stores) => ({
      run: (arn) =>
        stores
          .pauseWarehouse(arn)
          .map((cluster) => ({ clusterIdentifier: cluster.clusterIdentifier, state: cluster.status })),
      // A cluster that is gone is not paused: the stop is absent (its re-execution answers NotFound).
      readBack: (arn) =>
        stores
          .describe('warehouses', arn)
          .map((cluster) =>
            cluster.status === 'paused' ? { clusterIdentifier: cluster.clusterIdentifier, state: 'paused' } : null,
          )
          .orElse((error) => (error.code === 'NotFound' ? okAsync(null) : errAsync(error))),
    }),
    remove: (arn, action) => {
      const name = finalSnapshotIdentifier(action.key);
      return stores.deleteWarehouse(arn, name).andThen(() => confirmedSnapshot(stores, 'redshift', name));
    },
  });
}
