import 'aws-sdk-client-mock-vitest/extend';
import {
  type BaseConfigurationItem,
  BatchGetResourceConfigCommand,
  type BatchGetResourceConfigCommandInput,
  ConfigServiceClient,
  GetResourceConfigHistoryCommand,
  ListDiscoveredResourcesCommand,
  SelectAggregateResourceConfigCommand,
} from '@aws-sdk/client-config-service';
import { CreateBucketCommand, DeleteBucketCommand } from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { AwsClients } from '../src/clients.js';
import { CONFIG_RESOURCE_KEYS, configResourceKey } from '../src/config-resource-keys.js';
import { awsConfigInventoryPort } from '../src/ports/config-inventory-port.js';
import { fakeConfigApi } from './support/config-api-double.js';
import {
  motoClients,
  motoEndpoint,
  recordedRequests,
  resetMoto,
  TEST_CREDENTIALS,
  TEST_REGION,
  withOwnMoto,
} from './support/moto.js';
import { seedInstance } from './support/moto-world.js';

withOwnMoto();

const ACCOUNT = '111122223333';
const instanceArn = (id: string, region = 'eu-west-1') => `arn:aws:ec2:${region}:${ACCOUNT}:instance/${id}`;
const instanceId = (n: number) => `i-${n.toString(16).padStart(17, '0')}`;

