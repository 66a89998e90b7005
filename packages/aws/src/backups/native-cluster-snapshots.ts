import {
  CreateDBClusterSnapshotCommand,
  type DBClusterSnapshot,
  DescribeDBClusterSnapshotsCommand,
  paginateDescribeDBClusterSnapshots,
} from '@aws-sdk/client-rds';
import {
  type Action,
  type DecomError,
  decomError,
  errAsync,
  type HandlerOutcome,
  type JsonObject,
  type RecoveryPoint,
  type ResultAsync,
} from '@decomkit/core';
import { ACTION_TAG, nativeBackupOutcome, nativeSnapshotIdentifier, SOURCE_TAG } from '@decomkit/provider-kit';
import { awsCall } from '../aws-call.js';
import type { AwsClients } from '../clients.js';
import { dbClusterIdOf } from '../resources/rds-db-cluster.js';
import { allPages } from './all-pages.js';
import { type NativeTargetOf, nativeTargetOf } from './native-target-of.js';
import { firstSnapshotOrNull, polledSnapshot, rdsSnapshotPoint } from './rds-snapshot-reads.js';

/** An RDS DB cluster whose native backup is a manual cluster snapshot. */
export type ClusterSnapshotTarget = NativeTargetOf<'rds-cluster'>;

/** The cluster of an RDS DB cluster ARN, or null for any other ARN. */
export function clusterSnapshotTarget(arn: string): ClusterSnapshotTarget | null {
  return nativeTargetOf('rds-cluster', arn, dbClusterIdOf(arn));
}

function clusterOutcome(clients: AwsClients, action: Action, snapshot: DBClusterSnapshot): HandlerOutcome {
  return nativeBackupOutcome(
    action,
    {
      available: snapshot.Status === 'available',
      arn: snapshot.DBClusterSnapshotArn,
      identifier: snapshot.DBClusterSnapshotIdentifier,
      // The same checkpoint shape as the fake's (`kind: 'cluster'`).
      checkpoint: { method: 'native', rdsSnapshot: snapshot.DBClusterSnapshotIdentifier ?? '', kind: 'cluster' },
    },
    clients.pollMilliseconds,
  );
}

/** The manual cluster snapshot named `identifier`, or null. */
function describeClusterSnapshot(clients: AwsClients, region: string, identifier: string) {
  return firstSnapshotOrNull(
    awsCall({ operation: 'rds:DescribeDBClusterSnapshots', resource: identifier }, () =>
      clients
        .get('rds', region)
        .send(new DescribeDBClusterSnapshotsCommand({ DBClusterSnapshotIdentifier: identifier })),
    ).map((output) => output.DBClusterSnapshots),
  );
}

/** What an earlier attempt of this action created (the cluster snapshot of its derived name), or null. */
export function findClusterSnapshot(
  clients: AwsClients,
  action: Action,
  target: ClusterSnapshotTarget,
): ResultAsync<HandlerOutcome | null, DecomError> {
  return describeClusterSnapshot(clients, target.region, nativeSnapshotIdentifier(action.key)).map((found) =>
    found === null ? null : clusterOutcome(clients, action, found),
  );
}

/**
 * Creates the native backup of a DB cluster: CreateDBClusterSnapshot named
 * `decomkit-backup-<hash of the key>` (as a DB instance's, and as in the fake)
 * and tagged `decomkit:action` + `decomkit:source`. RDS has no idempotency
 * token here: the derived name makes a retry find the first attempt's snapshot
 * (`findNative`) or fail with DBClusterSnapshotAlreadyExistsFault.
 *
 * @example
 * ```ts
 * const target = clusterSnapshotTarget('arn:aws:rds:eu-west-1:111122223333:cluster:payments-ledger');
 * if (target !== null) await createClusterSnapshot(clients, action, target, signal);
 * ```
 */
export function createClusterSnapshot(
  clients: AwsClients,
  action: Action,
  target: ClusterSnapshotTarget,
  signal?: AbortSignal,
): ResultAsync<HandlerOutcome, DecomError> {
  const resource = action.target.arn ?? '';
  return awsCall({ operation: 'rds:CreateDBClusterSnapshot', resource, ...(signal ? { signal } : {}) }, (options) =>
    clients.get('rds', target.region).send(
      new CreateDBClusterSnapshotCommand({
        DBClusterIdentifier: target.id,
        DBClusterSnapshotIdentifier: nativeSnapshotIdentifier(action.key),
        Tags: [
          { Key: ACTION_TAG, Value: action.key },
          { Key: SOURCE_TAG, Value: resource },
        ],
      }),
      options,
    ),
  ).map((output) => clusterOutcome(clients, action, output.DBClusterSnapshot ?? {}));
}

/** Continues a cluster snapshot from its checkpoint (`{ rdsSnapshot, kind: 'cluster' }`). */
export function pollClusterSnapshot(
  clients: AwsClients,
  action: Action,
  target: ClusterSnapshotTarget,
  checkpoint: JsonObject,
): ResultAsync<HandlerOutcome, DecomError> {
  const identifier = checkpoint.rdsSnapshot;
  if (typeof identifier !== 'string' || checkpoint.kind !== 'cluster') {
    return errAsync(
      decomError.invalidInput(`${action.key}: unknown native backup checkpoint ${JSON.stringify(checkpoint)}`),
    );
  }
  return describeClusterSnapshot(clients, target.region, identifier).andThen((found) =>
    polledSnapshot(action, identifier, found, (snapshot) => clusterOutcome(clients, action, snapshot)),
  );
}

/** A DB cluster's manual cluster snapshots (the final one too) as recovery points. */
export function clusterSnapshotRecoveryPoints(
  clients: AwsClients,
  target: ClusterSnapshotTarget,
  resourceArn: string,
): ResultAsync<RecoveryPoint[], DecomError> {
  return awsCall({ operation: 'rds:DescribeDBClusterSnapshots', resource: resourceArn }, () =>
    allPages(
      paginateDescribeDBClusterSnapshots(
        { client: clients.get('rds', target.region) },
        { DBClusterIdentifier: target.id, SnapshotType: 'manual' },
      ),
      (page) => page.DBClusterSnapshots,
    ),
  ).map((found) =>
    found.map((snapshot) =>
      rdsSnapshotPoint(resourceArn, {
        arn: snapshot.DBClusterSnapshotArn,
        status: snapshot.Status,
        createdAt: snapshot.SnapshotCreateTime,
        tagList: snapshot.TagList,
        resourceIdentity: snapshot.ClusterCreateTime?.toISOString() ?? null,
      }),
    ),
  );
}
