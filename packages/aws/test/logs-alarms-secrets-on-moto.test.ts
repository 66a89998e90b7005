import { CreateLogGroupCommand, CreateLogStreamCommand, PutLogEventsCommand } from '@aws-sdk/client-cloudwatch-logs';
import { CreateBucketCommand } from '@aws-sdk/client-s3';
import { CreateSecretCommand, DescribeSecretCommand } from '@aws-sdk/client-secrets-manager';
import {
  AWS_RESOURCE_TYPES,
  awsSource,
  CLOUDWATCH_ALARM,
  LOG_GROUP,
  SECRETS_MANAGER_SECRET,
  secretsManagerSecretType,
} from '@decomkit/aws';
import type { Action } from '@decomkit/core';
import { beforeEach, describe, expect, it } from 'vitest';
import { logGroupNameOf } from '../src/resources/log-group.js';
import { secretIdOf } from '../src/resources/secrets-manager-secret.js';
import {
  motoClients,
  motoEndpoint,
  mutatingRequests,
  resetMoto,
  TEST_CREDENTIALS,
  TEST_REGION,
  withOwnMoto,
} from './support/moto.js';
import { putAlarm } from './support/moto-monitoring-fixtures.js';
import { MOTO_ACCOUNT_ID } from './support/moto-server.js';
import { actionOn, contextFor, discoverAll, portsOn, reconcile, run, tagList } from './support/retirement-harness.js';

withOwnMoto();

const tags = { workload: 'payments' };
const logGroupArn = (name: string) => `arn:aws:logs:${TEST_REGION}:${MOTO_ACCOUNT_ID}:log-group:${name}`;
const alarmArn = (name: string) => `arn:aws:cloudwatch:${TEST_REGION}:${MOTO_ACCOUNT_ID}:alarm:${name}`;

async function seedLogGroup(name: string, groupTags: Record<string, string>): Promise<void> {
  const logs = motoClients().get('logs', TEST_REGION);
  await logs.send(new CreateLogGroupCommand({ logGroupName: name, tags: groupTags }));
  await logs.send(new CreateLogStreamCommand({ logGroupName: name, logStreamName: 'web' }));
  await logs.send(
    new PutLogEventsCommand({
      logGroupName: name,
      logStreamName: 'web',
      logEvents: [{ timestamp: Date.now(), message: 'GET /payments 200' }],
    }),
  );
}

async function seedSecret(name: string, secretTags: Record<string, string>): Promise<string> {
  const created = await motoClients()
    .get('secretsmanager', TEST_REGION)
    .send(new CreateSecretCommand({ Name: name, SecretString: 'not-a-real-secret', Tags: tagList(secretTags) }));
  return created.ARN ?? '';
}

/** The backups port on moto, exporting log groups to `archive` (none: no archive bucket). */
const backupsOn = (archive?: string) =>
  awsSource({
    region: TEST_REGION,
    endpoint: motoEndpoint(),
    credentials: TEST_CREDENTIALS,
    maxAttempts: 1,
    pollMilliseconds: 1,
    readRateLimits: false,
    backups: { defaultMethod: 'aws-backup', ...(archive === undefined ? {} : { logArchiveBucket: archive }) },
  }).backups;

function backupAction(arn: string): Action {
  return {
    ...actionOn(arn, 'backup.create', { vault: 'Default', retainDays: 30 }),
    item: 'backups',
    step: 'final-backups',
  };
}

