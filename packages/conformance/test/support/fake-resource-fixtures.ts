import {
  type ResourceFixture,
  type ResourceFixtureState,
  type ResourcesOracle,
  ROW_ECS_CLUSTER,
} from '@decomkit/conformance';
import type { FakeCloud, FakeCloudSeed } from '@decomkit/fake';
import { DATA_EDGE_READERS, fakeDataEdgeSeeds } from './fake-data-edge-fixtures.js';
import { type FakeRecord, type FakeTypeReader, reader } from './fake-type-reader.js';
import { fakeVpcNetworkSeeds, VPC_NETWORK_READERS } from './fake-vpc-network-fixtures.js';

type SourceSeed = NonNullable<FakeCloudSeed['source']>;

/** A fake id of `prefix` for the `index`-th fixture: the fake picks nothing, so the target does, as EC2 would. */
const idOf = (prefix: string, index: number) => `${prefix}-0d0e${String(index).padStart(13, '0')}`;

/** The fixtures of `type`, with their index in the world's list (their ids). */
const ofType = (fixtures: readonly ResourceFixture[], type: string) =>
  fixtures.flatMap((fixture, index) => (fixture.type === type ? [{ fixture, index }] : []));

/** The fake's seed of the infrastructure rows' resources (`WorldFixture.resources`). */
export function fakeResourceSeeds(fixtures: readonly ResourceFixture[] = []): SourceSeed {
  const seeds = <Seed>(type: string, seed: (fixture: ResourceFixture, index: number) => Seed): Seed[] =>
    ofType(fixtures, type).map(({ fixture, index }) => seed(fixture, index));
  const protection = (fixture: ResourceFixture) => fixture.deletionProtection ?? false;
  // What holds a KMS or IAM fixture with `contents`: an export bucket, an instance, a profile (untagged: never in scope).
  const held = (type: string) => ofType(fixtures, type).filter(({ fixture }) => (fixture.contents ?? 0) > 0);
  const keyId = (index: number) => `0d0e0000-0000-4000-8000-${String(index).padStart(12, '0')}`;
  return {
    ...fakeDataEdgeSeeds(fixtures),
    instances: [
      ...seeds('AWS::EC2::Instance', (fixture, index) => ({
        id: idOf('i', index),
        tags: { ...fixture.tags },
        terminationProtection: protection(fixture),
      })),
      ...held('AWS::IAM::InstanceProfile').map(({ index }) => ({ id: idOf('i', index) })),
    ],
    volumes: seeds('AWS::EC2::Volume', (fixture, index) => ({ id: idOf('vol', index), tags: { ...fixture.tags } })),
    snapshots: seeds('AWS::EC2::Snapshot', (fixture, index) => ({
      id: idOf('snap', index),
      tags: { ...fixture.tags },
    })),
    securityGroups: seeds('AWS::EC2::SecurityGroup', (fixture, index) => ({
      id: idOf('sg', index),
      groupName: fixture.name,
      tags: { ...fixture.tags },
    })),
    addresses: seeds('AWS::EC2::EIP', (fixture, index) => ({
      allocationId: idOf('eipalloc', index),
      tags: { ...fixture.tags },
    })),
    images: seeds('AWS::EC2::Image', (fixture, index) => ({ id: idOf('ami', index), tags: { ...fixture.tags } })),
    autoScalingGroups: seeds('AWS::AutoScaling::AutoScalingGroup', (fixture) => ({
      groupName: fixture.name,
      desiredCapacity: 0,
      tags: { ...fixture.tags },
    })),
    loadBalancers: seeds('AWS::ElasticLoadBalancingV2::LoadBalancer', (fixture) => ({
      loadBalancerName: fixture.name,
      deletionProtection: protection(fixture),
      tags: { ...fixture.tags },
    })),
    targetGroups: seeds('AWS::ElasticLoadBalancingV2::TargetGroup', (fixture) => ({
      targetGroupName: fixture.name,
      tags: { ...fixture.tags },
    })),
    dbInstances: seeds('AWS::RDS::DBInstance', (fixture) => ({
      id: fixture.name,
      deletionProtection: protection(fixture),
      tags: { ...fixture.tags },
    })),
    dbClusters: seeds('AWS::RDS::DBCluster', (fixture) => ({
      id: fixture.name,
      deletionProtection: protection(fixture),
      tags: { ...fixture.tags },
    })),
    queues: seeds('AWS::SQS::Queue', (fixture) => ({ queueName: fixture.name, tags: { ...fixture.tags } })),
    ecsServices: seeds('AWS::ECS::Service', (fixture) => ({
      clusterName: ROW_ECS_CLUSTER,
      serviceName: fixture.name,
      desiredCount: fixture.contents ?? 0,
      tags: { ...fixture.tags },
    })),
    ecsClusters: seeds('AWS::ECS::Cluster', (fixture) => ({ clusterName: fixture.name, tags: { ...fixture.tags } })),
    repositories: seeds('AWS::ECR::Repository', (fixture) => ({
      repositoryName: fixture.name,
      images: fixture.contents ?? 0,
      tags: { ...fixture.tags },
    })),
    streams: seeds('AWS::Kinesis::Stream', (fixture) => ({
      streamName: fixture.name,
      consumers: Array.from({ length: fixture.contents ?? 0 }, (_, index) => `consumer-${index + 1}`),
      tags: { ...fixture.tags },
    })),
    stateMachines: seeds('AWS::StepFunctions::StateMachine', (fixture) => ({
      stateMachineName: fixture.name,
      runningExecutions: fixture.contents ?? 0,
      tags: { ...fixture.tags },
    })),
    topics: seeds('AWS::SNS::Topic', (fixture) => ({ topicName: fixture.name, tags: { ...fixture.tags } })),
    rules: seeds('AWS::Events::Rule', (fixture) => ({
      ruleName: fixture.name,
      targets: ['target-1'],
      tags: { ...fixture.tags },
    })),
    logGroups: seeds('AWS::Logs::LogGroup', (fixture) => ({ logGroupName: fixture.name, tags: { ...fixture.tags } })),
    alarms: seeds('AWS::CloudWatch::Alarm', (fixture) => ({ alarmName: fixture.name, tags: { ...fixture.tags } })),
    secrets: seeds('AWS::SecretsManager::Secret', (fixture) => ({
      secretName: fixture.name,
      tags: { ...fixture.tags },
    })),
    buckets: held('AWS::KMS::Key').map(({ fixture }) => ({ bucketName: `${fixture.name}-exports` })),
    kmsKeys: seeds('AWS::KMS::Key', (fixture, index) => ({
      keyId: keyId(index),
      tags: { ...fixture.tags },
      encrypts: (fixture.contents ?? 0) > 0 ? [`arn:aws:s3:::${fixture.name}-exports`] : [],
    })),
    iamRoles: seeds('AWS::IAM::Role', (fixture) => ({ roleName: fixture.name, tags: { ...fixture.tags } })),
    instanceProfiles: [
      ...seeds('AWS::IAM::InstanceProfile', (fixture, index) => ({
        profileName: fixture.name,
        tags: { ...fixture.tags },
        instanceIds: (fixture.contents ?? 0) > 0 ? [idOf('i', index)] : [],
      })),
      ...held('AWS::IAM::Role').map(({ fixture }) => ({
        profileName: `${fixture.name}-profile`,
        roles: [fixture.name],
      })),
    ],
    managedPolicies: seeds('AWS::IAM::ManagedPolicy', (fixture) => ({
      policyName: fixture.name,
      tags: { ...fixture.tags },
      users: (fixture.contents ?? 0) > 0 ? ['auditor'] : [],
    })),
    ...fakeVpcNetworkSeeds(fixtures),
  };
}

