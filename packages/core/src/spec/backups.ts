import type { ResultAsync } from 'neverthrow';
import type { DecomError } from '../errors/decom-error.js';
import type { PortBase } from './action-handler.js';

/** A recovery point (AWS Backup) or native snapshot of one resource. */
export interface RecoveryPoint {
  readonly arn: string;
  readonly resourceArn: string;
  readonly status: 'CREATED' | 'PENDING' | 'COMPLETED' | 'PARTIAL' | 'EXPIRED' | 'DELETING' | 'FAILED';
  readonly createdAt: string;
  readonly retainUntil: string | null;
  /** The decomkit action that created it, when it carries the `decomkit:action` tag. */
  readonly actionKey: string | null;
}

/** Source port `backups`: recovery points, and the handler for `backup.create`. */
export interface BackupsPort extends PortBase {
  listRecoveryPoints(resourceArn: string): ResultAsync<readonly RecoveryPoint[], DecomError>;
}
