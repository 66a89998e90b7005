import type { FakeWorld, WorldState } from '../world.js';
import { FakeAutoScaling } from './autoscaling.js';
import { FakeBackup } from './backup.js';
import { FakeCloudFormation, settleStacks } from './cloudformation.js';
import { FakeCloudWatchAlarms } from './cloudwatch-alarms.js';
import { FakeCloudWatchLogs } from './cloudwatch-logs.js';
import { FakeConfig } from './config.js';
import { FakeDataStores } from './data-stores.js';
import { FakeDynamoDb, settleDynamoDb } from './dynamodb.js';
import { FakeEbs } from './ebs.js';
import { FakeEc2 } from './ec2.js';
import { FakeEc2Images } from './ec2-images.js';
import { FakeEc2Network } from './ec2-network.js';
import { FakeEc2Vpc, settleVpc } from './ec2-vpc.js';
import { FakeEcrKinesisStates } from './ecr-kinesis-states.js';
import { FakeEcs } from './ecs.js';
import { FakeEdgeCompute } from './edge-compute.js';
import { FakeElbv2 } from './elbv2.js';
import { FakeEventBridge } from './eventbridge.js';
import { FakeIam } from './iam.js';
import { FakeKms } from './kms.js';
import { FakeLambda } from './lambda.js';
import { FakeRds } from './rds.js';
import { settleRds } from './rds-lifecycle.js';
import { FakeRdsSnapshots } from './rds-snapshots.js';
import { FakeS3 } from './s3.js';
import { FakeSecretsManager } from './secrets-manager.js';
import { FakeSns } from './sns.js';
import type { FakeAutoScalingGroup, FakeDbInstance } from './source-types.js';
import { FakeSqs } from './sqs.js';
import { FakeTagging } from './tagging.js';

/** The fake AWS source services of one world. */
export interface SourceServices {
  readonly ec2: FakeEc2;
  readonly ebs: FakeEbs;
  readonly images: FakeEc2Images;
  readonly network: FakeEc2Network;
  /** VPCs, subnets, route tables, internet and NAT gateways, endpoints, network interfaces. */
  readonly vpc: FakeEc2Vpc;
  readonly autoScaling: FakeAutoScaling;
  readonly elb: FakeElbv2;
  readonly rds: FakeRds;
  readonly rdsSnapshots: FakeRdsSnapshots;
  readonly s3: FakeS3;
  readonly dynamodb: FakeDynamoDb;
  readonly lambda: FakeLambda;
  readonly sqs: FakeSqs;
  readonly ecs: FakeEcs;
  /** ECR repositories, Kinesis data streams and Step Functions state machines. */
  readonly ecrKinesisStates: FakeEcrKinesisStates;
  readonly edgeCompute: FakeEdgeCompute;
  readonly tagging: FakeTagging;
  readonly config: FakeConfig;
  /** AWS Backup: jobs and recovery points (an operator's DeleteRecoveryPoint, a job made to fail). */
  readonly backup: FakeBackup;
  readonly sns: FakeSns;
  readonly events: FakeEventBridge;
  readonly logs: FakeCloudWatchLogs;
  readonly alarms: FakeCloudWatchAlarms;
  readonly secretsManager: FakeSecretsManager;
  /** ElastiCache, EFS, Redshift and OpenSearch. */
  readonly dataStores: FakeDataStores;
  /** KMS keys (and what each encrypts). */
  readonly kms: FakeKms;
  /** IAM roles, instance profiles and customer-managed policies (global). */
  readonly iam: FakeIam;
  /** CloudFormation stacks: DeleteStack deletes what their templates do not retain. */
  readonly cloudFormation: FakeCloudFormation;
}