describe('CloudWatch Logs log groups (on moto)', () => {
  beforeEach(resetMoto);

  it('reads the group name from a log group ARN only (not a stream, not the :* form); holds data', () => {
    expect(logGroupNameOf(logGroupArn('/payments/api'))).toBe('/payments/api');
    expect(logGroupNameOf(`${logGroupArn('/payments/api')}:*`)).toBeNull();
    expect(logGroupNameOf(`${logGroupArn('/payments/api')}:log-stream:web`)).toBeNull();
    expect(AWS_RESOURCE_TYPES).toContain(LOG_GROUP);
    expect(LOG_GROUP).toMatchObject({ type: 'AWS::Logs::LogGroup', stoppable: false, holdsData: true });
  });

  it('is discovered by tag with its creation time as identity, and deleted; reconciled before and after', async () => {
    await seedLogGroup('/payments/api', tags);
    await seedLogGroup('/archive/api', { workload: 'payments-archive' });
    const ports = portsOn([LOG_GROUP]);
    const found = await discoverAll(ports);
    expect([...found.keys()]).toEqual([logGroupArn('/payments/api')]);
    expect(found.get(logGroupArn('/payments/api'))?.resourceIdentity).toMatch(/^\d{4}-\d\d-\d\dT/);
    const remove = actionOn(logGroupArn('/payments/api'), 'resource.delete');
    expect(await reconcile(ports.retirement, remove)).toEqual({ status: 'absent' });
    expect((await run(ports.retirement, remove))._unsafeUnwrap()).toMatchObject({
      status: 'done',
      result: { logGroupName: '/payments/api', state: 'deleted' },
    });
    expect(await reconcile(ports.retirement, remove)).toMatchObject({ status: 'done' });
    expect((await ports.inventory.describe(logGroupArn('/payments/api')))._unsafeUnwrap()).toBeNull();
  });

  it('is backed up by a final export to the archive bucket from its creation, named after the action, found again on retry', async () => {
    await seedLogGroup('/payments/api', tags);
    await motoClients()
      .get('s3', TEST_REGION)
      .send(
        new CreateBucketCommand({
          Bucket: 'payments-log-archive',
          CreateBucketConfiguration: { LocationConstraint: TEST_REGION },
        }),
      );
    const identity = (await portsOn([LOG_GROUP]).inventory.describe(logGroupArn('/payments/api')))._unsafeUnwrap()
      ?.resourceIdentity;
    const backups = backupsOn('payments-log-archive');
    const create = backups.handlers['backup.create'];
    const action = backupAction(logGroupArn('/payments/api'));
    expect((await create.reconcile(action, contextFor(action)))._unsafeUnwrap()).toEqual({ status: 'absent' });
    // The workload's method is AWS Backup, which does not back log groups up: the export is used instead.
    const executed = await create.execute(action, contextFor(action));
    if (executed.isErr()) throw new Error(`${executed.error.code}: ${executed.error.message}`);
    const outcome = executed.value;
    expect(outcome).toMatchObject({
      status: 'done',
      result: { method: 'native', status: 'COMPLETED', snapshotIdentifier: expect.stringMatching(/^decomkit-backup-/) },
    });
    expect((await create.reconcile(action, contextFor(action)))._unsafeUnwrap()).toMatchObject({ status: 'done' });
    const points = (await backups.listRecoveryPoints(logGroupArn('/payments/api')))._unsafeUnwrap();
    expect(points).toEqual([
      expect.objectContaining({
        resourceArn: logGroupArn('/payments/api'),
        status: 'COMPLETED',
        resourceIdentity: identity,
        retainUntil: null,
        arn: expect.stringMatching(/^arn:aws:s3:::payments-log-archive\/decomkit\/payments\/api\/decomkit-backup-/),
      }),
    ]);
    const exports = (await mutatingRequests()).filter((request) => request.action === 'CreateExportTask');
    expect(exports).toHaveLength(1);
    expect(exports[0]?.body).toContain('"destination":"payments-log-archive"');
    expect((await mutatingRequests()).filter((request) => request.action === 'StartBackupJob')).toEqual([]);
  });

  it('without an archive bucket, refuses its backup (InvalidInput) and sends nothing: only a waiver releases it', async () => {
    await seedLogGroup('/payments/api', tags);
    const create = backupsOn().handlers['backup.create'];
    const action = backupAction(logGroupArn('/payments/api'));
    const refused = (await create.execute(action, contextFor(action)))._unsafeUnwrapErr();
    expect(refused).toMatchObject({ code: 'InvalidInput', message: expect.stringContaining('logArchiveBucket') });
    expect((await mutatingRequests()).map((request) => request.action)).toEqual([
      'CreateLogGroup',
      'CreateLogStream',
      'PutLogEvents',
    ]);
  });
});

describe('CloudWatch alarms (on moto)', () => {
  beforeEach(resetMoto);

  it('is discovered by tag, not a look-alike, and deleted with DeleteAlarms; reconciled before and after', async () => {
    await putAlarm(motoClients(), TEST_REGION, 'payments-5xx', tags);
    await putAlarm(motoClients(), TEST_REGION, 'archive-5xx', { workload: 'payments-archive' });
    const ports = portsOn([CLOUDWATCH_ALARM]);
    const found = await discoverAll(ports);
    expect([...found.keys()]).toEqual([alarmArn('payments-5xx')]);
    expect(found.get(alarmArn('payments-5xx'))).toMatchObject({ name: 'payments-5xx', tags, dependsOn: [] });
    const remove = actionOn(alarmArn('payments-5xx'), 'resource.delete');
    expect(await reconcile(ports.retirement, remove)).toEqual({ status: 'absent' });
    expect((await run(ports.retirement, remove))._unsafeUnwrap()).toMatchObject({
      status: 'done',
      result: { alarmName: 'payments-5xx', state: 'deleted' },
    });
    expect(await reconcile(ports.retirement, remove)).toMatchObject({ status: 'done' });
    expect((await ports.inventory.describe(alarmArn('archive-5xx')))._unsafeUnwrap()?.name).toBe('archive-5xx');
    expect(
      (await mutatingRequests())
        .filter((request) => request.action === 'DeleteAlarms')
        .map((request) => request.action),
    ).toEqual(['DeleteAlarms']);
  });
});