describe('ARN → AWS Config key (table-driven)', () => {
  it('maps every supported shape, leaves unknown types unmapped and says which texts are not ARNs', () => {
    const cases: [string, { type: string; lookup: 'id' | 'name'; value: string } | null | 'malformed'][] = [
      [instanceArn('i-0123456789abcdef0'), { type: 'AWS::EC2::Instance', lookup: 'id', value: 'i-0123456789abcdef0' }],
      [
        `arn:aws:ec2:eu-west-1:${ACCOUNT}:volume/vol-0abc`,
        { type: 'AWS::EC2::Volume', lookup: 'id', value: 'vol-0abc' },
      ],
      [
        `arn:aws:ec2:eu-west-1:${ACCOUNT}:security-group/sg-0abc`,
        { type: 'AWS::EC2::SecurityGroup', lookup: 'id', value: 'sg-0abc' },
      ],
      [
        `arn:aws:ec2:eu-west-1:${ACCOUNT}:elastic-ip/eipalloc-0abc`,
        { type: 'AWS::EC2::EIP', lookup: 'id', value: 'eipalloc-0abc' },
      ],
      [
        `arn:aws:rds:eu-west-1:${ACCOUNT}:db:payments-db`,
        { type: 'AWS::RDS::DBInstance', lookup: 'name', value: 'payments-db' },
      ],
      [
        `arn:aws:rds:eu-west-1:${ACCOUNT}:cluster:payments-aurora`,
        { type: 'AWS::RDS::DBCluster', lookup: 'name', value: 'payments-aurora' },
      ],
      [
        `arn:aws:autoscaling:eu-west-1:${ACCOUNT}:autoScalingGroup:0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0:autoScalingGroupName/payments-web`,
        { type: 'AWS::AutoScaling::AutoScalingGroup', lookup: 'name', value: 'payments-web' },
      ],
      [
        `arn:aws:elasticloadbalancing:eu-west-1:${ACCOUNT}:loadbalancer/app/payments-alb/50dc6c495c0c9188`,
        { type: 'AWS::ElasticLoadBalancingV2::LoadBalancer', lookup: 'name', value: 'payments-alb' },
      ],
      [
        `arn:aws:elasticloadbalancing:eu-west-1:${ACCOUNT}:targetgroup/payments-tg/6d0ecf831eec9f09`,
        { type: 'AWS::ElasticLoadBalancingV2::TargetGroup', lookup: 'name', value: 'payments-tg' },
      ],
      ['arn:aws:s3:::payments-exports', { type: 'AWS::S3::Bucket', lookup: 'id', value: 'payments-exports' }],
      [
        `arn:aws:dynamodb:eu-west-1:${ACCOUNT}:table/payments-ledger`,
        { type: 'AWS::DynamoDB::Table', lookup: 'name', value: 'payments-ledger' },
      ],
      [
        `arn:aws:lambda:eu-west-1:${ACCOUNT}:function:payments-webhook:live`,
        { type: 'AWS::Lambda::Function', lookup: 'name', value: 'payments-webhook' },
      ],
      [
        `arn:aws:sns:eu-west-1:${ACCOUNT}:payments-topic`,
        { type: 'AWS::SNS::Topic', lookup: 'name', value: 'payments-topic' },
      ],
      [
        `arn:aws:events:eu-west-1:${ACCOUNT}:rule/payments-nightly`,
        { type: 'AWS::Events::Rule', lookup: 'name', value: 'payments-nightly' },
      ],
      [
        `arn:aws:events:eu-west-1:${ACCOUNT}:rule/payments-bus/payments-settle`,
        { type: 'AWS::Events::Rule', lookup: 'name', value: 'payments-settle' },
      ],
      [
        `arn:aws:cloudformation:eu-west-1:${ACCOUNT}:stack/payments-stack/5f1a3b20-d1c2-11ee-9f0a-0a1b2c3d4e5f`,
        { type: 'AWS::CloudFormation::Stack', lookup: 'name', value: 'payments-stack' },
      ],
      [`arn:aws:cloudformation:eu-west-1:${ACCOUNT}:stack/payments-stack`, null],
      [
        `arn:aws:cloudwatch:eu-west-1:${ACCOUNT}:alarm:payments-5xx`,
        { type: 'AWS::CloudWatch::Alarm', lookup: 'name', value: 'payments-5xx' },
      ],
      [
        `arn:aws:ecs:eu-west-1:${ACCOUNT}:service/payments/payments-api`,
        { type: 'AWS::ECS::Service', lookup: 'name', value: 'payments-api' },
      ],
      [
        `arn:aws:secretsmanager:eu-west-1:${ACCOUNT}:secret:payments/db-AbC123`,
        { type: 'AWS::SecretsManager::Secret', lookup: 'name', value: 'payments/db' },
      ],
      [
        `arn:aws:kms:eu-west-1:${ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab`,
        { type: 'AWS::KMS::Key', lookup: 'id', value: '1234abcd-12ab-34cd-56ef-1234567890ab' },
      ],
      [
        `arn:aws:iam::${ACCOUNT}:role/service/payments-api`,
        { type: 'AWS::IAM::Role', lookup: 'name', value: 'payments-api' },
      ],
      [
        `arn:aws:iam::${ACCOUNT}:instance-profile/payments-api`,
        { type: 'AWS::IAM::InstanceProfile', lookup: 'name', value: 'payments-api' },
      ],
      // A customer-managed policy is recorded under Config's own type name.
      [
        `arn:aws:iam::${ACCOUNT}:policy/payments/payments-read`,
        { type: 'AWS::IAM::Policy', lookup: 'name', value: 'payments-read' },
      ],
      // AMIs and log groups are not recorded by AWS Config (not in its ResourceType list); an object and a
      // classic load balancer are not mapped; a secret ARN without its suffix is not one Config would name.
      [`arn:aws:ec2:eu-west-1:${ACCOUNT}:image/ami-0abc`, null],
      [`arn:aws:logs:eu-west-1:${ACCOUNT}:log-group:/payments/api`, null],
      [`arn:aws:secretsmanager:eu-west-1:${ACCOUNT}:secret:payments`, null],
      ['arn:aws:s3:::payments-exports/report.csv', null],
      [`arn:aws:elasticloadbalancing:eu-west-1:${ACCOUNT}:loadbalancer/payments-classic`, null],
      ['i-0123456789abcdef0', 'malformed'],
      ['arn:aws:ec2', 'malformed'],
    ];
    for (const [arn, expected] of cases) {
      const key = configResourceKey(arn);
      if (expected === null || expected === 'malformed') expect(key, arn).toBe(expected);
      else expect(key, arn).toMatchObject({ arn, ...expected });
    }
    expect(new Set(CONFIG_RESOURCE_KEYS.map((rule) => rule.type)).size).toBe(CONFIG_RESOURCE_KEYS.length);
  });
});

