import { DeleteReplicationGroupCommand, type ReplicationGroup } from '@aws-sdk/client-elasticache';
import type { DecomError, Resource, ResultAsync } from '@decomkit/core';
import { type Place, resourceIdOf } from '../arns.js';
import type { AwsClients } from '../clients.js';
import { onResources } from '../permissions/iam-grant.js';
import { defineAwsResourceType } from './define-resource-type.js';
import { deleteUntilGone } from './delete-until-gone.js';
import {
  confirmElastiCacheSnapshot,
  describedWithTags,
  describeReplicationGroup,
  ELASTICACHE_READS,
  elastiCacheClaims,
  withFinalSnapshots,
} from './elasticache-calls.js';
import { finalSnapshotIdentifier } from './rds-family.js';
import { limited, placeOf } from './resource-type.js';

const TYPE = 'AWS::ElastiCache::ReplicationGroup';
/** Groups described at once during discovery. */
const CONCURRENCY = 8;

/** The id of an ElastiCache replication group ARN (`…:replicationgroup:<id>`), or null. */
export function replicationGroupIdOf(arn: string): string | null {
  const id = resourceIdOf(arn, 'elasticache', 'replicationgroup:', ':');
  return id !== null && /^[A-Za-z][A-Za-z0-9-]{0,39}$/.test(id) ? id : null;
}

/** The ARN of replication group `id`. */
export function replicationGroupArn(place: Place, id: string): string {
  return `arn:${place.partition ?? 'aws'}:elasticache:${place.region}:${place.accountId}:replicationgroup:${id}`;
}

function describeWithTags(clients: AwsClients, place: Place, id: string): ResultAsync<Resource | null, DecomError> {
  return describedWithTags(clients, place, describeReplicationGroup(clients, place.region, id), (group) => ({
    type: TYPE,
    arn: group.ARN ?? replicationGroupArn(place, id),
    id,
    state: group.Status,
    dependsOn: [],
    createdAt: group.ReplicationGroupCreateTime,
  }));
}

/**
 * ElastiCache (Redis OSS, Valkey) replication groups. Their data's backup is
 * the final snapshot the delete keeps: DeleteReplicationGroup with
 * `FinalSnapshotIdentifier` (`decomkit-final-<hash of the action key>`, so a
 * retry reuses it) and `RetainPrimaryCluster: false`; the delete counts as
 * done only once the group is gone and that snapshot reads `available`
 * (missing or failed: ProviderFailure naming it). AWS Backup keeps no
 * ElastiCache, so the type is not `holdsData` (no pre-delete backup gate).
 * Its member cache clusters go with it: they depend on it and are never
 * deleted alone. No protection, no scream test (stopping a cache is not
 * offered). A group already `deleting` is waited on until gone.
 *
 * @example
 * ```ts
 * const providers = awsSource({ region: 'eu-west-1', resourceTypes: [...AWS_RESOURCE_TYPES] });
 * ```
 */
export const ELASTICACHE_REPLICATION_GROUP = defineAwsResourceType({
  iam: {
    read: ELASTICACHE_READS,
    delete: [onResources(withFinalSnapshots, 'elasticache:DeleteReplicationGroup', 'elasticache:CreateSnapshot')],
  },
  type: TYPE,
  arnShape: { service: 'elasticache', prefix: 'replicationgroup:' },
  idOf: replicationGroupIdOf,
  arnOf: replicationGroupArn,
  describeMany: (clients, place, ids) =>
    limited(ids, CONCURRENCY, (id) => describeWithTags(clients, place, id)).map((found) =>
      found.filter((resource): resource is Resource => resource !== null),
    ),
  delete: (clients) =>
    deleteUntilGone<ReplicationGroup>(clients, {
      type: TYPE,
      idOf: replicationGroupIdOf,
      claims: elastiCacheClaims,
      operation: 'elasticache:DeleteReplicationGroup',
      idKey: 'replicationGroupId',
      read: (clients, action, id) => describeReplicationGroup(clients, placeOf(action).region, id),
      deleting: (group) => group.Status === 'deleting',
      finalSnapshot: (action) => finalSnapshotIdentifier(action.key),
      confirm: confirmElastiCacheSnapshot,
      send: (clients, action, id, options, snapshot) =>
        clients.get('elasticache', placeOf(action).region).send(
          new DeleteReplicationGroupCommand({
            ReplicationGroupId: id,
            RetainPrimaryCluster: false,
            ...(snapshot === null ? {} : { FinalSnapshotIdentifier: snapshot }),
          }),
          options,
        ),
    }),
});
