import { CreateBackupVaultCommand } from '@aws-sdk/client-backup';
import { CreateLogGroupCommand } from '@aws-sdk/client-cloudwatch-logs';
import {
  CreateAliasCommand,
  CreateKeyCommand,
  DescribeKeyCommand,
  KMSClient,
  ListAliasesCommand,
} from '@aws-sdk/client-kms';
import { CreateDBInstanceCommand, CreateDBSnapshotCommand } from '@aws-sdk/client-rds';
import { CreateBucketCommand, PutBucketEncryptionCommand } from '@aws-sdk/client-s3';
import { AWS_RESOURCE_TYPES, AwsClients, KMS_KEY, kmsKeyType } from '@decomkit/aws';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { awsInventoryPort } from '../src/ports/inventory-port.js';
import { awsRetirementPort } from '../src/ports/retirement-port.js';
import { kmsKeyIdOf } from '../src/resources/kms-key.js';
import {
  motoClients,
  motoEndpoint,
  mutatingRequests,
  resetMoto,
  TEST_CREDENTIALS,
  TEST_REGION,
  withOwnMoto,
} from './support/moto.js';
import { MOTO_ACCOUNT_ID } from './support/moto-server.js';
import { actionOn, discoverAll, portsOn, reconcile, run } from './support/retirement-harness.js';

withOwnMoto();

const tags = { workload: 'payments' };
const KEY_UUID = '0d6f5a1e-7c2b-4e8a-9b3d-5f1c2e4a6b8d';
const kms = () => motoClients().get('kms', TEST_REGION);

/** A customer-managed key with `keyTags`, and the alias `alias/<alias>` when given; its ARN. */
async function seedKey(keyTags: Record<string, string>, alias?: string): Promise<string> {
  const created = await kms().send(
    new CreateKeyCommand({ Tags: Object.entries(keyTags).map(([TagKey, TagValue]) => ({ TagKey, TagValue })) }),
  );
  const arn = created.KeyMetadata?.Arn ?? '';
  if (alias !== undefined) await kms().send(new CreateAliasCommand({ AliasName: `alias/${alias}`, TargetKeyId: arn }));
  return arn;
}

const keyState = async (arn: string) => (await kms().send(new DescribeKeyCommand({ KeyId: arn }))).KeyMetadata;
const scheduled = async () => (await mutatingRequests()).filter((request) => request.action === 'ScheduleKeyDeletion');

