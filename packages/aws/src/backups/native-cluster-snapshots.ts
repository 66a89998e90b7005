import {
  CreateDBClusterSnapshotCommand,
  type DBClusterSnapshot,
  DescribeDBClusterSnapshotsCommand,
  paginateDescribeDBClusterSnapshots,
} from '@aws-sdk/client-rds';
import {
  ACTION_TAG,
  type Action,
  type DecomError,
  decomError,
  errAsync,
  type HandlerOutcome,
  type JsonObject,
  okAsync,
  type RecoveryPoint,
  type ResultAsync,
} from '@decomkit/core';
import { parseArn } from '../arns.js';
import { awsCall } from '../aws-call.js';
import type { AwsClients } from '../clients.js';
import { dbClusterIdOf } from '../resources/rds-db-cluster.js';
import {
  createNative as createInstanceOrVolume,
  findNative as findInstanceOrVolume,
  type NativeTarget as InstanceOrVolumeTarget,
  nativeRecoveryPoints as instanceOrVolumeRecoveryPoints,
  nativeTarget as instanceOrVolumeTarget,
  nativeSnapshotIdentifier,
  pollNative as pollInstanceOrVolume,
  SOURCE_TAG,
} from './native-snapshots.js';

/** A native backup target: what `native-snapshots.ts` covers, or an RDS DB cluster (a manual cluster snapshot). */
export type NativeTarget =
  | InstanceOrVolumeTarget
  | { readonly via: 'rds-cluster'; readonly id: string; readonly region: string };

/** The native backup of `arn` (EBS, RDS DB instance or RDS DB cluster), or null when the type has none. */
export function nativeTarget(arn: string): NativeTarget | null {
  const cluster = dbClusterIdOf(arn);
  if (cluster !== null) return { via: 'rds-cluster', id: cluster, region: parseArn(arn)?.region ?? '' };
  return instanceOrVolumeTarget(arn);
}

function clusterOutcome(clients: AwsClients, action: Action, snapshot: DBClusterSnapshot): HandlerOutcome {
  return snapshot.Status === 'available'
    ? {
        status: 'done',
        result: {
          method: 'native',
          snapshotArn: snapshot.DBClusterSnapshotArn ?? null,
          snapshotIdentifier: snapshot.DBClusterSnapshotIdentifier ?? null,
          status: 'COMPLETED',
          retainDays: Number(action.params.retainDays),
        },
      }
    : {
        status: 'pending',
        // The same checkpoint shape as the fake's (`kind: 'cluster'`).
        checkpoint: { method: 'native', rdsSnapshot: snapshot.DBClusterSnapshotIdentifier ?? '', kind: 'cluster' },
        pollAfterMilliseconds: clients.pollMilliseconds,
      };
}

/** The manual cluster snapshot named `identifier`, or null. */
function describeClusterSnapshot(clients: AwsClients, region: string, identifier: string) {
  return awsCall({ operation: 'rds:DescribeDBClusterSnapshots', resource: identifier }, () =>
    clients.get('rds', region).send(new DescribeDBClusterSnapshotsCommand({ DBClusterSnapshotIdentifier: identifier })),
  )
    .map((output): DBClusterSnapshot | null => output.DBClusterSnapshots?.[0] ?? null)
    .orElse((error) => (error.code === 'NotFound' ? okAsync(null) : errAsync(error)));
}

/** What an earlier attempt of this action created natively (a cluster snapshot by its derived name), or null. */
export function findNative(
  clients: AwsClients,
  action: Action,
  target: NativeTarget,
  accountId: string,
): ResultAsync<HandlerOutcome | null, DecomError> {
  if (target.via !== 'rds-cluster') return findInstanceOrVolume(clients, action, target, accountId);
  return describeClusterSnapshot(clients, target.region, nativeSnapshotIdentifier(action.key)).map((found) =>
    found === null ? null : clusterOutcome(clients, action, found),
  );
}

/**
 * Creates the native backup; for a DB cluster, CreateDBClusterSnapshot named
 * `decomkit-backup-<hash of the key>` (as a DB instance's, and as in the fake)
 * and tagged `decomkit:action` + `decomkit:source`. RDS has no idempotency
 * token here: the derived name makes a retry find the first attempt's snapshot
 * (`findNative`) or fail with DBClusterSnapshotAlreadyExistsFault.
 *
 * @example
 * ```ts
 * const target = nativeTarget('arn:aws:rds:eu-west-1:111122223333:cluster:payments-ledger');
 * if (target !== null) await createNative(clients, action, target, '111122223333', signal);
 * ```
 */
export function createNative(
  clients: AwsClients,
  action: Action,
  target: NativeTarget,
  accountId: string,
  signal?: AbortSignal,
): ResultAsync<HandlerOutcome, DecomError> {
  if (target.via !== 'rds-cluster') return createInstanceOrVolume(clients, action, target, accountId, signal);
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

/** Continues a native backup from its checkpoint (a cluster snapshot's has `kind: 'cluster'`). */
export function pollNative(
  clients: AwsClients,
  action: Action,
  checkpoint: JsonObject,
  accountId: string,
): ResultAsync<HandlerOutcome, DecomError> {
  const target = nativeTarget(action.target.arn ?? '');
  if (target?.via !== 'rds-cluster') return pollInstanceOrVolume(clients, action, checkpoint, accountId);
  const identifier = checkpoint.rdsSnapshot;
  if (typeof identifier !== 'string' || checkpoint.kind !== 'cluster') {
    return errAsync(
      decomError.invalidInput(`${action.key}: unknown native backup checkpoint ${JSON.stringify(checkpoint)}`),
    );
  }
  return describeClusterSnapshot(clients, target.region, identifier).andThen((found) =>
    found === null
      ? errAsync(decomError.notFound({ message: `snapshot ${identifier} of ${action.target.arn} vanished` }))
      : okAsync(clusterOutcome(clients, action, found)),
  );
}

/** Native snapshots as recovery points; for a DB cluster, its manual cluster snapshots (the final one too). */
export function nativeRecoveryPoints(
  clients: AwsClients,
  resourceArn: string,
): ResultAsync<RecoveryPoint[], DecomError> {
  const target = nativeTarget(resourceArn);
  if (target?.via !== 'rds-cluster') return instanceOrVolumeRecoveryPoints(clients, resourceArn);
  return awsCall({ operation: 'rds:DescribeDBClusterSnapshots', resource: resourceArn }, async () => {
    const found: DBClusterSnapshot[] = [];
    const pages = paginateDescribeDBClusterSnapshots(
      { client: clients.get('rds', target.region) },
      { DBClusterIdentifier: target.id, SnapshotType: 'manual' },
    );
    for await (const page of pages) found.push(...(page.DBClusterSnapshots ?? []));
    return found;
  }).map((found) =>
    found.map((snapshot): RecoveryPoint => {
      const tags = Object.fromEntries((snapshot.TagList ?? []).map((tag) => [tag.Key ?? '', tag.Value ?? '']));
      return {
        arn: snapshot.DBClusterSnapshotArn ?? '',
        resourceArn,
        status: snapshot.Status === 'available' ? 'COMPLETED' : snapshot.Status === 'failed' ? 'FAILED' : 'PENDING',
        createdAt: snapshot.SnapshotCreateTime?.toISOString() ?? '',
        retainUntil: null,
        actionKey: tags[ACTION_TAG] ?? null,
      };
    }),
  );
}
