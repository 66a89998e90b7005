import {
  type BackupClient,
  type BackupJob,
  DescribeBackupJobCommand,
  DescribeRecoveryPointCommand,
  ListBackupJobsCommand,
  ListRecoveryPointsByResourceCommand,
  ListTagsCommand,
  StartBackupJobCommand,
} from '@aws-sdk/client-backup';
import { mockClient } from 'aws-sdk-client-mock';

const ACCOUNT = '111122223333';

/** One job the double holds. */
export interface MockJob {
  job: BackupJob;
  token: string;
  tags: Record<string, string>;
  polls: number;
  deleteAfterDays: number | null;
  failWith?: string;
}

/**
 * A small stateful double of AWS Backup on an injected `BackupClient`
 * (aws-sdk-client-mock), with responses shaped like the AWS Backup API
 * reference: StartBackupJob (a repeated IdempotencyToken returns the same
 * job), DescribeBackupJob (RUNNING on the first describe, then COMPLETED, or
 * FAILED with `failJobs`), ListBackupJobs, ListTags, ListRecoveryPointsByResource,
 * DescribeRecoveryPoint (`CalculatedLifecycle.DeleteAt` = creation + `Lifecycle.DeleteAfterDays`).
 * moto 5.2 has none of these.
 */
export function fakeBackupApi(client: BackupClient, options: { failJobs?: boolean } = {}) {
  const jobs: MockJob[] = [];
  const mock = mockClient(client);
  mock.on(StartBackupJobCommand).callsFake((input) => {
    const existing = jobs.find((entry) => entry.token === input.IdempotencyToken);
    const entry: MockJob = existing ?? {
      token: input.IdempotencyToken ?? '',
      tags: { ...(input.RecoveryPointTags ?? {}) },
      polls: 0,
      deleteAfterDays: input.Lifecycle?.DeleteAfterDays ?? null,
      ...(options.failJobs ? { failWith: 'Insufficient privileges to perform this action.' } : {}),
      job: {
        AccountId: ACCOUNT,
        BackupJobId: `job-${jobs.length + 1}`,
        BackupVaultName: input.BackupVaultName,
        BackupVaultArn: `arn:aws:backup:eu-west-1:${ACCOUNT}:backup-vault:${input.BackupVaultName}`,
        RecoveryPointArn: `arn:aws:ec2:eu-west-1::image/ami-0000000000000000${jobs.length + 1}`,
        ResourceArn: input.ResourceArn,
        CreationDate: new Date('2026-12-14T10:00:00Z'),
        State: 'CREATED',
        IamRoleArn: input.IamRoleArn,
        ResourceType: 'EC2',
      },
    };
    if (existing === undefined) jobs.push(entry);
    return {
      BackupJobId: entry.job.BackupJobId,
      RecoveryPointArn: entry.job.RecoveryPointArn,
      CreationDate: entry.job.CreationDate,
      IsParent: false,
    };
  });
  mock.on(DescribeBackupJobCommand).callsFake((input) => {
    const entry = jobs.find((candidate) => candidate.job.BackupJobId === input.BackupJobId);
    if (entry === undefined) {
      throw Object.assign(new Error(`Backup job ${input.BackupJobId} not found`), {
        name: 'ResourceNotFoundException',
        $fault: 'client',
        $metadata: { httpStatusCode: 404 },
      });
    }
    entry.polls += 1;
    if (entry.polls > 1) {
      entry.job = entry.failWith
        ? { ...entry.job, State: 'FAILED', StatusMessage: entry.failWith }
        : { ...entry.job, State: 'COMPLETED', CompletionDate: new Date('2026-12-14T10:20:00Z'), PercentDone: '100.0' };
    } else {
      entry.job = { ...entry.job, State: 'RUNNING', PercentDone: '40.0' };
    }
    return { ...entry.job };
  });
  mock.on(ListBackupJobsCommand).callsFake((input) => ({
    BackupJobs: jobs
      .filter((entry) => entry.job.ResourceArn === input.ByResourceArn)
      .map((entry) => ({ ...entry.job })),
  }));
  mock.on(ListTagsCommand).callsFake((input) => ({
    Tags: { ...(jobs.find((entry) => entry.job.RecoveryPointArn === input.ResourceArn)?.tags ?? {}) },
  }));
  mock.on(ListRecoveryPointsByResourceCommand).callsFake((input) => ({
    RecoveryPoints: jobs
      .filter((entry) => entry.job.ResourceArn === input.ResourceArn)
      .map((entry) => ({
        RecoveryPointArn: entry.job.RecoveryPointArn,
        CreationDate: entry.job.CreationDate,
        Status: entry.job.State === 'COMPLETED' ? 'COMPLETED' : 'PARTIAL',
        BackupVaultName: entry.job.BackupVaultName,
        BackupSizeBytes: 8_589_934_592,
        IsParent: false,
        ResourceName: 'web-1',
      })),
  }));
  mock.on(DescribeRecoveryPointCommand).callsFake((input) => {
    const entry = jobs.find((candidate) => candidate.job.RecoveryPointArn === input.RecoveryPointArn);
    if (entry === undefined || entry.job.BackupVaultName !== input.BackupVaultName) {
      throw Object.assign(new Error(`Recovery point ${input.RecoveryPointArn} not found`), {
        name: 'ResourceNotFoundException',
        $fault: 'client',
        $metadata: { httpStatusCode: 404 },
      });
    }
    const created = entry.job.CreationDate ?? new Date(0);
    return {
      RecoveryPointArn: entry.job.RecoveryPointArn,
      BackupVaultName: entry.job.BackupVaultName,
      ResourceArn: entry.job.ResourceArn,
      Status: entry.job.State === 'COMPLETED' ? 'COMPLETED' : 'PARTIAL',
      CreationDate: created,
      ...(entry.deleteAfterDays === null
        ? {}
        : {
            Lifecycle: { DeleteAfterDays: entry.deleteAfterDays },
            CalculatedLifecycle: { DeleteAt: new Date(created.getTime() + entry.deleteAfterDays * 86_400_000) },
          }),
    };
  });
  return { mock, jobs };
}
