import { AWS_TYPES, createFakeCloud } from '@decomkit/fake';
import { STACK_NAME_TAG } from '@decomkit/provider-kit';
import { describe, expect, it } from 'vitest';
import { ACCOUNT, arn, discoverAll, REGION } from './support.js';

const tags = { workload: 'payments' };
/** A CodeBuild project: a type the fake does not model, so it is discovered and never retired. */
const KEY = (id: string) => `arn:aws:codebuild:${REGION}:${ACCOUNT}:project/${id}`;

function world() {
  return createFakeCloud({
    source: {
      instances: [
        { id: 'i-locked', tags, terminationProtection: true, stopProtection: true },
        { id: 'i-secret', tags, tagsReadable: false },
        { id: 'i-far', tags, region: 'us-east-1' },
        { id: 'i-stack', tags: { [STACK_NAME_TAG]: 'payments-stack' } },
        { id: 'i-gone', tags, state: 'terminated' },
      ],
      volumes: [{ id: 'vol-1', tags }],
      addresses: [{ allocationId: 'eipalloc-1', tags }],
      securityGroups: [{ id: 'sg-1', tags }],
      images: [{ id: 'ami-1', tags }],
      autoScalingGroups: [{ groupName: 'asg', desiredCapacity: 1, tags }],
      loadBalancers: [{ loadBalancerName: 'lb', deletionProtection: true, tags }],
      targetGroups: [{ targetGroupName: 'tg', tags }],
      dbInstances: [{ id: 'db', tags, deletionProtection: true }],
      dbClusters: [{ id: 'cluster', tags: { [STACK_NAME_TAG]: 'payments-stack' } }],
      buckets: [{ bucketName: 'payments-reports', tags }],
      tables: [{ tableName: 'payments-sessions', tags }],
      functions: [{ functionName: 'payments-webhook', tags }],
      queues: [{ queueName: 'payments-jobs', tags }],
      ecsClusters: [{ clusterName: 'payments', tags }],
      ecsServices: [{ clusterName: 'payments', serviceName: 'web', tags }],
      repositories: [{ repositoryName: 'payments/web', tags }],
      streams: [{ streamName: 'payments-events', tags }],
      stateMachines: [{ stateMachineName: 'payments-flow', tags }],
      topics: [{ topicName: 'payments-events', tags }],
      rules: [{ ruleName: 'payments-nightly', tags }],
      logGroups: [{ logGroupName: '/payments/api', tags }],
      alarms: [{ alarmName: 'payments-5xx', tags }],
      secrets: [{ secretName: 'payments/db', tags }],
      kmsKeys: [{ keyId: '1234abcd-12ab-34cd-56ef-1234567890ab', tags }],
      cacheGroups: [{ groupId: 'payments-cache', tags }],
      cacheClusters: [{ clusterId: 'payments-sessions', tags }],
      fileSystems: [{ fileSystemId: 'fs-0123456789abcdef0', tags }],
      warehouses: [{ clusterIdentifier: 'payments-dw', tags }],
      searchDomains: [{ domainName: 'payments-search', tags }],
      restApis: [{ apiId: 'a1b2c3d4e5', tags }],
      httpApis: [{ apiId: 'k1l2m3n4o5', tags }],
      // Global: in us-east-1, which this source does not list.
      distributions: [{ distributionId: 'E2QWRUHAPOMQZL', tags }],
      eksNodegroups: [{ clusterName: 'payments', nodegroupName: 'web', tags }],
      eksClusters: [{ clusterName: 'payments', tags }],
      eventSourceMappings: [
        {
          uuid: '6f4a3c1e-2b7d-4e8f-9a0b-1c2d3e4f5a6b',
          functionArn: `arn:aws:lambda:${REGION}:${ACCOUNT}:function:payments-webhook`,
          sourceArn: `arn:aws:sqs:${REGION}:${ACCOUNT}:payments-jobs`,
          tags,
        },
      ],
      vpcs: [{ id: 'vpc-0a1', tags }],
      subnets: [{ id: 'subnet-0a1', vpcId: 'vpc-0a1', tags }],
      routeTables: [{ id: 'rtb-0a1', vpcId: 'vpc-0a1', subnetIds: ['subnet-0a1'], tags }],
      internetGateways: [{ id: 'igw-0a1', vpcId: 'vpc-0a1', tags }],
      natGateways: [{ id: 'nat-0a1', subnetId: 'subnet-0a1', allocationId: 'eipalloc-1', tags }],
      vpcEndpoints: [{ id: 'vpce-0a1', vpcId: 'vpc-0a1', subnetIds: ['subnet-0a1'], tags }],
      networkInterfaces: [{ id: 'eni-0a1', subnetId: 'subnet-0a1', tags }],
      // A stack of none of these resources (none carries its name): listed by the tagging API.
      stacks: [{ stackName: 'payments-app', tags }],
      otherResources: [
        { type: 'AWS::CodeBuild::Project', name: 'orders', arn: KEY('orders'), tags },
        { type: 'AWS::CodeBuild::Project', name: 'alerts', arn: KEY('alerts'), tags: { workload: 'billing' } },
      ],
    },
  });
}

