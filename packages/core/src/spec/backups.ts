import type { ResultAsync } from 'neverthrow';
import type { DecomError } from '../errors/decom-error.js';
import type { PortBase, PortHandlers } from './action-handler.js';

/**
 * A recovery point (AWS Backup) or native snapshot of one resource.
 * `retainUntil` is when it will be deleted, null when it is kept until
 * someone deletes it (native snapshots).
 */
export interface RecoveryPoint {
  readonly arn: string;
  readonly resourceArn: string;
  readonly status: 'CREATED' | 'PENDING' | 'COMPLETED' | 'PARTIAL' | 'EXPIRED' | 'DELETING' | 'FAILED';
  readonly createdAt: string;
  readonly retainUntil: string | null;
  /** The decomkit action that created it, when it carries the `decomkit:action` tag. */
  readonly actionKey: string | null;
  /**
   * The `Resource.resourceIdentity` of the resource it was taken of (a
   * snapshot's `DbiResourceId`, a DynamoDB backup's `TableId`, the identity
   * decomkit tagged an AWS Backup recovery point with); null or absent when
   * unknown, and then it counts for no deletion.
   */
  readonly resourceIdentity?: string | null;
}

/** Source port `backups`: recovery points, and the handler for `backup.create`. */
export interface BackupsPort extends PortBase {
  /** Handlers for `backup.create`. */
  readonly handlers: PortHandlers<'backup.create'>;
  listRecoveryPoints(resourceArn: string): ResultAsync<readonly RecoveryPoint[], DecomError>;
}
