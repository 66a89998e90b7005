import type { Action, DecomError, HandlerOutcome, JsonObject, RecoveryPoint, ResultAsync } from '@decomkit/core';
import type { AwsClients } from '../clients.js';
import {
  type ClusterSnapshotTarget,
  clusterSnapshotRecoveryPoints,
  clusterSnapshotTarget,
  createClusterSnapshot,
  findClusterSnapshot,
  pollClusterSnapshot,
} from './native-cluster-snapshots.js';
import {
  createLogExport,
  findLogExport,
  type LogExportTarget,
  logExportRecoveryPoints,
  logExportTarget,
  pollLogExport,
} from './native-log-exports.js';
import {
  createNative as createEbsOrDbSnapshot,
  type NativeTarget as EbsOrDbTarget,
  nativeRecoveryPoints as ebsOrDbRecoveryPoints,
  nativeTarget as ebsOrDbTarget,
  findNative as findEbsOrDbSnapshot,
  pollNative as pollEbsOrDbSnapshot,
} from './native-snapshots.js';
import {
  createTableBackup,
  findTableBackup,
  pollTableBackup,
  type TableBackupTarget,
  tableBackupRecoveryPoints,
  tableBackupTarget,
} from './native-table-backups.js';

/**
 * What a native backup of one resource is: EBS snapshots of an instance or a
 * volume, an RDS DB snapshot (`native-snapshots.ts`), an RDS DB cluster
 * snapshot (`native-cluster-snapshots.ts`), a DynamoDB on-demand backup
 * (`native-table-backups.ts`) or a log group's final export to the archive
 * bucket (`native-log-exports.ts`).
 */
export type NativeTarget = EbsOrDbTarget | ClusterSnapshotTarget | TableBackupTarget | LogExportTarget;

/** The native backup of `arn`, or null when the type has none. */
export function nativeTarget(arn: string): NativeTarget | null {
  return clusterSnapshotTarget(arn) ?? tableBackupTarget(arn) ?? logExportTarget(arn) ?? ebsOrDbTarget(arn);
}

/** What an earlier attempt of this action created natively (by tag or derived name), as an outcome; null if nothing. */
export function findNative(
  clients: AwsClients,
  action: Action,
  target: NativeTarget,
  accountId: string,
): ResultAsync<HandlerOutcome | null, DecomError> {
  if (target.via === 'rds-cluster') return findClusterSnapshot(clients, action, target);
  if (target.via === 'dynamodb-table') return findTableBackup(clients, action, target);
  if (target.via === 'logs-export') return findLogExport(clients, action, target);
  return findEbsOrDbSnapshot(clients, action, target, accountId);
}

/**
 * Creates the native backup of `target`, named or tagged after the action key
 * so that `findNative` recognises it on a retry. A log group's export goes to
 * `archiveBucket` (none: InvalidInput).
 *
 * @example
 * ```ts
 * const target = nativeTarget(action.target.arn ?? '');
 * if (target !== null) {
 *   const outcome = await findNative(clients, action, target, accountId).andThen((found) =>
 *     found === null ? createNative(clients, action, target, accountId, signal) : okAsync(found),
 *   );
 * }
 * ```
 */
export function createNative(
  clients: AwsClients,
  action: Action,
  target: NativeTarget,
  accountId: string,
  signal?: AbortSignal,
  archiveBucket?: string,
): ResultAsync<HandlerOutcome, DecomError> {
  if (target.via === 'rds-cluster') return createClusterSnapshot(clients, action, target, signal);
  if (target.via === 'dynamodb-table') return createTableBackup(clients, action, target, signal);
  if (target.via === 'logs-export') return createLogExport(clients, action, target, archiveBucket, signal);
  return createEbsOrDbSnapshot(clients, action, target, accountId, signal);
}

/** Continues a native backup from its checkpoint. */
export function pollNative(
  clients: AwsClients,
  action: Action,
  checkpoint: JsonObject,
  accountId: string,
): ResultAsync<HandlerOutcome, DecomError> {
  const target = nativeTarget(action.target.arn ?? '');
  if (target?.via === 'rds-cluster') return pollClusterSnapshot(clients, action, target, checkpoint);
  if (target?.via === 'dynamodb-table') return pollTableBackup(clients, action, target, checkpoint);
  if (target?.via === 'logs-export') return pollLogExport(clients, action, target, checkpoint);
  return pollEbsOrDbSnapshot(clients, action, checkpoint, accountId);
}

/** Native backups of a resource as recovery points. */
export function nativeRecoveryPoints(
  clients: AwsClients,
  resourceArn: string,
): ResultAsync<RecoveryPoint[], DecomError> {
  const target = nativeTarget(resourceArn);
  if (target?.via === 'rds-cluster') return clusterSnapshotRecoveryPoints(clients, target, resourceArn);
  if (target?.via === 'dynamodb-table') return tableBackupRecoveryPoints(clients, target, resourceArn);
  if (target?.via === 'logs-export') return logExportRecoveryPoints(clients, target, resourceArn);
  return ebsOrDbRecoveryPoints(clients, resourceArn);
}