/** The fake's state read by type; a terminated instance and a deleted database are gone. */
const READERS: Readonly<Record<string, FakeTypeReader>> = {
  'AWS::EC2::Instance': reader(
    (cloud) => cloud.source.instances().filter((instance) => instance.state !== 'terminated'),
    (instance) => instance.state,
    { deletionProtection: (instance) => instance.terminationProtection },
  ),
  'AWS::EC2::Volume': reader(
    (cloud) => cloud.source.volumes(),
    (volume) => volume.state,
  ),
  'AWS::EC2::Snapshot': reader(
    (cloud) => cloud.source.snapshots(),
    (snapshot) => snapshot.state,
  ),
  'AWS::EC2::SecurityGroup': reader(
    (cloud) => cloud.source.securityGroups(),
    () => 'available',
  ),
  'AWS::EC2::EIP': reader(
    (cloud) => cloud.source.addresses(),
    (address) => (address.instanceId === null ? 'available' : 'associated'),
  ),
  'AWS::EC2::Image': reader(
    (cloud) => cloud.source.images(),
    (image) => image.state,
  ),
  'AWS::AutoScaling::AutoScalingGroup': reader(
    (cloud) => cloud.source.autoScalingGroups(),
    (group) => `desired ${group.desiredCapacity}`,
  ),
  'AWS::ElasticLoadBalancingV2::LoadBalancer': reader(
    (cloud) => cloud.source.loadBalancers(),
    (balancer) => balancer.state,
    { deletionProtection: (balancer) => balancer.deletionProtection },
  ),
  'AWS::ElasticLoadBalancingV2::TargetGroup': reader(
    (cloud) => cloud.source.targetGroups(),
    () => 'available',
  ),
  'AWS::RDS::DBInstance': reader(
    (cloud) => cloud.source.dbInstances(),
    (database) => database.status,
    { deletionProtection: (database) => database.deletionProtection },
  ),
  'AWS::RDS::DBCluster': reader(
    (cloud) => cloud.source.dbClusters(),
    (cluster) => cluster.status,
    { deletionProtection: (cluster) => cluster.deletionProtection },
  ),
  'AWS::SQS::Queue': reader(
    (cloud) => cloud.source.queues(),
    () => 'available',
  ),
  'AWS::ECS::Service': reader(
    (cloud) => cloud.source.ecsServices(),
    (service) => (service.desiredCount === 0 ? 'stopped' : `desired ${service.desiredCount}`),
  ),
  'AWS::ECS::Cluster': reader(
    (cloud) => cloud.source.ecsClusters(),
    () => 'ACTIVE',
  ),
  'AWS::ECR::Repository': reader(
    (cloud) => cloud.source.repositories(),
    (repository) => `${repository.images} images`,
  ),
  'AWS::Kinesis::Stream': reader(
    (cloud) => cloud.source.streams(),
    (stream) => `${stream.consumers.length} consumers`,
  ),
  'AWS::StepFunctions::StateMachine': reader(
    (cloud) => cloud.source.stateMachines(),
    (machine) => `${machine.runningExecutions} running`,
  ),
  'AWS::SNS::Topic': reader(
    (cloud) => cloud.source.topics(),
    () => 'available',
  ),
  'AWS::Events::Rule': reader(
    (cloud) => cloud.source.rules(),
    (rule) => (rule.state === 'DISABLED' ? 'stopped' : 'enabled'),
  ),
  'AWS::Logs::LogGroup': reader(
    (cloud) => cloud.source.logGroups(),
    () => 'available',
  ),
  'AWS::CloudWatch::Alarm': reader(
    (cloud) => cloud.source.alarms(),
    (alarm) => alarm.stateValue,
  ),
  // A secret scheduled for deletion is gone: only an operator's RestoreSecret brings it back.
  'AWS::SecretsManager::Secret': reader(
    (cloud) => cloud.source.secrets().filter((secret) => secret.deletedAt === null),
    () => 'available',
  ),
  // A key pending deletion is gone (CancelKeyDeletion would bring it back); a disabled one is stopped.
  'AWS::KMS::Key': reader(
    (cloud) => cloud.source.kmsKeys().filter((key) => key.keyState !== 'PendingDeletion'),
    (key) => (key.keyState === 'Disabled' ? 'stopped' : key.keyState.toLowerCase()),
  ),
  'AWS::IAM::Role': reader(
    (cloud) => cloud.source.iamRoles(),
    (role) => `${role.attachedPolicies.length} policies`,
  ),
  'AWS::IAM::InstanceProfile': reader(
    (cloud) => cloud.source.instanceProfiles(),
    (profile) => `roles ${profile.roles.join(',')}`,
  ),
  'AWS::IAM::ManagedPolicy': reader(
    (cloud) => cloud.source.managedPolicies(),
    (policy) => `${policy.versions.length} versions`,
  ),
  ...DATA_EDGE_READERS,
};

