import { BackupClient, StartBackupJobCommand } from '@aws-sdk/client-backup';
import {
  CreateTableCommand,
  DeleteTableCommand,
  DescribeTableCommand,
  DynamoDBClient,
  ResourceNotFoundException,
} from '@aws-sdk/client-dynamodb';
import { CreateRoleCommand } from '@aws-sdk/client-iam';
import { CreateFunctionCommand, GetFunctionConcurrencyCommand, ListFunctionsCommand } from '@aws-sdk/client-lambda';
import {
  CreateDBClusterCommand,
  CreateDBInstanceCommand,
  DescribeDBClusterSnapshotsCommand,
  DescribeDBClustersCommand,
} from '@aws-sdk/client-rds';
import { CreateBucketCommand, ListBucketsCommand, PutBucketTaggingCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { AwsClients, awsSource } from '@decomkit/aws';
import {
  createChecklist,
  createEngine,
  defineStep,
  defineWorkload,
  finalBackups,
  memoryJournal,
  retireResources,
  verified,
} from '@decomkit/core';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { awsInventoryPort } from '../src/ports/inventory-port.js';
import { awsRetirementPort } from '../src/ports/retirement-port.js';
import { DYNAMODB_TABLE } from '../src/resources/dynamodb-table.js';
import { LAMBDA_FUNCTION } from '../src/resources/lambda-function.js';
import { RDS_DB_CLUSTER } from '../src/resources/rds-db-cluster.js';
import { finalSnapshotIdentifier, RDS_DB_INSTANCE } from '../src/resources/rds-db-instance.js';
import { S3_BUCKET } from '../src/resources/s3-bucket.js';
import { fakeBackupApi } from './support/backup-api-double.js';
import {
  motoClients,
  motoEndpoint,
  mutatingRequests,
  recordedRequests,
  resetMoto,
  TEST_CREDENTIALS,
  TEST_REGION,
  withOwnMoto,
} from './support/moto.js';
import { MOTO_ACCOUNT_ID } from './support/moto-server.js';
import {
  actionOn,
  contextFor,
  discoverAll,
  handler,
  LAMBDA_ZIP,
  portsOn,
  reconcile,
  run,
  tagList,
} from './support/retirement-harness.js';

withOwnMoto();

const WORKLOAD = { workload: 'payments' } as const;
const LOOK_ALIKE = { workload: 'payments-archive' } as const;
const SOURCE = { accountId: MOTO_ACCOUNT_ID, regions: [TEST_REGION], select: { tags: WORKLOAD } };
const TYPES = [RDS_DB_CLUSTER, RDS_DB_INSTANCE, S3_BUCKET, DYNAMODB_TABLE, LAMBDA_FUNCTION];
const KINDS = ['resource.delete', 'resource.stop', 'protection.lift'] as const;

const build = () => portsOn(TYPES);

const clusterArn = (id: string) => `arn:aws:rds:${TEST_REGION}:${MOTO_ACCOUNT_ID}:cluster:${id}`;
const dbArn = (id: string) => `arn:aws:rds:${TEST_REGION}:${MOTO_ACCOUNT_ID}:db:${id}`;
const tableArn = (name: string) => `arn:aws:dynamodb:${TEST_REGION}:${MOTO_ACCOUNT_ID}:table/${name}`;
const functionArn = (name: string) => `arn:aws:lambda:${TEST_REGION}:${MOTO_ACCOUNT_ID}:function:${name}`;
const bucketArn = (name: string) => `arn:aws:s3:::${name}`;

/** An Aurora cluster, tagged, with `members` member instances. */
async function seedCluster(
  oracle: AwsClients,
  id: string,
  tags: Readonly<Record<string, string>>,
  options: { readonly members?: number; readonly deletionProtection?: boolean } = {},
) {
  const rds = oracle.get('rds', TEST_REGION);
  await rds.send(
    new CreateDBClusterCommand({
      DBClusterIdentifier: id,
      Engine: 'aurora-postgresql',
      MasterUsername: 'ledger',
      MasterUserPassword: 'not-a-secret-2',
      DeletionProtection: options.deletionProtection ?? false,
      Tags: tagList(tags),
    }),
  );
  const members: string[] = [];
  for (let index = 1; index <= (options.members ?? 0); index += 1) {
    const member = `${id}-${index}`;
    await rds.send(
      new CreateDBInstanceCommand({
        DBInstanceIdentifier: member,
        DBInstanceClass: 'db.r6g.large',
        Engine: 'aurora-postgresql',
        DBClusterIdentifier: id,
        Tags: tagList(tags),
      }),
    );
    members.push(member);
  }
  return { id, arn: clusterArn(id), members };
}

async function clusterOf(oracle: AwsClients, id: string) {
  const found = await oracle
    .get('rds', TEST_REGION)
    .send(new DescribeDBClustersCommand({ Filters: [{ Name: 'db-cluster-id', Values: [id] }] }));
  return found.DBClusters?.[0] ?? null;
}

async function seedBucket(oracle: AwsClients, name: string, tags: Readonly<Record<string, string>> | null) {
  const s3 = oracle.get('s3', TEST_REGION);
  await s3.send(
    new CreateBucketCommand({ Bucket: name, CreateBucketConfiguration: { LocationConstraint: TEST_REGION } }),
  );
  if (tags !== null) await s3.send(new PutBucketTaggingCommand({ Bucket: name, Tagging: { TagSet: tagList(tags) } }));
  return bucketArn(name);
}

async function bucketNames(oracle: AwsClients): Promise<string[]> {
  const found = await oracle.get('s3', TEST_REGION).send(new ListBucketsCommand({}));
  return (found.Buckets ?? []).map((bucket) => bucket.Name ?? '').sort();
}

async function seedTable(
  oracle: AwsClients,
  name: string,
  tags: Readonly<Record<string, string>>,
  deletionProtection = false,
) {
  await oracle.get('dynamodb', TEST_REGION).send(
    new CreateTableCommand({
      TableName: name,
      AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }],
      KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
      BillingMode: 'PAY_PER_REQUEST',
      DeletionProtectionEnabled: deletionProtection,
      Tags: tagList(tags),
    }),
  );
  return tableArn(name);
}

