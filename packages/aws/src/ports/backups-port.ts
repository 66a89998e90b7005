import {
  type Action,
  type ActionHandler,
  type BackupsPort,
  type DecomError,
  decomError,
  errAsync,
  okAsync,
  type ReconcileOutcome,
  type RecoveryPoint,
  ResultAsync,
} from '@decomkit/core';
import { backupCreateParamsError, PORT_SPECIFICATION_VERSION } from '@decomkit/provider-kit';
import { parseArn } from '../arns.js';
import {
  awsBackupRecoveryPoints,
  defaultBackupRoleArn,
  describeBackupJob,
  FAILED_STATES,
  findBackupJob,
  jobOutcome,
  startBackupJob,
} from '../backups/aws-backup-jobs.js';
import { createNative, findNative, nativeRecoveryPoints, nativeTarget, pollNative } from '../backups/native-backups.js';
import { logExportTarget } from '../backups/native-log-exports.js';
import type { AwsClients } from '../clients.js';

/** How the `backups` port backs up. */
export interface AwsBackupOptions {
  /** The method of a `backup.create` action whose params name none. Default `'aws-backup'`. */
  readonly defaultMethod?: 'aws-backup' | 'native';
  /** The IAM role AWS Backup assumes; default `service-role/AWSBackupDefaultServiceRole` in the target account. */
  readonly roleArn?: string;
  /** Whether AWS Backup is used at all (recovery points are also read from it). Default true. */
  readonly awsBackup?: boolean;
  /**
   * The S3 bucket a log group's native backup (its final export, CreateExportTask) goes to, in the
   * group's region, with the bucket policy CloudWatch Logs exports need. None: a log group's native
   * backup is refused (InvalidInput) and only the workload's backup waiver releases its deletion.
   */
  readonly logArchiveBucket?: string;
}

function accountOf(action: Action): string {
  return action.target.accountId ?? parseArn(action.target.arn ?? '')?.accountId ?? '';
}

/**
 * The `backups` port over the AWS SDK. `backup.create` params: `vault`,
 * `retainDays`, `method` (`'aws-backup'` or `'native'`). AWS Backup:
 * StartBackupJob with the action's idempotency token, then DescribeBackupJob
 * through `pending` checkpoints until COMPLETED; reconcile finds the job by
 * its recovery point's `decomkit:action` tag. Native: EBS CreateSnapshots /
 * CreateSnapshot tagged `decomkit:action` and `decomkit:source`, or RDS
 * CreateDBSnapshot named after the action key. `listRecoveryPoints` reads
 * ListRecoveryPointsByResource and the native snapshots.
 */
export function awsBackupsPort(clients: AwsClients, options: AwsBackupOptions = {}): BackupsPort {
  const useAwsBackup = options.awsBackup ?? true;
  const methodOf = (action: Action) => action.params.method ?? options.defaultMethod ?? 'aws-backup';
  // AWS Backup does not back log groups up: their only backup is the native export, whatever the method.
  const isNative = (action: Action) =>
    methodOf(action) === 'native' || logExportTarget(action.target.arn ?? '') !== null;
  const noNative = (action: Action) =>
    errAsync(decomError.invalidInput(`${action.key}: no native snapshot for ${action.target.arn}`));
  const create: ActionHandler<'backup.create'> = {
    execute: (action, context) => {
      const invalid = backupCreateParamsError(action);
      if (invalid !== null) return errAsync(invalid);
      const accountId = accountOf(action);
      if (isNative(action)) {
        const target = nativeTarget(action.target.arn ?? '');
        if (target === null) return noNative(action);
        return findNative(clients, action, target, accountId).andThen((found) =>
          found === null
            ? createNative(clients, action, target, accountId, context.signal, options.logArchiveBucket)
            : okAsync(found),
        );
      }
      if (!useAwsBackup) {
        return errAsync(decomError.invalidInput(`${action.key}: AWS Backup is turned off for this provider`));
      }
      return startBackupJob(
        clients,
        action,
        context.idempotencyToken,
        {
          vault: String(action.params.vault),
          retainDays: Number(action.params.retainDays),
          roleArn: options.roleArn ?? defaultBackupRoleArn(accountId),
          signal: context.signal,
        },
        context.clock.now(),
      );
    },
    poll: (action, checkpoint) => {
      if (typeof checkpoint.jobId === 'string') {
        return describeBackupJob(clients, action.target.arn ?? '', checkpoint.jobId, Number(action.params.retainDays));
      }
      return pollNative(clients, action, checkpoint, accountOf(action));
    },
    reconcile: (action): ResultAsync<ReconcileOutcome, DecomError> => {
      if (isNative(action)) {
        const target = nativeTarget(action.target.arn ?? '');
        if (target === null) return okAsync({ status: 'absent' });
        return findNative(clients, action, target, accountOf(action)).map((found) => found ?? { status: 'absent' });
      }
      if (!useAwsBackup) return okAsync({ status: 'absent' });
      return findBackupJob(clients, action).andThen((job) =>
        // A job that ended FAILED (or ABORTED, EXPIRED) left nothing usable: the next attempt starts a new one.
        job === null || (job.State !== undefined && FAILED_STATES.has(job.State))
          ? okAsync({ status: 'absent' } as const)
          : jobOutcome(clients, job, Number(action.params.retainDays)),
      );
    },
  };
  return {
    capabilities: [...(useAwsBackup ? ['backup.aws-backup'] : []), 'backup.native'],
    specificationVersion: PORT_SPECIFICATION_VERSION,
    handlers: { 'backup.create': create },
    listRecoveryPoints: (resourceArn) =>
      ResultAsync.combine([
        // AWS Backup keeps no log group: asking it about one would only fail the gate that reads these points.
        useAwsBackup && logExportTarget(resourceArn) === null
          ? awsBackupRecoveryPoints(clients, resourceArn)
          : okAsync<RecoveryPoint[], DecomError>([]),
        nativeRecoveryPoints(clients, resourceArn),
      ]).map(([fromBackup, native]) => [...fromBackup, ...native]),
  };
}
