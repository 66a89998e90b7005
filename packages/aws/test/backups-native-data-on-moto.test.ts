import {
  CreateBackupCommand,
  CreateTableCommand,
  DescribeBackupCommand,
  DynamoDBClient,
  ListBackupsCommand,
} from '@aws-sdk/client-dynamodb';
import {
  CreateDBClusterCommand,
  CreateDBClusterSnapshotCommand,
  DescribeDBClusterSnapshotsCommand,
  RDSClient,
} from '@aws-sdk/client-rds';
import { AwsClients } from '@decomkit/aws';
import type { Action } from '@decomkit/core';
import { nativeSnapshotIdentifier } from '@decomkit/provider-kit';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { typeOfArn } from '../src/arn-types.js';
import {
  createNative,
  findNative,
  nativeRecoveryPoints,
  nativeTarget,
  pollNative,
} from '../src/backups/native-backups.js';
import {
  motoClients,
  motoEndpoint,
  recordedRequests,
  resetMoto,
  TEST_CREDENTIALS,
  TEST_REGION,
  withOwnMoto,
} from './support/moto.js';
import { MOTO_ACCOUNT_ID } from './support/moto-server.js';

withOwnMoto();

const TABLE_ARN = `arn:aws:dynamodb:${TEST_REGION}:${MOTO_ACCOUNT_ID}:table/payments-sessions`;
const CLUSTER_ARN = `arn:aws:rds:${TEST_REGION}:${MOTO_ACCOUNT_ID}:cluster:payments-ledger`;

function backupOf(arn: string): Action {
  return {
    key: `final-backups:backup.create:${arn}`,
    step: 'final-backups',
    item: 'backups',
    kind: 'backup.create',
    target: { ref: arn, arn, resourceType: typeOfArn(arn), accountId: MOTO_ACCOUNT_ID, region: TEST_REGION },
    params: { vault: 'Default', retainDays: 35, method: 'native' },
    gates: [],
    dependsOn: [],
  };
}

function provider(): AwsClients {
  return new AwsClients({
    endpoint: motoEndpoint(),
    credentials: TEST_CREDENTIALS,
    maxAttempts: 1,
    pollMilliseconds: 1,
  });
}