describe('KMS customer-managed keys (on moto)', () => {
  beforeEach(resetMoto);

  it('reads the key id from a key ARN only (not an alias, not another service); is stoppable, holds no data', () => {
    const arn = `arn:aws:kms:${TEST_REGION}:${MOTO_ACCOUNT_ID}:key/${KEY_UUID}`;
    expect(kmsKeyIdOf(arn)).toBe(KEY_UUID);
    expect(kmsKeyIdOf(`arn:aws:kms:${TEST_REGION}:${MOTO_ACCOUNT_ID}:key/mrk-${'a'.repeat(32)}`)).toBe(
      `mrk-${'a'.repeat(32)}`,
    );
    expect(kmsKeyIdOf(`arn:aws:kms:${TEST_REGION}:${MOTO_ACCOUNT_ID}:alias/payments`)).toBeNull();
    expect(kmsKeyIdOf(`arn:aws:kms:${TEST_REGION}:${MOTO_ACCOUNT_ID}:key/payments-events`)).toBeNull();
    expect(kmsKeyIdOf(`arn:aws:sqs:${TEST_REGION}:${MOTO_ACCOUNT_ID}:${KEY_UUID}`)).toBeNull();
    expect(AWS_RESOURCE_TYPES).toContain(KMS_KEY);
    expect(KMS_KEY).toMatchObject({ type: 'AWS::KMS::Key', stoppable: true, holdsData: false });
  });

  it('is discovered by tag (not a look-alike), disabled as the scream test, then scheduled for deletion in 30 days; aliases stay', async () => {
    const arn = await seedKey(tags, 'payments');
    await seedKey({ workload: 'payments-archive' }, 'archive');
    const ports = portsOn([KMS_KEY]);
    const found = await discoverAll(ports);
    expect([...found.keys()]).toEqual([arn]);
    expect(found.get(arn)).toMatchObject({ state: 'enabled', name: 'alias/payments', dependsOn: [] });
    expect(found.get(arn)?.retireBlockers).toBeUndefined();

    const stop = actionOn(arn, 'resource.stop');
    expect(await reconcile(ports.retirement, stop)).toEqual({ status: 'absent' });
    expect((await run(ports.retirement, stop))._unsafeUnwrap()).toMatchObject({
      status: 'done',
      result: { state: 'disabled', undo: 'kms:EnableKey' },
    });
    expect(await reconcile(ports.retirement, stop)).toMatchObject({ status: 'done' });
    expect((await ports.inventory.describe(arn))._unsafeUnwrap()?.state).toBe('stopped');

    const remove = actionOn(arn, 'resource.delete');
    expect(await reconcile(ports.retirement, remove)).toEqual({ status: 'absent' });
    expect((await run(ports.retirement, remove))._unsafeUnwrap()).toMatchObject({
      status: 'done',
      result: { state: 'pending-deletion', pendingWindowDays: 30 },
    });
    expect((await scheduled())[0]?.body).toContain('"PendingWindowInDays":30');
    expect((await keyState(arn))?.KeyState).toBe('PendingDeletion');
    // Pending deletion is gone for the workload; a retry is done, nothing sent again.
    expect((await ports.inventory.describe(arn))._unsafeUnwrap()).toBeNull();
    expect(await reconcile(ports.retirement, remove)).toMatchObject({ status: 'done' });
    expect((await run(ports.retirement, remove))._unsafeUnwrap()).toMatchObject({ status: 'done' });
    expect(await scheduled()).toHaveLength(1);
    // The alias is left on the key: CancelKeyDeletion would find everything in place.
    const aliases = await kms().send(new ListAliasesCommand({ KeyId: arn }));
    expect(aliases.Aliases?.map((alias) => alias.AliasName)).toEqual(['alias/payments']);
  });

  it('sends a configured window of 7 days; refuses 6 (InvalidInput) and sends nothing', async () => {
    const arn = await seedKey(tags);
    const week = portsOn([kmsKeyType({ pendingWindowDays: 7 })]);
    const short = portsOn([kmsKeyType({ pendingWindowDays: 6 })]);
    expect((await run(short.retirement, actionOn(arn, 'resource.delete')))._unsafeUnwrapErr().code).toBe(
      'InvalidInput',
    );
    expect(await scheduled()).toEqual([]);
    expect((await run(week.retirement, actionOn(arn, 'resource.delete')))._unsafeUnwrap()).toMatchObject({
      result: { pendingWindowDays: 7 },
    });
    expect((await scheduled())[0]?.body).toContain('"PendingWindowInDays":7');
  });

  it('is refused while an RDS snapshot or an export bucket is encrypted with it: a blocking finding naming each, Conflict at delete, nothing sent', async () => {
    const arn = await seedKey(tags);
    const clients = motoClients();
    await clients.get('rds', TEST_REGION).send(
      new CreateDBInstanceCommand({
        DBInstanceIdentifier: 'ledger',
        DBInstanceClass: 'db.t3.micro',
        Engine: 'postgres',
        MasterUsername: 'admin',
        MasterUserPassword: 'not-a-real-password',
        AllocatedStorage: 20,
        StorageEncrypted: true,
        KmsKeyId: arn,
      }),
    );
    await clients
      .get('rds', TEST_REGION)
      .send(new CreateDBSnapshotCommand({ DBInstanceIdentifier: 'ledger', DBSnapshotIdentifier: 'ledger-final' }));
    const s3 = clients.get('s3', TEST_REGION);
    await s3.send(
      new CreateBucketCommand({
        Bucket: 'payments-log-archive',
        CreateBucketConfiguration: { LocationConstraint: TEST_REGION },
      }),
    );
    await s3.send(
      new PutBucketEncryptionCommand({
        Bucket: 'payments-log-archive',
        ServerSideEncryptionConfiguration: {
          Rules: [{ ApplyServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms', KMSMasterKeyID: arn } }],
        },
      }),
    );
    const ports = portsOn([KMS_KEY]);
    const key = (await discoverAll(ports)).get(arn);
    expect(key?.retireBlockers).toEqual([{ code: 'kms-key-encrypts-backups', message: expect.any(String) }]);
    const message = key?.retireBlockers?.[0]?.message ?? '';
    expect(message).toContain(`arn:aws:rds:${TEST_REGION}:${MOTO_ACCOUNT_ID}:snapshot:ledger-final`);
    expect(message).toContain('arn:aws:s3:::payments-log-archive');
    // The live database is retired first (its dependsOn), the snapshot never.
    expect(key?.dependsOn).toEqual([`arn:aws:rds:${TEST_REGION}:${MOTO_ACCOUNT_ID}:db:ledger`]);
    const refused = (await run(ports.retirement, actionOn(arn, 'resource.delete')))._unsafeUnwrapErr();
    expect(refused.code).toBe('Conflict');
    expect(refused.message).toContain('ledger-final');
    expect(await scheduled()).toEqual([]);
    expect((await keyState(arn))?.KeyState).toBe('Enabled');
  });

  it('is retired after the log groups encrypted with it, and refused while one is still there', async () => {
    const arn = await seedKey(tags);
    await motoClients()
      .get('logs', TEST_REGION)
      .send(new CreateLogGroupCommand({ logGroupName: '/payments/audit', kmsKeyId: arn, tags }));
    const ports = portsOn([KMS_KEY]);
    const key = (await discoverAll(ports)).get(arn);
    expect(key?.dependsOn).toEqual([`arn:aws:logs:${TEST_REGION}:${MOTO_ACCOUNT_ID}:log-group:/payments/audit`]);
    expect(key?.retireBlockers).toBeUndefined();
    const refused = (await run(ports.retirement, actionOn(arn, 'resource.delete')))._unsafeUnwrapErr();
    expect(refused).toMatchObject({ code: 'Conflict', message: expect.stringContaining('/payments/audit') });
    expect(await scheduled()).toEqual([]);
  });

  it('fails closed: with a backup vault whose recovery points cannot be read, the key is refused at plan and at delete', async () => {
    const arn = await seedKey(tags);
    // moto keeps vaults but has no recovery points API: what the vault holds cannot be read.
    await motoClients()
      .get('backup', TEST_REGION)
      .send(new CreateBackupVaultCommand({ BackupVaultName: 'payments' }));
    const ports = portsOn([KMS_KEY]);
    const key = (await discoverAll(ports)).get(arn);
    expect(key?.retireBlockers?.map((blocker) => blocker.code)).toEqual(['kms-key-dependents-unreadable']);
    expect(key?.retireBlockers?.[0]?.message).toContain('ListRecoveryPointsByBackupVault');
    expect((await run(ports.retirement, actionOn(arn, 'resource.delete')))._unsafeUnwrapErr().code).toBe('Conflict');
    expect(await scheduled()).toEqual([]);
  });

  it('never touches an AWS-managed key (KMS mocked: moto makes none): blocking finding, stop and delete refused', async () => {
    const arn = `arn:aws:kms:${TEST_REGION}:${MOTO_ACCOUNT_ID}:key/${KEY_UUID}`;
    const client = new KMSClient({ region: TEST_REGION, credentials: TEST_CREDENTIALS });
    const mock = mockClient(client);
    mock.on(DescribeKeyCommand).resolves({
      KeyMetadata: { KeyId: KEY_UUID, Arn: arn, KeyManager: 'AWS', KeyState: 'Enabled', Enabled: true },
    });
    const clients = new AwsClients({
      endpoint: motoEndpoint(),
      credentials: TEST_CREDENTIALS,
      maxAttempts: 1,
      clients: { kms: client },
    });
    const inventory = awsInventoryPort(clients, [KMS_KEY], TEST_REGION);
    const retirement = awsRetirementPort(clients, [KMS_KEY]);
    expect((await inventory.describe(arn))._unsafeUnwrap()?.retireBlockers).toEqual([
      { code: 'kms-key-aws-managed', message: expect.stringContaining('AWS-managed') },
    ]);
    for (const kind of ['resource.stop', 'resource.delete']) {
      expect((await run(retirement, actionOn(arn, kind)))._unsafeUnwrapErr().code).toBe('Conflict');
    }
    expect(mock.calls().map((call) => call.args[0].constructor.name)).toEqual(
      expect.not.arrayContaining(['DisableKeyCommand', 'ScheduleKeyDeletionCommand']),
    );
  });

  it('refuses an alias ARN or another type (InvalidInput)', async () => {
    const ports = portsOn([KMS_KEY]);
    const alias = `arn:aws:kms:${TEST_REGION}:${MOTO_ACCOUNT_ID}:alias/payments`;
    expect((await run(ports.retirement, actionOn(alias, 'resource.delete')))._unsafeUnwrapErr().code).toBe(
      'InvalidInput',
    );
    const queue = `arn:aws:sqs:${TEST_REGION}:${MOTO_ACCOUNT_ID}:payments`;
    expect((await run(ports.retirement, actionOn(queue, 'resource.stop')))._unsafeUnwrapErr().code).toBe(
      'InvalidInput',
    );
  });
});
