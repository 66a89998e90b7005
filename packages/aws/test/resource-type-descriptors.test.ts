import { AWS_RESOURCE_TYPES, AwsClients, CLOUDFORMATION_STACK, defineAwsResourceType, stackArnOf } from '@decomkit/aws';
import { decomError, errAsync, okAsync } from '@decomkit/core';
import { describe, expect, it } from 'vitest';
import { typeOfArn } from '../src/arn-types.js';
import { CONFIG_RESOURCE_KEYS, configResourceKey } from '../src/config-resource-keys.js';
import { resourceTypeTraits } from '../src/resources/resource-types.js';
import { TEST_CREDENTIALS } from './support/moto.js';
import { actionOn, contextFor } from './support/retirement-harness.js';

const named = (predicate: (traits: ReturnType<typeof resourceTypeTraits>[number]) => boolean) =>
  resourceTypeTraits()
    .filter(predicate)
    .map((traits) => traits.type)
    .sort();

describe('AWS resource type descriptors', () => {
  it('give the traits core listed by type name: stoppable, data-holding, backup cover, traffic', () => {
    expect(named((traits) => traits.stoppable)).toEqual([
      'AWS::CloudFront::Distribution',
      'AWS::EC2::Instance',
      'AWS::ECS::Service',
      'AWS::EKS::Nodegroup',
      'AWS::Events::Rule',
      'AWS::KMS::Key',
      'AWS::Lambda::EventSourceMapping',
      'AWS::Lambda::Function',
      'AWS::RDS::DBCluster',
      'AWS::RDS::DBInstance',
      'AWS::Redshift::Cluster',
    ]);
    expect(named((traits) => traits.holdsData)).toEqual([
      'AWS::DynamoDB::Table',
      'AWS::EC2::Instance',
      'AWS::EC2::Volume',
      'AWS::EFS::FileSystem',
      'AWS::Logs::LogGroup',
      'AWS::OpenSearch::Domain',
      'AWS::RDS::DBCluster',
      'AWS::RDS::DBInstance',
      'AWS::Redshift::Cluster',
      'AWS::S3::Bucket',
    ]);
    // No backup method covers an OpenSearch domain: only the workload's waiver releases it.
    expect(named((traits) => traits.noBackupMethod !== undefined)).toEqual(['AWS::OpenSearch::Domain']);
    const traits = new Map(resourceTypeTraits().map((one) => [one.type, one]));
    expect(traits.get('AWS::RDS::DBCluster')?.backupCovers).toEqual(['AWS::RDS::DBInstance']);
    expect(
      Object.fromEntries(resourceTypeTraits().flatMap((one) => (one.traffic ? [[one.type, one.traffic]] : []))),
    ).toEqual({
      'AWS::ElasticLoadBalancingV2::LoadBalancer': {
        namespace: 'AWS/ApplicationELB',
        metric: 'RequestCount',
        reportsWhile: [],
      },
      'AWS::RDS::DBInstance': { namespace: 'AWS/RDS', metric: 'DatabaseConnections', reportsWhile: ['available'] },
      'AWS::EC2::Instance': { namespace: 'AWS/EC2', metric: 'NetworkIn', reportsWhile: ['running'] },
    });
    expect(
      traits
        .get('AWS::EFS::FileSystem')
        ?.matchesArn('arn:aws:elasticfilesystem:eu-west-1:111122223333:file-system/fs-0abc'),
    ).toBe(true);
    expect(resourceTypeTraits().map((one) => one.type)).toContain('AWS::SQS::Queue');
    expect(traits.get('AWS::SQS::Queue')).toMatchObject({ stoppable: false, holdsData: false });
    // ECR images, Kinesis records and execution histories get no backup: decomkit refuses what holds them.
    // An ElastiCache cache's backup is the final snapshot its delete confirms (AWS Backup keeps none).
    for (const type of [
      'AWS::ECR::Repository',
      'AWS::Kinesis::Stream',
      'AWS::StepFunctions::StateMachine',
      'AWS::ElastiCache::ReplicationGroup',
      'AWS::ElastiCache::CacheCluster',
    ])
      expect(traits.get(type), type).toMatchObject({ stoppable: false, holdsData: false });
    // A KMS key is disabled as its scream test; IAM entities hold no data and cannot be stopped.
    expect(traits.get('AWS::KMS::Key')).toMatchObject({ stoppable: true, holdsData: false });
    for (const type of ['AWS::IAM::Role', 'AWS::IAM::InstanceProfile', 'AWS::IAM::ManagedPolicy'])
      expect(traits.get(type), type).toMatchObject({ stoppable: false, holdsData: false });
  });

  it('derive the registries: typeOfArn and the Config keys come from each descriptor', () => {
    const place = { accountId: '111122223333', region: 'eu-west-1' };
    const ids: Record<string, string> = {
      'AWS::EC2::Instance': 'i-0abc',
      'AWS::EC2::Volume': 'vol-0abc',
      'AWS::EC2::SecurityGroup': 'sg-0abc',
      'AWS::EC2::EIP': 'eipalloc-0abc',
      'AWS::EC2::Image': 'ami-0abc',
      'AWS::EC2::Snapshot': 'snap-0abc',
      'AWS::ElasticLoadBalancingV2::LoadBalancer':
        'arn:aws:elasticloadbalancing:eu-west-1:111122223333:loadbalancer/app/payments/50dc6c495c0c9188',
      'AWS::ElasticLoadBalancingV2::TargetGroup':
        'arn:aws:elasticloadbalancing:eu-west-1:111122223333:targetgroup/payments/6d0ecf831eec9f09',
      'AWS::ECS::Service': 'payments/web',
      'AWS::CloudFormation::Stack':
        'arn:aws:cloudformation:eu-west-1:111122223333:stack/payments/5b918d10-cd98-11ea-90d5-0a9cd3354c10',
      'AWS::EFS::FileSystem': 'fs-0123456789abcdef0',
      'AWS::EKS::Nodegroup': 'payments/web',
      'AWS::Lambda::EventSourceMapping': '6f4a3c1e-2b7d-4e8f-9a0b-1c2d3e4f5a6b',
      'AWS::CloudFront::Distribution': 'E2QWRUHAPOMQZL',
      'AWS::ApiGateway::RestApi': 'a1b2c3d4e5',
      'AWS::ApiGatewayV2::Api': 'a1b2c3d4e5',
      'AWS::KMS::Key': '0d6f5a1e-7c2b-4e8a-9b3d-5f1c2e4a6b8d',
      'AWS::EC2::NetworkInterface': 'eni-0abc',
      'AWS::EC2::NatGateway': 'nat-0abc',
      'AWS::EC2::VPCEndpoint': 'vpce-0abc',
      'AWS::EC2::Subnet': 'subnet-0abc',
      'AWS::EC2::RouteTable': 'rtb-0abc',
      'AWS::EC2::InternetGateway': 'igw-0abc',
      'AWS::EC2::VPC': 'vpc-0abc',
    };
    for (const type of AWS_RESOURCE_TYPES) {
      const arn = type.arnOf(place, ids[type.type] ?? 'payments');
      expect(typeOfArn(arn), type.type).toBe(type.type);
      expect(type.idOf(arn), type.type).toBe(ids[type.type] ?? 'payments');
      // CloudFormation names OpenSearch domains after the service's old name; every other type by its Config name.
      expect(type.cloudFormationType).toBe(
        type.type === 'AWS::OpenSearch::Domain' ? 'AWS::OpenSearchService::Domain' : type.type,
      );
    }
    // KMS keys by id; IAM roles, instance profiles and managed policies by name (any path), global (no region);
    // AWS Config calls a managed policy AWS::IAM::Policy.
    expect(
      configResourceKey('arn:aws:kms:eu-west-1:111122223333:key/0d6f5a1e-7c2b-4e8a-9b3d-5f1c2e4a6b8d'),
    ).toMatchObject({
      type: 'AWS::KMS::Key',
      lookup: 'id',
      value: '0d6f5a1e-7c2b-4e8a-9b3d-5f1c2e4a6b8d',
    });
    expect(configResourceKey('arn:aws:iam::111122223333:role/app/payments-api')).toMatchObject({
      type: 'AWS::IAM::Role',
      lookup: 'name',
      value: 'payments-api',
      region: '',
    });
    expect(configResourceKey('arn:aws:iam::111122223333:instance-profile/payments-api')).toMatchObject({
      type: 'AWS::IAM::InstanceProfile',
      value: 'payments-api',
    });
    expect(configResourceKey('arn:aws:iam::111122223333:policy/team/payments-read')).toMatchObject({
      type: 'AWS::IAM::Policy',
      lookup: 'name',
      value: 'payments-read',
      region: '',
    });
    expect(CONFIG_RESOURCE_KEYS.map((rule) => rule.type).sort()).toEqual(
      AWS_RESOURCE_TYPES.flatMap((type) => (type.config === undefined ? [] : [type.config.type ?? type.type])).sort(),
    );
  });

  it('recognise a CloudFormation stack only by its ARN with a stack id: a malformed one is refused as InvalidInput', async () => {
    const stack = 'arn:aws:cloudformation:eu-west-1:111122223333:stack/payments/5b918d10-cd98-11ea-90d5-0a9cd3354c10';
    expect(stackArnOf(stack)).toBe(stack);
    // How discovery names a stack resource it cannot describe: not a stack.
    expect(stackArnOf('arn:aws:cloudformation:eu-west-1:111122223333:stack/payments/Setting')).toBeNull();
    expect(stackArnOf('arn:aws:s3:::payments')).toBeNull();
    const remove = CLOUDFORMATION_STACK.handlers(new AwsClients({ credentials: TEST_CREDENTIALS }))['resource.delete'];
    const action = actionOn('arn:aws:cloudformation:eu-west-1:111122223333:stack/payments', 'resource.delete');
    const sent = await remove.execute(action, contextFor(action));
    expect(sent._unsafeUnwrapErr().code).toBe('InvalidInput');
  });

  it('defaults a type of your own: a stop refused, no protection, a declared delete for which gone is done', async () => {
    let present = true;
    const sent: string[] = [];
    const WIDGET = defineAwsResourceType({
      type: 'Custom::Widget',
      arnShape: { service: 'widgets', prefix: 'widget/' },
      idOf: (arn) => /:widget\/(w-\d+)$/.exec(arn)?.[1] ?? null,
      arnOf: (place, id) => `arn:aws:widgets:${place.region}:${place.accountId}:widget/${id}`,
      describeMany: () => okAsync([]),
      delete: {
        claims: () => [],
        idKey: 'widgetId',
        call: {
          operation: 'widgets:DeleteWidget',
          run: (_clients, id) => {
            sent.push(id);
            if (!present) return errAsync(decomError.notFound({ message: `${id} does not exist`, resource: id }));
            present = false;
            return okAsync({});
          },
        },
        exists: () => okAsync(present),
      },
    });
    expect(WIDGET).toMatchObject({ stoppable: false, holdsData: false, cloudFormationType: 'Custom::Widget' });
    expect(WIDGET.arnOfPhysicalId({ accountId: '1', region: 'r' }, 'w-1')).toBe('arn:aws:widgets:r:1:widget/w-1');
    const handlers = WIDGET.handlers(new AwsClients({ credentials: TEST_CREDENTIALS }));
    const remove = actionOn('arn:aws:widgets:eu-west-1:123456789012:widget/w-1', 'resource.delete');
    const stop = actionOn('arn:aws:widgets:eu-west-1:123456789012:widget/w-1', 'resource.stop');
    expect((await handlers['resource.stop'].execute(stop, contextFor(stop)))._unsafeUnwrapErr().code).toBe(
      'InvalidInput',
    );
    expect((await handlers['protection.lift'].execute(stop, contextFor(stop)))._unsafeUnwrap()).toMatchObject({
      status: 'done',
      result: { protection: 'none' },
    });
    expect((await handlers['resource.delete'].reconcile(remove, contextFor(remove)))._unsafeUnwrap()).toEqual({
      status: 'absent',
    });
    expect((await handlers['resource.delete'].execute(remove, contextFor(remove)))._unsafeUnwrap()).toEqual({
      status: 'done',
      result: { widgetId: 'w-1', state: 'deleted' },
    });
    expect((await handlers['resource.delete'].execute(remove, contextFor(remove)))._unsafeUnwrap()).toMatchObject({
      status: 'done',
      result: { id: 'w-1', alreadyGone: true },
    });
    expect((await handlers['resource.delete'].reconcile(remove, contextFor(remove)))._unsafeUnwrap()).toMatchObject({
      status: 'done',
      result: { widgetId: 'w-1', state: 'deleted' },
    });
    expect(sent).toEqual(['w-1', 'w-1']);
  });
});