describe('configInventory port: AWS Config (aws-sdk-client-mock double for what moto lacks)', () => {
  let client: ConfigServiceClient;
  let clients: AwsClients;
  beforeEach(() => {
    client = new ConfigServiceClient({ region: 'eu-west-1', credentials: TEST_CREDENTIALS });
    clients = new AwsClients({ credentials: TEST_CREDENTIALS, clients: { config: client } });
  });

  it('answers live and deleted resources with their latest status and capture time, in the order asked', async () => {
    const api = fakeConfigApi(client);
    const [live, changed, gone, unknown] = [
      instanceArn(instanceId(1)),
      instanceArn(instanceId(2)),
      instanceArn(instanceId(3)),
      instanceArn(instanceId(4)),
    ];
    for (const [arn, n] of [
      [live, 1],
      [changed, 2],
      [gone, 3],
    ] as const)
      api.discover({
        type: 'AWS::EC2::Instance',
        id: instanceId(n),
        name: instanceId(n),
        arn: arn,
        region: 'eu-west-1',
      });
    api.record(changed, 'OK', new Date('2026-12-10T12:00:00Z'));
    api.record(gone, 'ResourceDeleted', new Date('2026-12-15T10:02:00Z'));
    const port = awsConfigInventoryPort(clients, 'eu-west-1');
    expect(port.capabilities).toEqual(['config.batch-get']);
    const ami = `arn:aws:ec2:eu-west-1:${ACCOUNT}:image/ami-0abc`;
    const records = (await port.records([gone, unknown, ami, changed, live, gone]))._unsafeUnwrap();
    expect(records).toEqual([
      { arn: gone, type: 'AWS::EC2::Instance', status: 'ResourceDeleted', capturedAt: '2026-12-15T10:02:00.000Z' },
      { arn: changed, type: 'AWS::EC2::Instance', status: 'OK', capturedAt: '2026-12-10T12:00:00.000Z' },
      { arn: live, type: 'AWS::EC2::Instance', status: 'ResourceDiscovered', capturedAt: '2026-12-01T08:00:00.000Z' },
    ]);
    expect(api.mock).toHaveReceivedCommandWith(ListDiscoveredResourcesCommand, {
      resourceType: 'AWS::EC2::Instance',
      includeDeletedResources: true,
    });
    // The deleted one is not asked of BatchGetResourceConfig (it returns no deleted resources).
    expect(api.mock).toHaveReceivedCommandWith(BatchGetResourceConfigCommand, {
      resourceKeys: [
        { resourceType: 'AWS::EC2::Instance', resourceId: instanceId(1) },
        { resourceType: 'AWS::EC2::Instance', resourceId: instanceId(2) },
      ],
    });
  });

  it('pages: ≤ 20 ids per ListDiscoveredResources (every page read), ≤ 100 keys per BatchGetResourceConfig', async () => {
    const api = fakeConfigApi(client, { listPageSize: 3 });
    const arns = Array.from({ length: 130 }, (_, n) => instanceArn(instanceId(n + 1)));
    arns.forEach((arn, n) => {
      api.discover({ type: 'AWS::EC2::Instance', id: instanceId(n + 1), name: '', arn, region: 'eu-west-1' });
    });
    for (const arn of arns.slice(0, 10)) api.record(arn, 'ResourceDeleted', new Date('2026-12-15T10:00:00Z'));
    const records = (await awsConfigInventoryPort(clients, 'eu-west-1').records(arns))._unsafeUnwrap();
    expect(records.map((record) => record.arn)).toEqual(arns);
    expect(records.filter((record) => record.status === 'ResourceDeleted')).toHaveLength(10);
    const lists = api.mock.commandCalls(ListDiscoveredResourcesCommand);
    expect(lists.every((call) => (call.args[0].input.resourceIds?.length ?? 0) <= 20)).toBe(true);
    // 7 chunks of ≤ 20 ids, each read over pages of 3: 6 × 7 pages + 1 chunk of 10 in 4 pages.
    expect(lists).toHaveLength(6 * 7 + 4);
    const gets = api.mock.commandCalls(BatchGetResourceConfigCommand);
    expect(gets.map((call) => call.args[0].input.resourceKeys?.length)).toEqual([100, 20]);
  });

  it('retries unprocessedResourceKeys', async () => {
    const api = fakeConfigApi(client);
    const arns = [1, 2, 3].map((n) => instanceArn(instanceId(n)));
    arns.forEach((arn, n) => {
      api.discover({ type: 'AWS::EC2::Instance', id: instanceId(n + 1), name: '', arn, region: 'eu-west-1' });
    });
    api.control.unprocessedOnce = 2;
    const records = (await awsConfigInventoryPort(clients, 'eu-west-1').records(arns))._unsafeUnwrap();
    expect(records).toHaveLength(3);
    expect(api.mock).toHaveReceivedCommandTimes(BatchGetResourceConfigCommand, 2);
  });

  it('types keyed by name: resolved through ListDiscoveredResources, a deleted one confirmed by its history', async () => {
    const api = fakeConfigApi(client);
    const db = `arn:aws:rds:eu-west-1:${ACCOUNT}:db:payments-db`;
    const orders = `arn:aws:rds:eu-west-1:${ACCOUNT}:db:orders-db`;
    const oldLb = `arn:aws:elasticloadbalancing:eu-west-1:${ACCOUNT}:loadbalancer/app/web/aaaaaaaaaaaaaaaa`;
    const newLb = `arn:aws:elasticloadbalancing:eu-west-1:${ACCOUNT}:loadbalancer/app/web/bbbbbbbbbbbbbbbb`;
    const otherAccount = `arn:aws:rds:eu-west-1:444455556666:db:payments-db`;
    api.discover({
      type: 'AWS::RDS::DBInstance',
      id: 'db-PAYMENTS7XQ',
      name: 'payments-db',
      arn: db,
      region: 'eu-west-1',
    });
    api.discover({
      type: 'AWS::RDS::DBInstance',
      id: 'db-ORDERS5KZ',
      name: 'orders-db',
      arn: orders,
      region: 'eu-west-1',
    });
    api.record(orders, 'ResourceDeleted', new Date('2026-12-15T11:00:00Z'));
    const lbType = 'AWS::ElasticLoadBalancingV2::LoadBalancer';
    api.discover({ type: lbType, id: oldLb, name: 'web', arn: oldLb, region: 'eu-west-1' });
    api.record(oldLb, 'ResourceDeleted', new Date('2026-12-02T09:00:00Z'));
    api.discover(
      { type: lbType, id: newLb, name: 'web', arn: newLb, region: 'eu-west-1' },
      new Date('2026-12-03T09:00:00Z'),
    );
    const port = awsConfigInventoryPort(clients, 'eu-west-1');
    const records = (await port.records([db, orders, oldLb, newLb, otherAccount]))._unsafeUnwrap();
    expect(records).toEqual([
      { arn: db, type: 'AWS::RDS::DBInstance', status: 'ResourceDiscovered', capturedAt: '2026-12-01T08:00:00.000Z' },
      { arn: orders, type: 'AWS::RDS::DBInstance', status: 'ResourceDeleted', capturedAt: '2026-12-15T11:00:00.000Z' },
      { arn: oldLb, type: lbType, status: 'ResourceDeleted', capturedAt: '2026-12-02T09:00:00.000Z' },
      { arn: newLb, type: lbType, status: 'ResourceDiscovered', capturedAt: '2026-12-03T09:00:00.000Z' },
    ]);
    expect(api.mock).toHaveReceivedCommandWith(ListDiscoveredResourcesCommand, {
      resourceType: 'AWS::RDS::DBInstance',
      resourceName: 'payments-db',
      includeDeletedResources: true,
    });
    // Config keys RDS instances by DbiResourceId, not by the identifier in the ARN.
    expect(api.mock).toHaveReceivedCommandWith(BatchGetResourceConfigCommand, {
      resourceKeys: expect.arrayContaining([{ resourceType: 'AWS::RDS::DBInstance', resourceId: 'db-PAYMENTS7XQ' }]),
    });
    expect(api.mock).toHaveReceivedCommandWith(GetResourceConfigHistoryCommand, {
      resourceType: 'AWS::RDS::DBInstance',
      resourceId: 'db-ORDERS5KZ',
      limit: 1,
    });
  });

  it('reads each ARN in its own region; S3 buckets (no region in the ARN) in the home region', async () => {
    const usEast = new ConfigServiceClient({ region: 'us-east-1', credentials: TEST_CREDENTIALS });
    const home = fakeConfigApi(client);
    const far = fakeConfigApi(usEast, { region: 'us-east-1' });
    const byRegion = new AwsClients({
      credentials: TEST_CREDENTIALS,
      clients: { config: (region) => (region === 'us-east-1' ? usEast : client) },
    });
    const east = instanceArn(instanceId(9), 'us-east-1');
    const bucket = 'arn:aws:s3:::payments-exports';
    far.discover({ type: 'AWS::EC2::Instance', id: instanceId(9), name: '', arn: east, region: 'us-east-1' });
    home.discover({
      type: 'AWS::S3::Bucket',
      id: 'payments-exports',
      name: 'payments-exports',
      arn: bucket,
      region: '',
    });
    const records = (await awsConfigInventoryPort(byRegion, 'eu-west-1').records([east, bucket]))._unsafeUnwrap();
    expect(records.map((record) => [record.arn, record.type, record.status])).toEqual([
      [east, 'AWS::EC2::Instance', 'ResourceDiscovered'],
      [bucket, 'AWS::S3::Bucket', 'ResourceDiscovered'],
    ]);
    expect(far.mock).toHaveReceivedCommandTimes(BatchGetResourceConfigCommand, 1);
    expect(home.mock).toHaveReceivedCommandTimes(BatchGetResourceConfigCommand, 1);
  });

  it('a text that is not an ARN is InvalidInput naming it, and nothing is read; no ARNs read nothing', async () => {
    const api = fakeConfigApi(client);
    const port = awsConfigInventoryPort(clients, 'eu-west-1');
    const refused = (await port.records([instanceArn(instanceId(1)), 'i-0123456789abcdef0']))._unsafeUnwrapErr();
    expect(refused.code).toBe('InvalidInput');
    expect(refused.message).toContain('i-0123456789abcdef0');
    expect(refused.code === 'InvalidInput' && refused.issues).toEqual([
      { path: 'arns[1]', message: 'not an ARN: i-0123456789abcdef0' },
    ]);
    expect((await port.records([]))._unsafeUnwrap()).toEqual([]);
    expect((await port.records([`arn:aws:logs:eu-west-1:${ACCOUNT}:log-group:/payments/api`]))._unsafeUnwrap()).toEqual(
      [],
    );
    expect(api.mock.calls()).toHaveLength(0);
  });

  it('with an aggregator: SelectAggregateResourceConfig by arn, batched under 4,096 characters, every page read', async () => {
    const api = fakeConfigApi(client, { aggregators: ['org-aggregator'], selectPageSize: 7 });
    const arns = Array.from({ length: 60 }, (_, n) =>
      instanceArn(instanceId(n + 1), n % 2 === 0 ? 'eu-west-1' : 'us-east-1'),
    );
    arns.slice(0, 50).forEach((arn, n) => {
      api.discover({
        type: 'AWS::EC2::Instance',
        id: instanceId(n + 1),
        name: '',
        arn,
        region: n % 2 === 0 ? 'eu-west-1' : 'us-east-1',
      });
    });
    api.record(arns[0] ?? '', 'ResourceDeleted', new Date('2026-12-15T10:00:00Z'));
    const port = awsConfigInventoryPort(clients, 'eu-west-1', { aggregatorName: 'org-aggregator' });
    expect(port.capabilities).toEqual(['config.select-aggregate']);
    const records = (await port.records(arns))._unsafeUnwrap();
    // The ten ARNs the aggregator does not return are left out (never taken as deleted).
    expect(records).toHaveLength(50);
    expect(records[0]).toEqual({
      arn: arns[0],
      type: 'AWS::EC2::Instance',
      status: 'ResourceDeleted',
      capturedAt: '2026-12-15T10:00:00.000Z',
    });
    const selects = api.mock.commandCalls(SelectAggregateResourceConfigCommand);
    const expressions = new Set(selects.map((call) => call.args[0].input.Expression ?? ''));
    expect(expressions.size).toBe(2);
    for (const expression of expressions) {
      expect(expression.length).toBeLessThanOrEqual(4096);
      expect(expression).toMatch(
        /^SELECT arn, resourceType, configurationItemStatus, configurationItemCaptureTime WHERE arn IN \('arn:aws:ec2:/,
      );
    }
    expect(selects.length).toBeGreaterThan(2);
    expect(api.mock).not.toHaveReceivedCommand(ListDiscoveredResourcesCommand);
    const unknownAggregator = awsConfigInventoryPort(clients, 'eu-west-1', { aggregatorName: 'nope' });
    expect((await unknownAggregator.records(arns))._unsafeUnwrapErr().code).toBe('NotFound');
  });
});

/**
 * moto 5.2 records only S3 buckets, account public access blocks, IAM roles and
 * policies and SNS topics in Config (no EC2, RDS, ELB…), forgets a deleted
 * resource instead of recording `ResourceDeleted`, and answers
 * BatchGetResourceConfig / GetResourceConfigHistory for buckets with a capture
 * time the SDK cannot parse (a date string where the API has epoch seconds).
 */
describe('configInventory port on moto_server (where moto has Config)', () => {
  beforeEach(() => resetMoto());

  it('EC2 instances, which moto does not record, are left out: no error, no BatchGetResourceConfig', async () => {
    const seeded = await seedInstance(motoClients(), { region: TEST_REGION, tags: { workload: 'payments' } });
    const clients = new AwsClients({ endpoint: motoEndpoint(), credentials: TEST_CREDENTIALS });
    const records = (await awsConfigInventoryPort(clients, TEST_REGION).records([seeded.arn]))._unsafeUnwrap();
    expect(records).toEqual([]);
    const actions = (await recordedRequests()).map((request) => request.action);
    expect(actions).toContain('ListDiscoveredResources');
    expect(actions).not.toContain('BatchGetResourceConfig');
  });

  it('an S3 bucket: discovered through moto, live with its capture time; gone from moto once deleted', async () => {
    const oracle = motoClients();
    await oracle.get('s3', TEST_REGION).send(
      new CreateBucketCommand({
        Bucket: 'payments-exports',
        CreateBucketConfiguration: { LocationConstraint: TEST_REGION },
      }),
    );
    // ListDiscoveredResources goes to moto; BatchGetResourceConfig too, read raw (its capture time is a date string).
    const config = new ConfigServiceClient({ region: TEST_REGION, credentials: TEST_CREDENTIALS });
    const moto = oracle.get('config', TEST_REGION);
    const shim = mockClient(config);
    shim.on(ListDiscoveredResourcesCommand).callsFake((input) => moto.send(new ListDiscoveredResourcesCommand(input)));
    shim.on(BatchGetResourceConfigCommand).callsFake((input) => rawBatchGet(input));
    const clients = new AwsClients({ endpoint: motoEndpoint(), credentials: TEST_CREDENTIALS, clients: { config } });
    const port = awsConfigInventoryPort(clients, TEST_REGION);
    const bucket = 'arn:aws:s3:::payments-exports';
    const [record] = (await port.records([bucket]))._unsafeUnwrap();
    expect(record).toMatchObject({ arn: bucket, type: 'AWS::S3::Bucket', status: 'ResourceDiscovered' });
    expect(Date.now() - Date.parse(record?.capturedAt ?? '')).toBeLessThan(10 * 60_000);
    await oracle.get('s3', TEST_REGION).send(new DeleteBucketCommand({ Bucket: 'payments-exports' }));
    // AWS would answer ResourceDeleted (after its lag); moto forgets the bucket: no record, which confirms nothing.
    expect((await port.records([bucket]))._unsafeUnwrap()).toEqual([]);
  });
});

/** BatchGetResourceConfig sent to moto as raw JSON 1.1, its date-string capture times parsed. */
async function rawBatchGet(input: BatchGetResourceConfigCommandInput) {
  const response = await fetch(motoEndpoint(), {
    method: 'POST',
    headers: {
      'Content-Type': 'application/x-amz-json-1.1',
      'X-Amz-Target': 'StarlingDoveService.BatchGetResourceConfig',
      Authorization: `AWS4-HMAC-SHA256 Credential=${TEST_CREDENTIALS.accessKeyId}/20261201/${TEST_REGION}/config/aws4_request, SignedHeaders=host, Signature=0`,
    },
    body: JSON.stringify(input),
  });
  if (!response.ok) throw new Error(`moto BatchGetResourceConfig answered ${response.status}`);
  const body = (await response.json()) as {
    baseConfigurationItems?: (Omit<BaseConfigurationItem, 'configurationItemCaptureTime'> & {
      configurationItemCaptureTime?: string;
    })[];
    unprocessedResourceKeys?: BatchGetResourceConfigCommandInput['resourceKeys'];
  };
  return {
    baseConfigurationItems: (body.baseConfigurationItems ?? []).map((item) => ({
      ...item,
      configurationItemCaptureTime: new Date(item.configurationItemCaptureTime ?? 0),
    })),
    unprocessedResourceKeys: body.unprocessedResourceKeys ?? [],
  };
}
