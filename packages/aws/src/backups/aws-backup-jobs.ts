import {
  type BackupJob,
  DescribeBackupJobCommand,
  type DescribeBackupJobCommandOutput,
  DescribeRecoveryPointCommand,
  ListTagsCommand,
  paginateListBackupJobs,
  paginateListRecoveryPointsByResource,
  StartBackupJobCommand,
} from '@aws-sdk/client-backup';
import {
  type Action,
  type DecomError,
  decomError,
  errAsync,
  type HandlerOutcome,
  okAsync,
  type RecoveryPoint,
  ResultAsync,
} from '@decomkit/core';
import { ACTION_TAG, backupJobOutcome, backupRetentionDays, RESOURCE_IDENTITY_TAG } from '@decomkit/provider-kit';
import { parseArn } from '../arns.js';
import { awsCall } from '../aws-call.js';
import type { AwsClients } from '../clients.js';
import { allPages } from './all-pages.js';

/** The IAM role AWS Backup assumes, when the caller names none: the service's default role in the target account. */
export function defaultBackupRoleArn(accountId: string): string {
  return `arn:aws:iam::${accountId}:role/service-role/AWSBackupDefaultServiceRole`;
}

type JobState = NonNullable<DescribeBackupJobCommandOutput['State']>;
/** Backup job states after which the job will never complete. */
export const FAILED_STATES: ReadonlySet<string> = new Set<JobState>(['ABORTED', 'FAILED', 'EXPIRED']);

/** What a backup job's state means for the action: done, pending (checkpoint the job id), or failed. */
export function jobOutcome(
  clients: AwsClients,
  job: {
    BackupJobId?: string;
    State?: string;
    RecoveryPointArn?: string;
    ResourceArn?: string;
    StatusMessage?: string;
  },
  retainDays: number,
): ResultAsync<HandlerOutcome, DecomError> {
  const jobId = job.BackupJobId ?? '';
  if (job.State !== undefined && FAILED_STATES.has(job.State)) {
    return errAsync(
      decomError.providerFailure({
        message: `backup job ${jobId} of ${job.ResourceArn ?? 'the resource'} ended ${job.State}${job.StatusMessage ? `: ${job.StatusMessage}` : ''}`,
        retryable: false,
        ...(job.ResourceArn === undefined ? {} : { resource: job.ResourceArn }),
      }),
    );
  }
  return okAsync(
    backupJobOutcome(
      { jobId, completed: job.State === 'COMPLETED', recoveryPointArn: job.RecoveryPointArn ?? null, retainDays },
      clients.pollMilliseconds,
    ),
  );
}

function regionOf(arn: string): string {
  return parseArn(arn)?.region ?? '';
}

/**
 * StartBackupJob with the action's idempotency token (a repeat within AWS
 * Backup's idempotency window returns the same job), retention from
 * `backupRetentionDays` (retainDays past the params' `deleteAt`), and the
 * recovery point tagged `decomkit:action` and, when the params carry one,
 * `decomkit:resource-identity` (AWS Backup records no source identity).
 */
export function startBackupJob(
  clients: AwsClients,
  action: Action,
  token: string,
  options: { vault: string; retainDays: number; roleArn: string; signal?: AbortSignal },
  now: Date,
): ResultAsync<HandlerOutcome, DecomError> {
  const resourceArn = action.target.arn ?? '';
  const backup = clients.get('backup', regionOf(resourceArn));
  const identity = action.params.resourceIdentity;
  return awsCall(
    {
      operation: 'backup:StartBackupJob',
      resource: resourceArn,
      ...(options.signal ? { signal: options.signal } : {}),
    },
    (callOptions) =>
      backup.send(
        new StartBackupJobCommand({
          BackupVaultName: options.vault,
          ResourceArn: resourceArn,
          IamRoleArn: options.roleArn,
          IdempotencyToken: token,
          // Kept retainDays past the deletion (the backup gate asks for that much at the moment of deletion).
          Lifecycle: { DeleteAfterDays: backupRetentionDays(action.params, now) },
          RecoveryPointTags: {
            [ACTION_TAG]: action.key,
            ...(typeof identity === 'string' ? { [RESOURCE_IDENTITY_TAG]: identity } : {}),
          },
        }),
        callOptions,
      ),
  ).andThen((started) => describeBackupJob(clients, resourceArn, started.BackupJobId ?? '', options.retainDays));
}

