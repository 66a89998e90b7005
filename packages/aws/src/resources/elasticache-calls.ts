import {
  type CacheCluster,
  DescribeCacheClustersCommand,
  DescribeReplicationGroupsCommand,
  DescribeSnapshotsCommand,
  ListTagsForResourceCommand,
  type ReplicationGroup,
  type Tag,
} from '@aws-sdk/client-elasticache';
import type { Action, DecomError, Resource, ResultAsync } from '@decomkit/core';
import { errAsync, okAsync } from '@decomkit/core';
import type { Place } from '../arns.js';
import { awsCall } from '../aws-call.js';
import type { AwsClients } from '../clients.js';
import { arnLike } from '../permissions/iam-grant.js';
import { confirmFinalSnapshot } from './final-snapshot.js';
import { claimsOn, nameFrom, placeOf, tagRecord } from './resource-type.js';

/** ElastiCache control calls claim the engine's `default` bucket of the service. */
export const elastiCacheClaims = claimsOn('elasticache', 'default');

/** A NotFound answer as null: the resource does not exist (any more). */
function orNull<T>(read: ResultAsync<T | null, DecomError>): ResultAsync<T | null, DecomError> {
  return read.orElse((error) => (error.code === 'NotFound' ? okAsync(null) : errAsync(error)));
}

/** DescribeReplicationGroups of one id: the group, or null when it does not exist. */
export function describeReplicationGroup(
  clients: AwsClients,
  region: string,
  id: string,
): ResultAsync<ReplicationGroup | null, DecomError> {
  return orNull(
    awsCall({ operation: 'elasticache:DescribeReplicationGroups', resource: id }, () =>
      clients.get('elasticache', region).send(new DescribeReplicationGroupsCommand({ ReplicationGroupId: id })),
    ).map((output) => output.ReplicationGroups?.[0] ?? null),
  );
}

/** DescribeCacheClusters of one id: the cluster, or null when it does not exist. */
export function describeCacheCluster(
  clients: AwsClients,
  region: string,
  id: string,
): ResultAsync<CacheCluster | null, DecomError> {
  return orNull(
    awsCall({ operation: 'elasticache:DescribeCacheClusters', resource: id }, () =>
      clients.get('elasticache', region).send(new DescribeCacheClustersCommand({ CacheClusterId: id })),
    ).map((output) => output.CacheClusters?.[0] ?? null),
  );
}

/** The tags of an ElastiCache resource, or null when it is gone between the describe and this call. */
export function elastiCacheTags(
  clients: AwsClients,
  region: string,
  arn: string,
): ResultAsync<Tag[] | null, DecomError> {
  return orNull(
    awsCall({ operation: 'elasticache:ListTagsForResource', resource: arn }, () =>
      clients.get('elasticache', region).send(new ListTagsForResourceCommand({ ResourceName: arn })),
    ).map((output) => output.TagList ?? []),
  );
}

/** The snapshot named `name`, as a final snapshot read back (null: none). */
function readSnapshot(clients: AwsClients, action: Action, name: string) {
  return orNull(
    awsCall({ operation: 'elasticache:DescribeSnapshots', resource: name }, () =>
      clients.get('elasticache', placeOf(action).region).send(new DescribeSnapshotsCommand({ SnapshotName: name })),
    ).map((output) => {
      const found = output.Snapshots?.[0];
      return found === undefined ? null : { arn: found.ARN, status: found.SnapshotStatus };
    }),
  );
}

/** Confirms an ElastiCache final snapshot: `available`, waited on while `creating`. */
export const confirmElastiCacheSnapshot = confirmFinalSnapshot(
  'elasticache:DescribeSnapshots',
  readSnapshot,
  'available',
  ['creating'],
);

/** What an ElastiCache describe tells of one resource, for {@link describedWithTags}. */
export interface ElastiCacheFacts {
  readonly type: string;
  readonly arn: string;
  readonly id: string;
  readonly state: string | undefined;
  readonly dependsOn: readonly string[];
  readonly createdAt: Date | undefined;
}

/**
 * An ElastiCache group or cluster read (null: gone) as a resource with its
 * tags (ListTagsForResource); one deleted between the two calls has
 * unreadable tags: reported, never touched. Its creation time is its identity.
 */
export function describedWithTags<Item>(
  clients: AwsClients,
  place: Place,
  read: ResultAsync<Item | null, DecomError>,
  facts: (item: Item) => ElastiCacheFacts,
): ResultAsync<Resource | null, DecomError> {
  return read.andThen((item) => {
    if (item === null) return okAsync(null);
    const { type, arn, id, state, dependsOn, createdAt } = facts(item);
    return elastiCacheTags(clients, place.region, arn).map(
      (tags): Resource => ({
        arn,
        type,
        accountId: place.accountId,
        region: place.region,
        ...nameFrom({}, id),
        tags: tags === null ? null : tagRecord(tags),
        state: state ?? 'unknown',
        protection: { deletion: false, stop: false },
        dependsOn: [...dependsOn],
        ...(createdAt === undefined ? {} : { resourceIdentity: createdAt.toISOString() }),
      }),
    );
  });
}

/** The IAM actions of these reads (the ElastiCache types' `iam.read`). */
export const ELASTICACHE_READS: readonly string[] = [
  'elasticache:DescribeCacheClusters',
  'elasticache:DescribeReplicationGroups',
  'elasticache:DescribeSnapshots',
  'elasticache:ListTagsForResource',
];

/** A delete's resources with its final snapshot: the cluster or group, and the snapshots of its account and region. */
export function withFinalSnapshots(arn: string): readonly string[] {
  return [arn, arnLike(arn, 'elasticache', 'snapshot:*')];
}