describe('native backups of RDS DB clusters and DynamoDB tables on moto', () => {
  beforeEach(async () => {
    await resetMoto();
    await motoClients()
      .get('dynamodb', TEST_REGION)
      .send(
        new CreateTableCommand({
          TableName: 'payments-sessions',
          AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }],
          KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
          BillingMode: 'PAY_PER_REQUEST',
        }),
      );
    await motoClients()
      .get('rds', TEST_REGION)
      .send(
        new CreateDBClusterCommand({
          DBClusterIdentifier: 'payments-ledger',
          Engine: 'aurora-postgresql',
          MasterUsername: 'ledger',
          MasterUserPassword: 'not-a-secret-2',
        }),
      );
  });

  it('knows cluster ARNs and still hands instance and volume ARNs to the EBS / DB snapshot path', () => {
    expect(nativeTarget(CLUSTER_ARN)).toEqual({ via: 'rds-cluster', id: 'payments-ledger', region: TEST_REGION });
    expect(nativeTarget(`arn:aws:rds:${TEST_REGION}:${MOTO_ACCOUNT_ID}:db:payments-db`)?.via).toBe('rds');
    expect(nativeTarget(`arn:aws:ec2:${TEST_REGION}:${MOTO_ACCOUNT_ID}:volume/vol-0abc`)?.via).toBe('ebs-volume');
    expect(nativeTarget(`arn:aws:dynamodb:${TEST_REGION}:${MOTO_ACCOUNT_ID}:table/payments-sessions`)).toEqual({
      via: 'dynamodb-table',
      id: 'payments-sessions',
      region: TEST_REGION,
    });
    expect(nativeTarget(`arn:aws:lambda:${TEST_REGION}:${MOTO_ACCOUNT_ID}:function:payments-worker`)).toBeNull();
    expect(nativeTarget('arn:aws:s3:::payments-exports-1')).toBeNull();
  });

  it('creates a tagged cluster snapshot named after the action, finds it again, and lists it as a recovery point', async () => {
    const clients = provider();
    const action = backupOf(CLUSTER_ARN);
    const target = nativeTarget(CLUSTER_ARN);
    if (target === null) throw new Error('no native target');
    const identifier = nativeSnapshotIdentifier(action.key);

    expect((await findNative(clients, action, target, MOTO_ACCOUNT_ID))._unsafeUnwrap()).toBeNull();
    const created = (await createNative(clients, action, target, MOTO_ACCOUNT_ID))._unsafeUnwrap();
    expect(created).toMatchObject({
      status: 'done',
      result: { method: 'native', snapshotIdentifier: identifier, status: 'COMPLETED', retainDays: 35 },
    });

    const oracle = await motoClients()
      .get('rds', TEST_REGION)
      .send(new DescribeDBClusterSnapshotsCommand({ DBClusterSnapshotIdentifier: identifier }));
    const snapshot = oracle.DBClusterSnapshots?.[0];
    expect(snapshot?.DBClusterIdentifier).toBe('payments-ledger');
    expect(snapshot?.TagList).toEqual(
      expect.arrayContaining([
        { Key: 'decomkit:action', Value: action.key },
        { Key: 'decomkit:source', Value: CLUSTER_ARN },
      ]),
    );

    // A retry (reconcile) finds the first attempt's snapshot instead of making another.
    expect((await findNative(clients, action, target, MOTO_ACCOUNT_ID))._unsafeUnwrap()).toEqual(created);
    const creates = (await recordedRequests()).filter((request) => request.action === 'CreateDBClusterSnapshot');
    expect(creates).toHaveLength(1);

    const points = (await nativeRecoveryPoints(clients, CLUSTER_ARN))._unsafeUnwrap();
    expect(points).toEqual([
      expect.objectContaining({
        arn: snapshot?.DBClusterSnapshotArn,
        resourceArn: CLUSTER_ARN,
        status: 'COMPLETED',
        actionKey: action.key,
      }),
    ]);
    const polled = await pollNative(
      clients,
      action,
      { method: 'native', rdsSnapshot: identifier, kind: 'cluster' },
      MOTO_ACCOUNT_ID,
    );
    expect(polled._unsafeUnwrap()).toEqual(created);
  });

  it('refuses an unknown checkpoint, and a cluster that does not exist', async () => {
    const clients = provider();
    const action = backupOf(CLUSTER_ARN);
    const bad = await pollNative(clients, action, { method: 'native', snapshotIds: 'nope' }, MOTO_ACCOUNT_ID);
    expect(bad._unsafeUnwrapErr().code).toBe('InvalidInput');
    const vanished = await pollNative(
      clients,
      action,
      { method: 'native', rdsSnapshot: 'decomkit-backup-gone', kind: 'cluster' },
      MOTO_ACCOUNT_ID,
    );
    expect(vanished._unsafeUnwrapErr().code).toBe('NotFound');
    const missing = backupOf(`arn:aws:rds:${TEST_REGION}:${MOTO_ACCOUNT_ID}:cluster:no-such-cluster`);
    const target = nativeTarget(missing.target.arn ?? '');
    if (target === null) throw new Error('no native target');
    expect((await createNative(clients, missing, target, MOTO_ACCOUNT_ID))._unsafeUnwrapErr().code).toBe('NotFound');
  });

  it('checkpoints a cluster snapshot still creating (RDS mocked: moto finishes at once)', async () => {
    const rds = new RDSClient({ region: TEST_REGION, credentials: TEST_CREDENTIALS });
    const mock = mockClient(rds);
    mock.on(CreateDBClusterSnapshotCommand).resolves({
      DBClusterSnapshot: { DBClusterSnapshotIdentifier: 'decomkit-backup-x', Status: 'creating' },
    });
    mock.on(DescribeDBClusterSnapshotsCommand).resolves({
      DBClusterSnapshots: [
        { DBClusterSnapshotIdentifier: 'decomkit-backup-x', DBClusterSnapshotArn: 'arn:snap', Status: 'available' },
      ],
    });
    const clients = new AwsClients({ clients: { rds }, credentials: TEST_CREDENTIALS, pollMilliseconds: 5 });
    const action = backupOf(CLUSTER_ARN);
    const target = nativeTarget(CLUSTER_ARN);
    if (target === null) throw new Error('no native target');
    const started = (await createNative(clients, action, target, MOTO_ACCOUNT_ID))._unsafeUnwrap();
    expect(started).toEqual({
      status: 'pending',
      checkpoint: { method: 'native', rdsSnapshot: 'decomkit-backup-x', kind: 'cluster' },
      pollAfterMilliseconds: 5,
    });
    const done = await pollNative(
      clients,
      action,
      { method: 'native', rdsSnapshot: 'decomkit-backup-x', kind: 'cluster' },
      MOTO_ACCOUNT_ID,
    );
    expect(done._unsafeUnwrap()).toMatchObject({ status: 'done', result: { snapshotArn: 'arn:snap' } });
    expect(mock.commandCalls(CreateDBClusterSnapshotCommand)[0]?.args[0].input).toMatchObject({
      DBClusterIdentifier: 'payments-ledger',
      DBClusterSnapshotIdentifier: nativeSnapshotIdentifier(action.key),
    });
  });

  it('backs a table up with CreateBackup named after the action, finds it again, lists it as a recovery point', async () => {
    const clients = provider();
    const action = backupOf(TABLE_ARN);
    const target = nativeTarget(TABLE_ARN);
    if (target === null) throw new Error('no native target');
    const name = nativeSnapshotIdentifier(action.key);

    expect((await findNative(clients, action, target, MOTO_ACCOUNT_ID))._unsafeUnwrap()).toBeNull();
    const created = (await createNative(clients, action, target, MOTO_ACCOUNT_ID))._unsafeUnwrap();
    expect(created).toMatchObject({
      status: 'done',
      result: { method: 'native', snapshotIdentifier: name, status: 'COMPLETED', retainDays: 35 },
    });
    const listed = await motoClients()
      .get('dynamodb', TEST_REGION)
      .send(new ListBackupsCommand({ TableName: 'payments-sessions' }));
    expect(listed.BackupSummaries?.map((backup) => backup.BackupName)).toEqual([name]);

    expect((await findNative(clients, action, target, MOTO_ACCOUNT_ID))._unsafeUnwrap()).toEqual(created);
    const creates = (await recordedRequests()).filter((request) => request.action === 'CreateBackup');
    expect(creates.map((request) => JSON.parse(request.body))).toEqual([
      { TableName: 'payments-sessions', BackupName: name },
    ]);

    const points = (await nativeRecoveryPoints(clients, TABLE_ARN))._unsafeUnwrap();
    expect(points).toEqual([expect.objectContaining({ resourceArn: TABLE_ARN, status: 'COMPLETED', actionKey: null })]);
    const arn = listed.BackupSummaries?.[0]?.BackupArn ?? '';
    const polled = await pollNative(clients, action, { method: 'native', dynamodbBackup: arn }, MOTO_ACCOUNT_ID);
    expect(polled._unsafeUnwrap()).toEqual(created);
    const bad = await pollNative(clients, action, { method: 'native', rdsSnapshot: 'x' }, MOTO_ACCOUNT_ID);
    expect(bad._unsafeUnwrapErr().code).toBe('InvalidInput');
    const missing = backupOf(`arn:aws:dynamodb:${TEST_REGION}:${MOTO_ACCOUNT_ID}:table/no-such-table`);
    const missingTarget = nativeTarget(missing.target.arn ?? '');
    if (missingTarget === null) throw new Error('no native target');
    expect((await createNative(clients, missing, missingTarget, MOTO_ACCOUNT_ID))._unsafeUnwrapErr().code).toBe(
      'NotFound',
    );
  });

  it('checkpoints a table backup still CREATING (DynamoDB mocked: moto finishes at once)', async () => {
    const dynamodb = new DynamoDBClient({ region: TEST_REGION, credentials: TEST_CREDENTIALS });
    const mock = mockClient(dynamodb);
    mock.on(CreateBackupCommand).resolves({
      BackupDetails: {
        BackupArn: 'arn:backup-1',
        BackupName: 'n',
        BackupStatus: 'CREATING',
        BackupType: 'USER',
        BackupCreationDateTime: new Date(),
      },
    });
    mock.on(DescribeBackupCommand).resolves({
      BackupDescription: {
        BackupDetails: {
          BackupArn: 'arn:backup-1',
          BackupName: 'n',
          BackupStatus: 'AVAILABLE',
          BackupType: 'USER',
          BackupCreationDateTime: new Date(),
        },
      },
    });
    const clients = new AwsClients({ clients: { dynamodb }, credentials: TEST_CREDENTIALS, pollMilliseconds: 5 });
    const action = backupOf(TABLE_ARN);
    const target = nativeTarget(TABLE_ARN);
    if (target === null) throw new Error('no native target');
    const started = (await createNative(clients, action, target, MOTO_ACCOUNT_ID))._unsafeUnwrap();
    expect(started).toEqual({
      status: 'pending',
      checkpoint: { method: 'native', dynamodbBackup: 'arn:backup-1' },
      pollAfterMilliseconds: 5,
    });
    const done = await pollNative(
      clients,
      action,
      { method: 'native', dynamodbBackup: 'arn:backup-1' },
      MOTO_ACCOUNT_ID,
    );
    expect(done._unsafeUnwrap()).toMatchObject({ status: 'done', result: { snapshotArn: 'arn:backup-1' } });
  });
});