describe('inventory', () => {
  it('discovers every type by tag, with unreadable tags as null and terminated instances gone', async () => {
    const found = await discoverAll(world(), { tags });
    const types = [...new Set(found.map((resource) => resource.type))].sort();
    expect(types).toEqual(
      [
        // IAM is global (region ''): its kinds are held to their own test (kms-iam.test.ts).
        ...Object.values(AWS_TYPES).filter(
          (type) => type !== AWS_TYPES.dbCluster && type !== AWS_TYPES.distribution && !type.startsWith('AWS::IAM::'),
        ),
        'AWS::CodeBuild::Project',
      ].sort(),
    );
    expect(found.find((resource) => resource.arn === arn.instance('i-secret'))?.tags).toBeNull();
    expect(found.some((resource) => resource.arn.endsWith('i-gone') || resource.arn.endsWith('i-far'))).toBe(false);
    expect(found.every((resource) => resource.accountId === ACCOUNT && resource.region === REGION)).toBe(true);
    expect(found.find((resource) => resource.arn === KEY('orders'))).toMatchObject({
      type: 'AWS::CodeBuild::Project',
      tags,
      dependsOn: [],
    });
  });

  it('reports protection flags of instances, RDS and load balancers', async () => {
    const found = await discoverAll(world(), { tags });
    const protectedOnes = found
      .filter((resource) => resource.protection.deletion || resource.protection.stop)
      .map((resource) => [resource.type, resource.protection]);
    expect(protectedOnes).toEqual([
      [AWS_TYPES.instance, { deletion: true, stop: true }],
      [AWS_TYPES.loadBalancer, { deletion: true, stop: false }],
      [AWS_TYPES.dbInstance, { deletion: true, stop: false }],
    ]);
  });

  it('selects by CloudFormation stack and by explicit ARN, across regions', async () => {
    const cloud = world();
    const byStack = await discoverAll(cloud, { stacks: ['payments-stack'] });
    expect(byStack.filter((resource) => resource.tags !== null).map((resource) => resource.arn)).toEqual([
      arn.instance('i-stack'),
      arn.dbCluster('cluster'),
    ]);
    const far = 'arn:aws:ec2:us-east-1:111122223333:instance/i-far';
    const explicit = await discoverAll(cloud, { arns: [far, arn.volume('vol-1')] }, [REGION, 'us-east-1']);
    expect(explicit.filter((resource) => resource.tags !== null).map((resource) => resource.arn)).toEqual([
      arn.volume('vol-1'),
      far,
    ]);
  });

  it('leaves unsupported types out of the retirement port, and refuses actions on them', async () => {
    const cloud = world();
    const supported = cloud.providers.retirement.supportedTypes;
    expect([...supported].sort()).toEqual(Object.values(AWS_TYPES).sort());
    expect(supported).not.toContain('AWS::CodeBuild::Project');
    const topic = KEY('orders');
    expect((await cloud.providers.inventory.describe(topic))._unsafeUnwrap()?.type).toBe('AWS::CodeBuild::Project');
    const remove = cloud.providers.retirement.handlers?.['resource.delete'];
    const action = {
      key: 'k',
      step: 's',
      item: 'retire' as const,
      kind: 'resource.delete',
      target: { ref: topic, arn: topic },
      params: {},
      gates: [],
      dependsOn: [],
    };
    const refused = await remove?.execute(action, {
      signal: new AbortController().signal,
      clock: cloud.clock,
      idempotencyToken: 't',
      ports: {},
    });
    expect(refused?._unsafeUnwrapErr().code).toBe('InvalidInput');
    expect(cloud.source.otherResources()).toHaveLength(2);
  });

  it('streams a large account in pages of at most 500, with no mutating call', async () => {
    const cloud = createFakeCloud({
      source: {
        instances: Array.from({ length: 1_200 }, (_, index) => ({ id: `i-${index.toString(16)}`, tags })),
        volumes: Array.from({ length: 300 }, (_, index) => ({ id: `vol-${index}`, tags })),
      },
    });
    const sizes: number[] = [];
    for await (const page of cloud.providers.inventory.discover({
      accountId: ACCOUNT,
      regions: [REGION],
      select: { tags },
    } as never)) {
      sizes.push(page._unsafeUnwrap().length);
    }
    expect(sizes).toEqual([500, 500, 500]);
    expect(cloud.calls.mutating()).toEqual([]);
    expect(cloud.calls.of('DescribeInstances').length).toBeGreaterThanOrEqual(3);
  });

  it('fails discovery with the injected error of any service it reads', async () => {
    const cloud = world();
    cloud.faults.inject({ service: 'rds', operation: 'DescribeDBClusters', error: 'access-denied' });
    const pages = [];
    for await (const page of cloud.providers.inventory.discover({
      accountId: ACCOUNT,
      regions: [REGION],
      select: { tags },
    } as never)) {
      pages.push(page);
    }
    expect(pages.at(-1)?._unsafeUnwrapErr().code).toBe('AccessDenied');
  });

  it('describes null for unknown ARNs of every kind', async () => {
    const cloud = world();
    for (const unknown of [
      arn.instance('i-x'),
      arn.volume('vol-x'),
      arn.address('eipalloc-x'),
      arn.securityGroup('sg-x'),
      arn.image('ami-x'),
      arn.snapshot('snap-x'),
      arn.dbInstance('x'),
      arn.dbCluster('x'),
      `arn:aws:sqs:${REGION}:${ACCOUNT}:x`,
      'not-an-arn',
    ]) {
      expect((await cloud.providers.inventory.describe(unknown))._unsafeUnwrap(), unknown).toBeNull();
    }
  });
});