/** DescribeBackupJob, as an outcome. */
export function describeBackupJob(
  clients: AwsClients,
  resourceArn: string,
  jobId: string,
  retainDays: number,
): ResultAsync<HandlerOutcome, DecomError> {
  return awsCall({ operation: 'backup:DescribeBackupJob', resource: resourceArn }, () =>
    clients.get('backup', regionOf(resourceArn)).send(new DescribeBackupJobCommand({ BackupJobId: jobId })),
  ).andThen((job) => jobOutcome(clients, job, retainDays));
}

/** The tags of a recovery point (ListTags). */
function recoveryPointTags(clients: AwsClients, arn: string): ResultAsync<Record<string, string>, DecomError> {
  return awsCall({ operation: 'backup:ListTags', resource: arn }, () =>
    clients.get('backup', regionOf(arn)).send(new ListTagsCommand({ ResourceArn: arn })),
  ).map((output) => ({ ...(output.Tags ?? {}) }));
}

/**
 * After a crash: the job an earlier attempt of `action` started, found among
 * the resource's jobs by the `decomkit:action` tag of their recovery points
 * (ListBackupJobs has no idempotency-token filter). Null when there is none.
 */
export function findBackupJob(clients: AwsClients, action: Action): ResultAsync<BackupJob | null, DecomError> {
  const resourceArn = action.target.arn ?? '';
  const backup = clients.get('backup', regionOf(resourceArn));
  return awsCall({ operation: 'backup:ListBackupJobs', resource: resourceArn }, () =>
    allPages(paginateListBackupJobs({ client: backup }, { ByResourceArn: resourceArn }), (page) => page.BackupJobs),
  ).andThen((jobs) =>
    ResultAsync.combine(
      jobs
        .filter((job) => job.RecoveryPointArn !== undefined)
        .map((job) =>
          recoveryPointTags(clients, job.RecoveryPointArn ?? '').map((tags) =>
            tags[ACTION_TAG] === action.key ? job : null,
          ),
        ),
    ).map((found) => found.find((job) => job !== null) ?? null),
  );
}

const STATUSES: ReadonlySet<string> = new Set([
  'CREATED',
  'PENDING',
  'COMPLETED',
  'PARTIAL',
  'EXPIRED',
  'DELETING',
  'FAILED',
]);

/**
 * ListRecoveryPointsByResource (all pages), each with its `decomkit:action` tag
 * (ListTags). The points decomkit made (tagged) also get `retainUntil` from
 * DescribeRecoveryPoint's `CalculatedLifecycle.DeleteAt` (null when they never
 * expire); the listing has no lifecycle, and other points are not worth a call each.
 */
export function awsBackupRecoveryPoints(
  clients: AwsClients,
  resourceArn: string,
): ResultAsync<RecoveryPoint[], DecomError> {
  const backup = clients.get('backup', regionOf(resourceArn));
  return awsCall({ operation: 'backup:ListRecoveryPointsByResource', resource: resourceArn }, () =>
    allPages(
      paginateListRecoveryPointsByResource({ client: backup }, { ResourceArn: resourceArn }),
      (page) => page.RecoveryPoints,
    ),
  ).andThen((points) =>
    ResultAsync.combine(
      points.map((point) =>
        recoveryPointTags(clients, point.RecoveryPointArn ?? '').andThen((tags) => {
          const actionKey = tags[ACTION_TAG] ?? null;
          const retainUntil =
            actionKey === null || point.BackupVaultName === undefined
              ? okAsync(null)
              : deleteAtOf(clients, point.BackupVaultName, point.RecoveryPointArn ?? '', resourceArn);
          return retainUntil.map(
            (deleteAt): RecoveryPoint => ({
              arn: point.RecoveryPointArn ?? '',
              resourceArn,
              status: (STATUSES.has(point.Status ?? '') ? point.Status : 'PENDING') as RecoveryPoint['status'],
              createdAt: point.CreationDate?.toISOString() ?? '',
              retainUntil: deleteAt,
              actionKey,
              resourceIdentity: tags[RESOURCE_IDENTITY_TAG] ?? null,
            }),
          );
        }),
      ),
    ),
  );
}

/** When AWS Backup will delete a recovery point (`CalculatedLifecycle.DeleteAt`), or null when never. */
function deleteAtOf(
  clients: AwsClients,
  vault: string,
  recoveryPointArn: string,
  resourceArn: string,
): ResultAsync<string | null, DecomError> {
  return awsCall({ operation: 'backup:DescribeRecoveryPoint', resource: resourceArn }, () =>
    clients
      .get('backup', regionOf(resourceArn))
      .send(new DescribeRecoveryPointCommand({ BackupVaultName: vault, RecoveryPointArn: recoveryPointArn })),
  ).map((described) => described.CalculatedLifecycle?.DeleteAt?.toISOString() ?? null);
}