async function tableOf(oracle: AwsClients, name: string) {
  try {
    return (
      (await oracle.get('dynamodb', TEST_REGION).send(new DescribeTableCommand({ TableName: name }))).Table ?? null
    );
  } catch (error) {
    if (error instanceof ResourceNotFoundException) return null;
    throw error;
  }
}

async function seedFunction(oracle: AwsClients, name: string, tags: Readonly<Record<string, string>>) {
  const role = await oracle.get('iam', TEST_REGION).send(
    new CreateRoleCommand({
      RoleName: `${name}-role`,
      AssumeRolePolicyDocument: JSON.stringify({
        Version: '2012-10-17',
        Statement: [{ Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' }],
      }),
    }),
  );
  await oracle.get('lambda', TEST_REGION).send(
    new CreateFunctionCommand({
      FunctionName: name,
      Runtime: 'nodejs20.x',
      Role: role.Role?.Arn,
      Handler: 'index.handler',
      Code: { ZipFile: LAMBDA_ZIP },
      Tags: { ...tags },
    }),
  );
  return functionArn(name);
}

async function functionNames(oracle: AwsClients): Promise<string[]> {
  const found = await oracle.get('lambda', TEST_REGION).send(new ListFunctionsCommand({}));
  return (found.Functions ?? []).map((entry) => entry.FunctionName ?? '').sort();
}

describe('data resource types on moto', () => {
  let oracle: AwsClients;

  beforeEach(async () => {
    await resetMoto();
    oracle = motoClients();
  });

  describe('AWS::RDS::DBCluster', () => {
    it('is discovered by tag with its members as dependencies, the look-alike left out', async () => {
      const cluster = await seedCluster(oracle, 'payments-ledger', WORKLOAD, { members: 1, deletionProtection: true });
      await seedCluster(oracle, 'archive-ledger', LOOK_ALIKE);
      const found = await discoverAll(build());

      expect(found.has(clusterArn('archive-ledger'))).toBe(false);
      expect(found.get(cluster.arn)).toMatchObject({
        type: 'AWS::RDS::DBCluster',
        accountId: MOTO_ACCOUNT_ID,
        region: TEST_REGION,
        name: 'payments-ledger',
        tags: WORKLOAD,
        state: 'available',
        protection: { deletion: true, stop: false },
        dependsOn: [dbArn('payments-ledger-1')],
      });
      expect(found.get(dbArn('payments-ledger-1'))?.type).toBe('AWS::RDS::DBInstance');
    });

    it('refuses to delete a protected cluster, lifts the protection, then deletes it with a final snapshot', async () => {
      const cluster = await seedCluster(oracle, 'payments-ledger', WORKLOAD, { deletionProtection: true });
      const { retirement } = build();
      const remove = actionOn(cluster.arn, 'resource.delete');
      const lift = actionOn(cluster.arn, 'protection.lift');

      const refused = await run(retirement, remove);
      expect(refused._unsafeUnwrapErr()).toMatchObject({ code: 'Conflict', resource: cluster.arn });
      expect((await mutatingRequests()).filter((request) => request.action === 'DeleteDBCluster')).toEqual([]);

      expect(await reconcile(retirement, lift)).toEqual({ status: 'absent' });
      expect((await run(retirement, lift))._unsafeUnwrap()).toMatchObject({
        status: 'done',
        result: { identifier: cluster.id, deletionProtection: false },
      });
      expect((await clusterOf(oracle, cluster.id))?.DeletionProtection).toBe(false);
      expect(await reconcile(retirement, lift)).toMatchObject({ status: 'done' });
      const modify = (await recordedRequests()).find((request) => request.action === 'ModifyDBCluster');
      expect(new URLSearchParams(modify?.body).get('DeletionProtection')).toBe('false');
      expect(new URLSearchParams(modify?.body).get('ApplyImmediately')).toBe('true');

      expect(await reconcile(retirement, remove)).toEqual({ status: 'absent' });
      const snapshot = finalSnapshotIdentifier(remove.key);
      expect((await run(retirement, remove))._unsafeUnwrap()).toMatchObject({
        status: 'done',
        result: { identifier: cluster.id, state: 'deleted', finalSnapshotIdentifier: snapshot },
      });
      expect(await clusterOf(oracle, cluster.id)).toBeNull();
      const deleted = (await recordedRequests()).filter((request) => request.action === 'DeleteDBCluster');
      expect(deleted).toHaveLength(1);
      const body = new URLSearchParams(deleted[0]?.body);
      expect(body.get('FinalDBSnapshotIdentifier')).toBe(snapshot);
      expect(body.get('SkipFinalSnapshot')).toBe('false');
      expect(body.get('DeleteAutomatedBackups')).toBe('false');
      const snapshots = await oracle
        .get('rds', TEST_REGION)
        .send(new DescribeDBClusterSnapshotsCommand({ DBClusterSnapshotIdentifier: snapshot }));
      expect(snapshots.DBClusterSnapshots?.[0]?.DBClusterIdentifier).toBe(cluster.id);
      expect(await reconcile(retirement, remove)).toMatchObject({
        status: 'done',
        result: { finalSnapshotIdentifier: snapshot },
      });
    });

    it('refuses to delete a cluster while a member instance is live, then deletes it once the member is gone', async () => {
      const cluster = await seedCluster(oracle, 'payments-ledger', WORKLOAD, { members: 1 });
      const { retirement } = build();
      const remove = actionOn(cluster.arn, 'resource.delete');

      const refused = (await run(retirement, remove))._unsafeUnwrapErr();
      expect(refused.code).toBe('Conflict');
      expect(refused.message).toContain('payments-ledger-1');
      expect((await mutatingRequests()).map((request) => request.action)).not.toContain('DeleteDBCluster');
      expect(await clusterOf(oracle, cluster.id)).not.toBeNull();

      // The member goes first (its own handler: no final snapshot of its own, the cluster takes it).
      const member = await run(retirement, actionOn(dbArn('payments-ledger-1'), 'resource.delete'));
      expect(member._unsafeUnwrap()).toMatchObject({ status: 'done', result: { finalSnapshotIdentifier: null } });
      expect((await run(retirement, remove))._unsafeUnwrap()).toMatchObject({ status: 'done' });
      expect(await clusterOf(oracle, cluster.id)).toBeNull();
    });

    it('stops a cluster with StopDBCluster and reads the stop back', async () => {
      const cluster = await seedCluster(oracle, 'payments-ledger', WORKLOAD);
      const { retirement } = build();
      const stop = actionOn(cluster.arn, 'resource.stop');
      expect(await reconcile(retirement, stop)).toEqual({ status: 'absent' });
      expect((await run(retirement, stop))._unsafeUnwrap()).toMatchObject({ status: 'done' });
      expect((await clusterOf(oracle, cluster.id))?.Status).toBe('stopped');
      expect(await reconcile(retirement, stop)).toMatchObject({ status: 'done', result: { state: 'stopped' } });
      // Idempotent: a stopped cluster is not stopped again.
      expect((await run(retirement, stop))._unsafeUnwrap()).toMatchObject({ status: 'done' });
      expect((await mutatingRequests()).filter((request) => request.action === 'StopDBCluster')).toHaveLength(1);
    });
  });

  describe('AWS::S3::Bucket', () => {
    it('is discovered by tag with its region and the caller account, the look-alike and untagged left out', async () => {
      const arn = await seedBucket(oracle, 'payments-exports-1', WORKLOAD);
      await seedBucket(oracle, 'payments-archive-1', LOOK_ALIKE);
      await seedBucket(oracle, 'payments-untagged-1', null);
      const ports = build();
      const found = await discoverAll(ports);

      expect([...found.keys()].filter((key) => key.startsWith('arn:aws:s3:::'))).toEqual([arn]);
      expect(found.get(arn)).toMatchObject({
        type: 'AWS::S3::Bucket',
        accountId: MOTO_ACCOUNT_ID,
        region: TEST_REGION,
        name: 'payments-exports-1',
        tags: WORKLOAD,
        protection: { deletion: false, stop: false },
        dependsOn: [],
      });
      // No tag set is no tags (NoSuchTagSet), not an error.
      const untagged = await S3_BUCKET.describeMany(
        ports.clients,
        { accountId: MOTO_ACCOUNT_ID, region: TEST_REGION },
        ['payments-untagged-1', 'no-such-bucket-1'],
      );
      expect(untagged._unsafeUnwrap()).toEqual([expect.objectContaining({ name: 'payments-untagged-1', tags: {} })]);
      // Described from another region, the bucket is not that region's.
      const elsewhere = await S3_BUCKET.describeMany(
        ports.clients,
        { accountId: MOTO_ACCOUNT_ID, region: 'us-east-1' },
        ['payments-exports-1'],
      );
      expect(elsewhere._unsafeUnwrap()).toEqual([]);
      // With no region (as its ARN has none), the bucket is found where it lives.
      const anywhere = await S3_BUCKET.describeMany(ports.clients, { accountId: MOTO_ACCOUNT_ID, region: '' }, [
        'payments-exports-1',
      ]);
      expect(anywhere._unsafeUnwrap()).toEqual([expect.objectContaining({ arn, region: TEST_REGION, tags: WORKLOAD })]);
    });

    it('refuses a non-empty bucket (never empties it), deletes an empty one', async () => {
      const full = await seedBucket(oracle, 'payments-exports-1', WORKLOAD);
      await oracle
        .get('s3', TEST_REGION)
        .send(new PutObjectCommand({ Bucket: 'payments-exports-1', Key: 'keep.txt', Body: 'data' }));
      const empty = await seedBucket(oracle, 'payments-scratch-1', WORKLOAD);
      const { retirement } = build();
      const seeded = (await mutatingRequests()).length;

      const refused = (await run(retirement, actionOn(full, 'resource.delete')))._unsafeUnwrapErr();
      expect(refused).toMatchObject({ code: 'Conflict', resource: full });
      expect(refused.message).toContain('BucketNotEmpty');
      expect((await mutatingRequests()).slice(seeded)).toEqual([]);

      const remove = actionOn(empty, 'resource.delete');
      expect(await reconcile(retirement, remove)).toEqual({ status: 'absent' });
      expect((await run(retirement, remove))._unsafeUnwrap()).toMatchObject({
        status: 'done',
        result: { bucket: 'payments-scratch-1', state: 'deleted' },
      });
      expect(await bucketNames(oracle)).toEqual(['payments-exports-1']);
      const deleteRequest = (await recordedRequests()).find(
        (request) => request.method === 'DELETE' && /^\/payments-scratch-1\/?$/.test(new URL(request.url).pathname),
      );
      expect(deleteRequest).toBeDefined();
      expect(await reconcile(retirement, remove)).toMatchObject({ status: 'done' });
      // Gone already: done, at-least-once safe.
      expect((await run(retirement, remove))._unsafeUnwrap()).toMatchObject({
        status: 'done',
        result: { alreadyGone: true },
      });
    });

    it('is not stoppable and has no protection to lift', async () => {
      const arn = await seedBucket(oracle, 'payments-exports-1', WORKLOAD);
      const { retirement } = build();
      const seeded = (await mutatingRequests()).length;
      expect((await run(retirement, actionOn(arn, 'resource.stop')))._unsafeUnwrapErr().code).toBe('InvalidInput');
      expect((await run(retirement, actionOn(arn, 'protection.lift')))._unsafeUnwrap()).toMatchObject({
        status: 'done',
        result: { protection: 'none' },
      });
      expect((await mutatingRequests()).slice(seeded)).toEqual([]);
    });
  });

  describe('AWS::DynamoDB::Table', () => {
    it('is discovered by tag with its protection, the look-alike left out', async () => {
      const arn = await seedTable(oracle, 'payments-sessions', WORKLOAD, true);
      await seedTable(oracle, 'archive-sessions', LOOK_ALIKE);
      const found = await discoverAll(build());
      expect(found.has(tableArn('archive-sessions'))).toBe(false);
      expect(found.get(arn)).toMatchObject({
        type: 'AWS::DynamoDB::Table',
        accountId: MOTO_ACCOUNT_ID,
        region: TEST_REGION,
        name: 'payments-sessions',
        tags: WORKLOAD,
        state: 'ACTIVE',
        protection: { deletion: true, stop: false },
      });
    });

    it('refuses to delete a protected table, lifts the protection, deletes it and polls until gone', async () => {
      const arn = await seedTable(oracle, 'payments-sessions', WORKLOAD, true);
      const { retirement } = build();
      const remove = actionOn(arn, 'resource.delete');
      const lift = actionOn(arn, 'protection.lift');

      expect((await run(retirement, remove))._unsafeUnwrapErr()).toMatchObject({ code: 'Conflict', resource: arn });
      expect((await mutatingRequests()).map((request) => request.action)).not.toContain('DeleteTable');

      expect(await reconcile(retirement, lift)).toEqual({ status: 'absent' });
      expect((await run(retirement, lift))._unsafeUnwrap()).toMatchObject({
        status: 'done',
        result: { deletionProtection: false },
      });
      expect((await tableOf(oracle, 'payments-sessions'))?.DeletionProtectionEnabled).toBe(false);
      expect(await reconcile(retirement, lift)).toMatchObject({ status: 'done' });

      expect(await reconcile(retirement, remove)).toEqual({ status: 'absent' });
      expect((await run(retirement, remove))._unsafeUnwrap()).toMatchObject({
        status: 'done',
        result: { tableName: 'payments-sessions', state: 'deleted' },
      });
      expect(await tableOf(oracle, 'payments-sessions')).toBeNull();
      expect(await reconcile(retirement, remove)).toMatchObject({ status: 'done' });
    });

    it('checkpoints a table still DELETING and polls it until gone (DescribeTable mocked)', async () => {
      const dynamodb = new DynamoDBClient({ region: TEST_REGION, credentials: TEST_CREDENTIALS });
      const mock = mockClient(dynamodb);
      mock.onAnyCommand().resolves({});
      mock
        .on(DescribeTableCommand)
        .resolvesOnce({ Table: { TableName: 'payments-sessions', TableStatus: 'ACTIVE' } })
        .resolvesOnce({ Table: { TableName: 'payments-sessions', TableStatus: 'DELETING' } })
        .rejects(new ResourceNotFoundException({ message: 'Requested resource not found', $metadata: {} }));
      const clients = new AwsClients({ clients: { dynamodb }, credentials: TEST_CREDENTIALS, pollMilliseconds: 7 });
      const remove = actionOn(tableArn('payments-sessions'), 'resource.delete');
      const handlers = DYNAMODB_TABLE.handlers(clients)['resource.delete'];

      const executed = await handlers.execute(remove, contextFor(remove));
      if (executed.isErr()) throw new Error(executed.error.message);
      const started = executed.value;
      expect(started).toEqual({
        status: 'pending',
        checkpoint: { tableName: 'payments-sessions' },
        pollAfterMilliseconds: 7,
      });
      const polled = await handlers.poll?.(remove, { tableName: 'payments-sessions' }, contextFor(remove));
      expect(polled?._unsafeUnwrap()).toMatchObject({ status: 'done', result: { state: 'deleted' } });
      expect(mock.commandCalls(DescribeTableCommand)).toHaveLength(3);
      expect(mock.commandCalls(DeleteTableCommand).map((call) => call.args[0].input)).toEqual([
        { TableName: 'payments-sessions' },
      ]);
    });

    it('is not stoppable', async () => {
      const arn = await seedTable(oracle, 'payments-sessions', WORKLOAD);
      const { retirement } = build();
      expect((await run(retirement, actionOn(arn, 'resource.stop')))._unsafeUnwrapErr().code).toBe('InvalidInput');
    });
  });

  describe('AWS::Lambda::Function', () => {
    it('is discovered by tag, the look-alike left out', async () => {
      const arn = await seedFunction(oracle, 'payments-worker', WORKLOAD);
      await seedFunction(oracle, 'archive-worker', LOOK_ALIKE);
      const found = await discoverAll(build());
      expect(found.has(functionArn('archive-worker'))).toBe(false);
      expect(found.get(arn)).toMatchObject({
        type: 'AWS::Lambda::Function',
        accountId: MOTO_ACCOUNT_ID,
        region: TEST_REGION,
        name: 'payments-worker',
        tags: WORKLOAD,
        protection: { deletion: false, stop: false },
        dependsOn: [],
      });
    });

    it('stops with reserved concurrency 0, reads it back, then deletes the function', async () => {
      const arn = await seedFunction(oracle, 'payments-worker', WORKLOAD);
      await seedFunction(oracle, 'archive-worker', LOOK_ALIKE);
      const ports = build();
      const stop = actionOn(arn, 'resource.stop');

      expect(await reconcile(ports.retirement, stop)).toEqual({ status: 'absent' });
      expect((await run(ports.retirement, stop))._unsafeUnwrap()).toMatchObject({
        status: 'done',
        result: { reservedConcurrency: 0, previousReservedConcurrency: null, state: 'stopped' },
      });
      const concurrency = await oracle
        .get('lambda', TEST_REGION)
        .send(new GetFunctionConcurrencyCommand({ FunctionName: 'payments-worker' }));
      expect(concurrency.ReservedConcurrentExecutions).toBe(0);
      expect(await reconcile(ports.retirement, stop)).toMatchObject({ status: 'done' });
      // Idempotent: a stopped function is not throttled again.
      expect((await run(ports.retirement, stop))._unsafeUnwrap()).toMatchObject({ result: { state: 'stopped' } });
      const puts = (await mutatingRequests()).filter((request) => request.url.endsWith('/concurrency'));
      expect(puts.map((request) => JSON.parse(request.body))).toEqual([{ ReservedConcurrentExecutions: 0 }]);
      // The function is described; moto leaves Concurrency out of GetFunction when it is 0 (AWS reports it).
      expect((await ports.inventory.describe(arn))._unsafeUnwrap()?.name).toBe('payments-worker');

      expect((await run(ports.retirement, actionOn(arn, 'protection.lift')))._unsafeUnwrap()).toMatchObject({
        result: { protection: 'none' },
      });
      const remove = actionOn(arn, 'resource.delete');
      expect(await reconcile(ports.retirement, remove)).toEqual({ status: 'absent' });
      expect((await run(ports.retirement, remove))._unsafeUnwrap()).toMatchObject({
        status: 'done',
        result: { functionName: 'payments-worker', state: 'deleted' },
      });
      expect(await functionNames(oracle)).toEqual(['archive-worker']);
      expect(await reconcile(ports.retirement, remove)).toMatchObject({ status: 'done' });
      expect((await ports.inventory.describe(arn))._unsafeUnwrap()).toBeNull();
    });
  });

  describe('bad input', () => {
    it('refuses an ARN of the wrong type for each type (InvalidInput, nothing sent)', async () => {
      const clients = build().clients;
      const wrong = [
        [RDS_DB_CLUSTER, dbArn('payments-db')],
        [S3_BUCKET, tableArn('payments-sessions')],
        [S3_BUCKET, 'arn:aws:s3:::payments-exports-1/an/object.txt'],
        [DYNAMODB_TABLE, `${tableArn('payments-sessions')}/stream/2026-01-01T00:00:00.000`],
        [LAMBDA_FUNCTION, `${functionArn('payments-worker')}:3`],
        [LAMBDA_FUNCTION, bucketArn('payments-exports-1')],
      ] as const;
      for (const [type, arn] of wrong) {
        expect(type.idOf(arn)).toBeNull();
        // S3 and Lambda have no protection: their protection.lift is core's no-op, whatever the ARN.
        const kinds = type === DYNAMODB_TABLE || type === RDS_DB_CLUSTER ? KINDS : KINDS.slice(0, 2);
        for (const kind of kinds) {
          const action = actionOn(arn, kind);
          const outcome = await type.handlers(clients)[kind].execute(action, contextFor(action));
          expect(outcome._unsafeUnwrapErr().code, `${type.type} ${kind} ${arn}`).toBe('InvalidInput');
        }
      }
      // Through the port, an ARN no type claims (an object, a table stream) is refused for every kind.
      const { retirement } = build();
      for (const arn of ['arn:aws:s3:::payments-exports-1/an/object.txt', `${tableArn('t')}/stream/1`]) {
        for (const kind of KINDS) {
          expect((await run(retirement, actionOn(arn, kind)))._unsafeUnwrapErr().code).toBe('InvalidInput');
        }
      }
      expect(await mutatingRequests()).toEqual([]);
    });

    it('answers NotFound for a cluster or table that does not exist, and done for a gone function', async () => {
      const { retirement } = build();
      const cluster = await run(retirement, actionOn(clusterArn('no-such-cluster'), 'resource.delete'));
      expect(cluster._unsafeUnwrapErr().code).toBe('NotFound');
      const table = await run(retirement, actionOn(tableArn('no-such-table'), 'resource.delete'));
      expect(table._unsafeUnwrapErr().code).toBe('NotFound');
      const lambda = await run(retirement, actionOn(functionArn('no-such-function'), 'resource.delete'));
      expect(lambda._unsafeUnwrap()).toMatchObject({ status: 'done', result: { alreadyGone: true } });
      expect((await mutatingRequests()).map((request) => `${request.method} ${new URL(request.url).pathname}`)).toEqual(
        ['DELETE /2015-03-31/functions/no-such-function'],
      );
    });
  });

  describe('rate limits', () => {
    it('claims the engine bucket of each service', () => {
      const { retirement } = build();
      const claim = (arn: string) =>
        handler(retirement, 'resource.delete').rateLimits?.(actionOn(arn, 'resource.delete'));
      const place = { accountId: MOTO_ACCOUNT_ID, region: TEST_REGION };
      expect(claim(clusterArn('a'))).toEqual([{ service: 'rds', bucket: 'default', ...place }]);
      expect(claim(bucketArn('bucket-a'))).toEqual([{ service: 's3', bucket: 'default', ...place }]);
      expect(claim(tableArn('a'))).toEqual([{ service: 'dynamodb', bucket: 'default', ...place }]);
      expect(claim(functionArn('a'))).toEqual([{ service: 'lambda', bucket: 'default', ...place }]);
    });
  });

  describe('a checklist run over these types (AWS Backup on its double, the rest on moto)', () => {
    const cutoverConfirmedByHand = defineStep({
      id: 'cutover-confirmed-by-hand',
      item: 'cutover',
      title: 'Cutover confirmed by the migration team',
      needs: [],
      plan: () => ({ actions: [], findings: [] }),
      verify: () => verified('confirmed by the migration team', { confirmedBy: 'test' }),
    });
    const workload = defineWorkload({
      id: 'payments',
      source: SOURCE,
      target: { subscriptionId: '6f1c2a0e-3b1d-4c59-9d2e-0b6a8e4f7c11', resourceGroups: ['rg-payments'] },
      sunset: { stopAt: '2020-01-01', deleteAt: '2020-01-02' },
      backups: { vault: 'decom-archive', retainDays: 30 },
      policies: {
        'AWS::RDS::DBCluster': { liftProtection: true },
        'AWS::DynamoDB::Table': { liftProtection: true },
      },
    })._unsafeUnwrap();

    it('backs up the cluster and the table, lifts protection, deletes the member before its cluster; look-alikes untouched', async () => {
      const cluster = await seedCluster(oracle, 'payments-ledger', WORKLOAD, { members: 1, deletionProtection: true });
      const lookAlikeCluster = await seedCluster(oracle, 'archive-ledger', LOOK_ALIKE);
      await seedTable(oracle, 'payments-sessions', WORKLOAD, true);
      await seedTable(oracle, 'archive-sessions', LOOK_ALIKE);
      await seedFunction(oracle, 'payments-worker', WORKLOAD);
      await seedFunction(oracle, 'archive-worker', LOOK_ALIKE);

      const backup = new BackupClient({ region: TEST_REGION, credentials: TEST_CREDENTIALS });
      const backupApi = fakeBackupApi(backup);
      const clients = new AwsClients({ endpoint: motoEndpoint(), credentials: TEST_CREDENTIALS, pollMilliseconds: 20 });
      const providers = {
        ...awsSource({
          region: TEST_REGION,
          endpoint: motoEndpoint(),
          credentials: TEST_CREDENTIALS,
          clients: { backup },
          backups: { defaultMethod: 'aws-backup' },
          pollMilliseconds: 20,
        }),
        inventory: awsInventoryPort(clients, TYPES, TEST_REGION),
        retirement: awsRetirementPort(clients, TYPES),
      };
      const checklist = createChecklist(workload, [cutoverConfirmedByHand, finalBackups, retireResources]);
      const engine = createEngine({ checklist, providers, journal: memoryJournal() })._unsafeUnwrap();
      const plan = (await engine.plan())._unsafeUnwrap();
      const retire = plan.steps.find((step) => step.id === 'retire-resources');
      expect(retire?.findings.filter((finding) => finding.severity === 'blocking')).toEqual([]);

      const planned = (await recordedRequests()).length;
      await engine.apply(plan, { approve: async () => true });
      const applied = (await recordedRequests()).slice(planned);
      const indexOf = (action: string) => applied.findIndex((request) => request.action === action);
      const restIndexOf = (method: string, path: string) =>
        applied.findIndex((request) => request.method === method && new URL(request.url).pathname === path);

      // One backup for the cluster (its member is covered by it) and one for the table; none for the function.
      const backedUp = backupApi.mock.commandCalls(StartBackupJobCommand).map((call) => call.args[0].input.ResourceArn);
      expect(new Set(backedUp)).toEqual(new Set([cluster.arn, tableArn('payments-sessions')]));
      expect(indexOf('ModifyDBCluster')).toBeGreaterThanOrEqual(0);
      expect(indexOf('ModifyDBCluster')).toBeLessThan(indexOf('DeleteDBCluster'));
      expect(indexOf('DeleteDBInstance')).toBeLessThan(indexOf('DeleteDBCluster'));
      expect(indexOf('UpdateTable')).toBeLessThan(indexOf('DeleteTable'));
      expect(restIndexOf('DELETE', '/2015-03-31/functions/payments-worker')).toBeGreaterThanOrEqual(0);
      const clusterDelete = new URLSearchParams(applied[indexOf('DeleteDBCluster')]?.body);
      expect(clusterDelete.get('SkipFinalSnapshot')).toBe('false');
      expect(clusterDelete.get('FinalDBSnapshotIdentifier')).toMatch(/^decomkit-final-[0-9a-f]{24}$/);

      expect(await clusterOf(oracle, cluster.id)).toBeNull();
      expect(await tableOf(oracle, 'payments-sessions')).toBeNull();
      expect(await functionNames(oracle)).toEqual(['archive-worker']);
      expect(await clusterOf(oracle, lookAlikeCluster.id)).not.toBeNull();
      expect(await tableOf(oracle, 'archive-sessions')).not.toBeNull();
    });
  });
});