describe('Secrets Manager secrets (on moto)', () => {
  beforeEach(resetMoto);

  it('reads the secret id from a secret ARN only', () => {
    const arn = `arn:aws:secretsmanager:${TEST_REGION}:${MOTO_ACCOUNT_ID}:secret:payments/db-AbCdEf`;
    expect(secretIdOf(arn)).toBe('payments/db-AbCdEf');
    expect(secretIdOf(`${arn}:extra`)).toBeNull();
    expect(SECRETS_MANAGER_SECRET).toMatchObject({ type: 'AWS::SecretsManager::Secret', holdsData: false });
    const place = { accountId: MOTO_ACCOUNT_ID, region: TEST_REGION };
    expect(SECRETS_MANAGER_SECRET.arnOfPhysicalId(place, arn)).toBe(arn);
  });

  it('is deleted with a 30-day recovery window, never forced; scheduled reads as gone; a repeat sends nothing', async () => {
    const arn = await seedSecret('payments/db', tags);
    await seedSecret('archive/db', { workload: 'payments-archive' });
    const ports = portsOn([SECRETS_MANAGER_SECRET]);
    expect([...(await discoverAll(ports)).keys()]).toEqual([arn]);
    const remove = actionOn(arn, 'resource.delete');
    expect(await reconcile(ports.retirement, remove)).toEqual({ status: 'absent' });
    expect((await run(ports.retirement, remove))._unsafeUnwrap()).toMatchObject({
      status: 'done',
      result: { state: 'scheduled-for-deletion', recoveryWindowDays: 30 },
    });
    const deletes = (await mutatingRequests()).filter((request) => request.action === 'DeleteSecret');
    expect(deletes).toHaveLength(1);
    expect(JSON.parse(deletes[0]?.body ?? '{}')).toEqual({ SecretId: arn, RecoveryWindowInDays: 30 });
    expect(deletes[0]?.body).not.toContain('ForceDeleteWithoutRecovery');
    const described = await motoClients()
      .get('secretsmanager', TEST_REGION)
      .send(new DescribeSecretCommand({ SecretId: arn }));
    expect(described.DeletedDate).toBeInstanceOf(Date);
    expect((await ports.inventory.describe(arn))._unsafeUnwrap()).toBeNull();
    expect([...(await discoverAll(ports)).keys()]).toEqual([]);
    expect(await reconcile(ports.retirement, remove)).toMatchObject({ status: 'done' });
    expect((await run(ports.retirement, remove))._unsafeUnwrap()).toMatchObject({ result: { alreadyGone: true } });
    expect((await mutatingRequests()).filter((request) => request.action === 'DeleteSecret')).toHaveLength(1);
  });

  it('sends a configured window of 7 days; refuses one outside 7 to 30 (InvalidInput) and sends nothing', async () => {
    const arn = await seedSecret('payments/db', tags);
    const short = portsOn([secretsManagerSecretType({ recoveryWindowDays: 7 })]);
    const tooShort = portsOn([secretsManagerSecretType({ recoveryWindowDays: 3 })]);
    const remove = actionOn(arn, 'resource.delete');
    expect((await run(tooShort.retirement, remove))._unsafeUnwrapErr().code).toBe('InvalidInput');
    expect((await mutatingRequests()).filter((request) => request.action === 'DeleteSecret')).toEqual([]);
    expect((await run(short.retirement, remove))._unsafeUnwrap()).toMatchObject({ result: { recoveryWindowDays: 7 } });
    const deletes = (await mutatingRequests()).filter((request) => request.action === 'DeleteSecret');
    expect(JSON.parse(deletes[0]?.body ?? '{}')).toEqual({ SecretId: arn, RecoveryWindowInDays: 7 });
  });
});
