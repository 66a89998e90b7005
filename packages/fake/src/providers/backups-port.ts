import {
  ACTION_TAG,
  type ActionHandler,
  type BackupsPort,
  decomError,
  errAsync,
  okAsync,
  type RecoveryPoint,
} from '@decomkit/core';
import type { FakeBackup } from '../source/backup.js';
import type { FakeBackupJob } from '../world.js';

const POLL_MILLISECONDS = 60_000;

/**
 * The `backups` port over the fake AWS Backup API. `backup.create` starts a
 * job with the action's idempotency token and waits (through checkpoints)
 * until it is COMPLETED. Params: `vault` (string), `retainDays` (number).
 */
export function fakeBackupsPort(backup: FakeBackup): BackupsPort {
  const outcome = (job: FakeBackupJob) => {
    if (job.state === 'COMPLETED') {
      return okAsync({
        status: 'done',
        result: {
          jobId: job.id,
          recoveryPointArn: job.recoveryPointArn,
          status: 'COMPLETED',
          retainDays: job.retainDays,
        },
      } as const);
    }
    if (job.state === 'FAILED') {
      return errAsync(
        decomError.providerFailure({
          message: `backup job ${job.id} of ${job.resourceArn} failed`,
          retryable: false,
          resource: job.resourceArn,
        }),
      );
    }
    return okAsync({
      status: 'pending',
      checkpoint: { jobId: job.id },
      pollAfterMilliseconds: POLL_MILLISECONDS,
    } as const);
  };
  const create: ActionHandler = {
    execute: (action, context) => {
      const resourceArn = action.target.arn;
      const vault = action.params.vault;
      const retainDays = action.params.retainDays;
      if (resourceArn === undefined || typeof vault !== 'string' || typeof retainDays !== 'number') {
        return errAsync(
          decomError.invalidInput(
            `${action.key}: backup.create needs a target ARN and params vault (string) and retainDays (number)`,
          ),
        );
      }
      return backup
        .startBackupJob({
          resourceArn,
          vault,
          retainDays,
          idempotencyToken: context.idempotencyToken,
          tags: { [ACTION_TAG]: action.key },
        })
        .andThen(outcome);
    },
    poll: (_action, checkpoint) => {
      const jobId = checkpoint.jobId;
      return typeof jobId === 'string'
        ? backup.describeBackupJob(jobId).andThen(outcome)
        : errAsync(decomError.invalidInput('backup checkpoint without jobId'));
    },
    reconcile: (_action, context) =>
      backup.listBackupJobs({ idempotencyToken: context.idempotencyToken }).andThen((jobs) => {
        const job = jobs[0];
        return job === undefined ? okAsync({ status: 'absent' } as const) : outcome(job);
      }),
  };
  return {
    capabilities: ['backup.aws-backup'],
    handlers: { 'backup.create': create },
    listRecoveryPoints: (resourceArn) =>
      backup.listRecoveryPointsByResource(resourceArn).map((points) =>
        points.map(
          (point): RecoveryPoint => ({
            arn: point.arn,
            resourceArn: point.resourceArn,
            status: point.status,
            createdAt: point.createdAt,
            retainUntil: point.retainUntil,
            actionKey: point.tags[ACTION_TAG] ?? null,
          }),
        ),
      ),
  };
}
