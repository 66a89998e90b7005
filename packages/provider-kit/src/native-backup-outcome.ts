import type { Action, HandlerOutcome, JsonObject } from '@decomkit/core';

/** A native backup (snapshot or on-demand backup) as its service describes it. */
export interface NativeBackupState {
  /** Whether the backup is complete and usable. */
  readonly available: boolean;
  /** Its ARN. */
  readonly arn: string | undefined;
  /** Its name. */
  readonly identifier: string | undefined;
  /** Where to poll from while it is not available. */
  readonly checkpoint: JsonObject;
}

/**
 * The outcome of a native backup: done (with the backup's ARN and name,
 * COMPLETED, the action's retention) once it is available, otherwise pending
 * with its checkpoint, polled again after `pollAfterMilliseconds`.
 *
 * @example
 * ```ts
 * nativeBackupOutcome(action, {
 *   available: snapshot.Status === 'available',
 *   arn: snapshot.DBSnapshotArn,
 *   identifier: snapshot.DBSnapshotIdentifier,
 *   checkpoint: { method: 'native', rdsSnapshot: snapshot.DBSnapshotIdentifier ?? '' },
 * }, 60_000);
 * ```
 */
export function nativeBackupOutcome(
  action: Action,
  backup: NativeBackupState,
  pollAfterMilliseconds: number,
): HandlerOutcome {
  return backup.available
    ? {
        status: 'done',
        result: {
          method: 'native',
          snapshotArn: backup.arn ?? null,
          snapshotIdentifier: backup.identifier ?? null,
          status: 'COMPLETED',
          retainDays: Number(action.params.retainDays),
        },
      }
    : { status: 'pending', checkpoint: backup.checkpoint, pollAfterMilliseconds };
}