/** Creates the fake AWS source services over one world. */
export function createSourceServices(world: FakeWorld): SourceServices {
  return {
    ec2: new FakeEc2(world),
    ebs: new FakeEbs(world),
    images: new FakeEc2Images(world),
    network: new FakeEc2Network(world),
    vpc: new FakeEc2Vpc(world),
    autoScaling: new FakeAutoScaling(world),
    elb: new FakeElbv2(world),
    rds: new FakeRds(world),
    rdsSnapshots: new FakeRdsSnapshots(world),
    s3: new FakeS3(world),
    dynamodb: new FakeDynamoDb(world),
    lambda: new FakeLambda(world),
    sqs: new FakeSqs(world),
    ecs: new FakeEcs(world),
    ecrKinesisStates: new FakeEcrKinesisStates(world),
    edgeCompute: new FakeEdgeCompute(world),
    tagging: new FakeTagging(world),
    config: new FakeConfig(world, [
      () => settleRds(world),
      () => settleDynamoDb(world),
      () => settleVpc(world),
      () => settleStacks(world),
    ]),
    backup: new FakeBackup(world),
    sns: new FakeSns(world),
    events: new FakeEventBridge(world),
    logs: new FakeCloudWatchLogs(world),
    alarms: new FakeCloudWatchAlarms(world),
    secretsManager: new FakeSecretsManager(world),
    dataStores: new FakeDataStores(world),
    kms: new FakeKms(world),
    iam: new FakeIam(world),
    cloudFormation: new FakeCloudFormation(world),
  };
}

/** The lists of the source state that tests read whole. */
export const SOURCE_LISTS = [
  'volumes',
  'snapshots',
  'images',
  'addresses',
  'securityGroups',
  'autoScalingGroups',
  'loadBalancers',
  'targetGroups',
  'dbInstances',
  'dbClusters',
  'dbSnapshots',
  'dbAutomatedBackups',
  'buckets',
  'tables',
  'tableBackups',
  'functions',
  'queues',
  'ecsClusters',
  'ecsServices',
  'repositories',
  'streams',
  'stateMachines',
  'topics',
  'rules',
  'logGroups',
  'alarms',
  'secrets',
  'cacheGroups',
  'cacheClusters',
  'fileSystems',
  'warehouses',
  'searchDomains',
  'dataSnapshots',
  'gatewayApis',
  'distributions',
  'eksClusters',
  'eksNodegroups',
  'eventSourceMappings',
  'kmsKeys',
  'iamRoles',
  'instanceProfiles',
  'managedPolicies',
  'vpcs',
  'subnets',
  'routeTables',
  'internetGateways',
  'natGateways',
  'vpcEndpoints',
  'networkInterfaces',
  'otherResources',
  'stacks',
  'configItems',
] as const;

/** One reader per list of the source state. */
export type SourceListReaders = { readonly [K in (typeof SOURCE_LISTS)[number]]: () => Readonly<WorldState[K]> };

/**
 * Read accessors of the source side for tests: copies of the state, time-due
 * changes applied first. One per list of the source state (see `WorldState`:
 * `tables` shows `DELETING` tables until their delete finishes, `tableBackups`
 * outlive their tables, `configItems` is AWS Config's full history ignoring
 * its lag), and two look-ups.
 */
export type SourceReaders = SourceListReaders & {
  /** The Auto Scaling group `name`; throws if there is none (test helper). */
  autoScalingGroup(name: string): FakeAutoScalingGroup;
  /** The DB instance `id`, or undefined once it is gone. */
  dbInstance(id: string): FakeDbInstance | undefined;
};

/** Builds the read accessors over `world`. */
export function sourceReaders(world: FakeWorld): SourceReaders {
  const read = <T>(pick: () => T): T => {
    settleRds(world);
    settleDynamoDb(world);
    settleVpc(world);
    settleStacks(world);
    return structuredClone(pick());
  };
  const lists = Object.fromEntries(
    SOURCE_LISTS.map((name) => [name, () => read(() => world.state[name])]),
  ) as unknown as SourceListReaders;
  return {
    ...lists,
    autoScalingGroup(name) {
      const group = read(() => world.state.autoScalingGroups.find((candidate) => candidate.groupName === name));
      if (group === undefined) throw new Error(`the fake cloud has no Auto Scaling group ${name}`);
      return group;
    },
    dbInstance: (id) => read(() => world.state.dbInstances.find((candidate) => candidate.id === id)),
  };
}
