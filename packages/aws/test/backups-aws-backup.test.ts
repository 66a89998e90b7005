import 'aws-sdk-client-mock-vitest/extend';
import { BackupClient, StartBackupJobCommand } from '@aws-sdk/client-backup';
import { DescribeSnapshotsCommand, EC2Client } from '@aws-sdk/client-ec2';
import { awsSource } from '@decomkit/aws';
import type { Action, HandlerContext } from '@decomkit/core';
import { idempotencyToken, systemClock } from '@decomkit/provider-kit';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { fakeBackupApi } from './support/backup-api-double.js';
import { TEST_CREDENTIALS } from './support/moto.js';

/**
 * moto has no AWS Backup jobs, so this path runs against aws-sdk-client-mock:
 * a small stateful double whose responses are shaped like the AWS Backup API
 * reference (StartBackupJob, DescribeBackupJob, ListBackupJobs, ListTags,
 * ListRecoveryPointsByResource). A job runs for one DescribeBackupJob, then
 * completes; a repeated IdempotencyToken returns the same job, as AWS does.
 */
const ACCOUNT = '111122223333';
const INSTANCE_ARN = `arn:aws:ec2:eu-west-1:${ACCOUNT}:instance/i-0123456789abcdef0`;

function action(key = `final-backups:backup.create:${INSTANCE_ARN}`): Action {
  return {
    key,
    step: 'final-backups',
    item: 'backups',
    kind: 'backup.create',
    target: {
      ref: INSTANCE_ARN,
      arn: INSTANCE_ARN,
      resourceType: 'AWS::EC2::Instance',
      accountId: ACCOUNT,
      region: 'eu-west-1',
    },
    params: { vault: 'decom-archive', retainDays: 365 },
    gates: [],
    dependsOn: [],
  };
}

function contextFor(subject: Action): HandlerContext {
  return {
    signal: new AbortController().signal,
    clock: systemClock,
    idempotencyToken: idempotencyToken(subject.key),
    ports: {},
  };
}

