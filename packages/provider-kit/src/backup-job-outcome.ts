import type { HandlerOutcome } from '@decomkit/core';

/** An AWS Backup job that has not failed, as a `backup.create` outcome needs it. */
export interface BackupJobState {
  /** The job's id (the checkpoint to poll from). */
  readonly jobId: string;
  /** Whether the job has COMPLETED. */
  readonly completed: boolean;
  /** The recovery point it made, once completed. */
  readonly recoveryPointArn: string | null;
  /** How long the recovery point is kept, in days (what the journal records). */
  readonly retainDays: number;
}

/**
 * The outcome of an AWS Backup job that has not failed: done with its
 * recovery point once COMPLETED, otherwise pending with `{ jobId }` to poll
 * from after `pollAfterMilliseconds`. (A failed job is the provider's error.)
 *
 * @example
 * ```ts
 * backupJobOutcome({ jobId: job.id, completed: job.state === 'COMPLETED', recoveryPointArn: job.recoveryPointArn, retainDays: 35 }, 60_000);
 * ```
 */
export function backupJobOutcome(job: BackupJobState, pollAfterMilliseconds: number): HandlerOutcome {
  return job.completed
    ? {
        status: 'done',
        result: {
          method: 'aws-backup',
          jobId: job.jobId,
          recoveryPointArn: job.recoveryPointArn,
          status: 'COMPLETED',
          retainDays: job.retainDays,
        },
      }
    : { status: 'pending', checkpoint: { jobId: job.jobId }, pollAfterMilliseconds };
}
