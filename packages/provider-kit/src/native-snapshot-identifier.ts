import { sha256 } from '@decomkit/core/provider-kit';

/**
 * The name of the native backup (RDS DB or cluster snapshot, DynamoDB
 * backup) a `backup.create` action takes, derived from its key so that a
 * retry finds the first attempt's backup by name.
 *
 * @example
 * ```ts
 * nativeSnapshotIdentifier(action.key); // 'decomkit-backup-' + 24 hex digits
 * ```
 */
export function nativeSnapshotIdentifier(actionKey: string): string {
  return `decomkit-backup-${sha256(actionKey).slice(0, 24)}`;
}