describe('backups port: AWS Backup jobs (aws-sdk-client-mock; moto has no Backup jobs)', () => {
  let client: BackupClient;
  beforeEach(() => {
    client = new BackupClient({ region: 'eu-west-1', credentials: TEST_CREDENTIALS });
  });

  const port = () =>
    awsSource({ region: 'eu-west-1', credentials: TEST_CREDENTIALS, clients: { backup: client } }).backups;

  it('starts a job with the idempotency token, waits through pending checkpoints, and completes', async () => {
    const { mock } = fakeBackupApi(client);
    const handler = port().handlers?.['backup.create'];
    if (handler?.poll === undefined) throw new Error('backup.create must poll');
    const subject = action();
    const context = contextFor(subject);
    const started = (await handler.execute(subject, context))._unsafeUnwrap();
    expect(started).toEqual({ status: 'pending', checkpoint: { jobId: 'job-1' }, pollAfterMilliseconds: 60_000 });
    expect(mock).toHaveReceivedCommandWith(StartBackupJobCommand, {
      BackupVaultName: 'decom-archive',
      ResourceArn: INSTANCE_ARN,
      IdempotencyToken: context.idempotencyToken,
      IamRoleArn: `arn:aws:iam::${ACCOUNT}:role/service-role/AWSBackupDefaultServiceRole`,
      Lifecycle: { DeleteAfterDays: 365 },
      RecoveryPointTags: { 'decomkit:action': subject.key },
    });
    const finished = (await handler.poll(subject, { jobId: 'job-1' }, context))._unsafeUnwrap();
    expect(finished).toEqual({
      status: 'done',
      result: {
        method: 'aws-backup',
        jobId: 'job-1',
        recoveryPointArn: 'arn:aws:ec2:eu-west-1::image/ami-00000000000000001',
        status: 'COMPLETED',
        retainDays: 365,
      },
    });
  });

  it('asking twice with the same token makes one job; reconcile finds it by its recovery point tag', async () => {
    const { jobs } = fakeBackupApi(client);
    const handler = port().handlers?.['backup.create'];
    if (handler === undefined) throw new Error('no backup.create handler');
    const subject = action();
    const context = contextFor(subject);
    expect((await handler.reconcile(subject, context))._unsafeUnwrap()).toEqual({ status: 'absent' });
    await handler.execute(subject, context);
    await handler.execute(subject, context);
    expect(jobs).toHaveLength(1);
    const reconciled = (await handler.reconcile(subject, context))._unsafeUnwrap();
    expect(reconciled.status).toBe('done');
    const other = action('final-backups:backup.create:other');
    expect((await handler.reconcile(other, contextFor(other)))._unsafeUnwrap()).toEqual({ status: 'absent' });
  });

  it('a FAILED job is a non-retryable ProviderFailure naming the resource', async () => {
    fakeBackupApi(client, { failJobs: true });
    const handler = port().handlers?.['backup.create'];
    if (handler?.poll === undefined) throw new Error('backup.create must poll');
    const subject = action();
    await handler.execute(subject, contextFor(subject));
    const failed = await handler.poll(subject, { jobId: 'job-1' }, contextFor(subject));
    expect(failed._unsafeUnwrapErr()).toMatchObject({
      code: 'ProviderFailure',
      retryable: false,
      resource: INSTANCE_ARN,
    });
    expect(failed._unsafeUnwrapErr().message).toContain('FAILED');
  });

  it('lists recovery points by resource with the action key and resource identity from their tags and the expiry AWS Backup computed', async () => {
    fakeBackupApi(client);
    const backups = port();
    const handler = backups.handlers?.['backup.create'];
    if (handler?.poll === undefined) throw new Error('backup.create must poll');
    const planned = action();
    const subject = { ...planned, params: { ...planned.params, resourceIdentity: 'i-0123456789abcdef0' } };
    await handler.execute(subject, contextFor(subject));
    await handler.poll(subject, { jobId: 'job-1' }, contextFor(subject));
    // listRecoveryPoints also reads native snapshots over EC2: give it an EC2 client that answers "none".
    const points = await awsSource({
      region: 'eu-west-1',
      credentials: TEST_CREDENTIALS,
      clients: { backup: client, ec2: emptyEc2() },
    }).backups.listRecoveryPoints(INSTANCE_ARN);
    expect(points._unsafeUnwrap()).toEqual([
      {
        arn: 'arn:aws:ec2:eu-west-1::image/ami-00000000000000001',
        resourceArn: INSTANCE_ARN,
        status: 'COMPLETED',
        createdAt: '2026-12-14T10:00:00.000Z',
        retainUntil: '2027-12-14T10:00:00.000Z', // CalculatedLifecycle.DeleteAt: created + 365 days
        actionKey: subject.key,
        resourceIdentity: 'i-0123456789abcdef0', // tagged decomkit:resource-identity by StartBackupJob
      },
    ]);
  });

  it('refuses a backup.create without vault and retainDays as InvalidInput, calling nothing', async () => {
    const { mock } = fakeBackupApi(client);
    const handler = port().handlers?.['backup.create'];
    if (handler === undefined) throw new Error('no backup.create handler');
    const subject = { ...action(), params: { vault: 7 } };
    const refused = await handler.execute(subject, contextFor(subject));
    expect(refused._unsafeUnwrapErr().code).toBe('InvalidInput');
    expect(mock).not.toHaveReceivedAnyCommand();
  });
});

/** An EC2 client that knows no snapshots. */
function emptyEc2() {
  const ec2 = new EC2Client({ region: 'eu-west-1', credentials: TEST_CREDENTIALS });
  mockClient(ec2).on(DescribeSnapshotsCommand).resolves({ Snapshots: [] });
  return ec2;
}
