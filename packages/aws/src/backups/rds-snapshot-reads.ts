import type { Action, DecomError, HandlerOutcome, RecoveryPoint, ResultAsync } from '@decomkit/core';
import { decomError, errAsync, okAsync } from '@decomkit/core';
import { ACTION_TAG } from '@decomkit/provider-kit';

/**
 * The first snapshot a Describe call returns, or null when there is none or
 * RDS answers NotFound (an RDS DB or cluster snapshot looked up by name).
 *
 * @example
 * ```ts
 * firstSnapshotOrNull(awsCall({ operation: 'rds:DescribeDBSnapshots', resource: id }, send).map((out) => out.DBSnapshots));
 * ```
 */
export function firstSnapshotOrNull<Snapshot>(
  listed: ResultAsync<readonly Snapshot[] | undefined, DecomError>,
): ResultAsync<Snapshot | null, DecomError> {
  return listed
    .map((found): Snapshot | null => found?.[0] ?? null)
    .orElse((error) => (error.code === 'NotFound' ? okAsync(null) : errAsync(error)));
}

/**
 * The outcome of polling the snapshot named `identifier`: NotFound when it
 * vanished, otherwise `outcome` of it.
 *
 * @example
 * ```ts
 * describeDbSnapshot(clients, region, identifier).andThen((found) =>
 *   polledSnapshot(action, identifier, found, (snapshot) => rdsOutcome(clients, action, snapshot)),
 * );
 * ```
 */
export function polledSnapshot<Snapshot>(
  action: Action,
  identifier: string,
  found: Snapshot | null,
  outcome: (snapshot: Snapshot) => HandlerOutcome,
): ResultAsync<HandlerOutcome, DecomError> {
  return found === null
    ? errAsync(decomError.notFound({ message: `snapshot ${identifier} of ${action.target.arn} vanished` }))
    : okAsync(outcome(found));
}

/** An RDS DB or cluster snapshot, as a recovery point needs it. */
export interface RdsSnapshotFacts {
  /** The snapshot's ARN. */
  readonly arn: string | undefined;
  /** RDS's status (`available`, `failed`, `creating`, …). */
  readonly status: string | undefined;
  /** When it was taken. */
  readonly createdAt: Date | undefined;
  /** Its tags. */
  readonly tagList: readonly { Key?: string; Value?: string }[] | undefined;
  /** The identity of the resource it was taken of. */
  readonly resourceIdentity: string | null;
}

/**
 * A manual RDS DB or cluster snapshot of `resourceArn` as a recovery point
 * (no expiry; the action that took it named by its `decomkit:action` tag).
 *
 * @example
 * ```ts
 * rdsSnapshotPoint(resourceArn, {
 *   arn: snapshot.DBSnapshotArn,
 *   status: snapshot.Status,
 *   createdAt: snapshot.SnapshotCreateTime,
 *   tagList: snapshot.TagList,
 *   resourceIdentity: snapshot.DbiResourceId ?? null,
 * });
 * ```
 */
export function rdsSnapshotPoint(resourceArn: string, snapshot: RdsSnapshotFacts): RecoveryPoint {
  const tags = Object.fromEntries((snapshot.tagList ?? []).map((tag) => [tag.Key ?? '', tag.Value ?? '']));
  return {
    arn: snapshot.arn ?? '',
    resourceArn,
    status: snapshot.status === 'available' ? 'COMPLETED' : snapshot.status === 'failed' ? 'FAILED' : 'PENDING',
    createdAt: snapshot.createdAt?.toISOString() ?? '',
    retainUntil: null,
    actionKey: tags[ACTION_TAG] ?? null,
    resourceIdentity: snapshot.resourceIdentity,
  };
}