/** Every type the oracle reads. */
const ALL_READERS: Readonly<Record<string, FakeTypeReader>> = { ...READERS, ...VPC_NETWORK_READERS };

/** The fixture `name` of `type` in the fake's state: named by its `Name` tag where the service picks the id. */
function recordOf(cloud: FakeCloud, type: string, name: string): { record: FakeRecord; read: FakeTypeReader } | null {
  const read = ALL_READERS[type];
  if (read === undefined) throw new Error(`the fake target seeds no ${type}`);
  const record = read.records(cloud).find((candidate) => (candidate.tags.Name ?? candidate.name) === name);
  return record === undefined ? null : { record, read };
}

/** The infrastructure rows' oracle hooks over the fake's own state (never through its ports). */
export function fakeResourcesOracle(cloud: FakeCloud): ResourcesOracle {
  return {
    resourceArn: (type, name) => recordOf(cloud, type, name)?.record.arn ?? null,
    resourceName: (type, name) => {
      const found = recordOf(cloud, type, name);
      return found?.read.serviceName?.(found.record as never) ?? null;
    },
    resource: async (type, name): Promise<ResourceFixtureState | null> => {
      const found = recordOf(cloud, type, name);
      if (found === null) return null;
      const record = found.record as never;
      return { state: found.read.state(record), deletionProtection: found.read.deletionProtection?.(record) ?? false };
    },
  };
}
