/**
 * `@decomkit/fake`: an in-memory cloud that implements decomkit's ports with
 * AWS's semantics, a controllable clock, a call log and fault injection. Use it
 * to unit-test your decommission automation.
 *
 * @example
 * ```ts
 * import { createFakeCloud } from '@decomkit/fake';
 * const cloud = createFakeCloud({ source: { instances: [{ id: 'i-1', tags: { workload: 'payments' } }] } });
 * ```
 * @packageDocumentation
 */

export { CallLog, type FakeCall, type PlanWindow } from './call-log.js';
export type { FakeCmdb, StatusChoice } from './cmdb/cmdb.js';
export { createFakeCloud, type FakeCloud, type FakeProviders, restoreFakeCloud } from './create-fake-cloud.js';
export { DEMO_GLUE_JOB, demoSeed, demoWorkloadInput } from './demo-world.js';
export { FakeClock } from './fake-clock.js';
export { FakeInputError } from './fake-input-error.js';
export { type AwsErrorSpec, type FaultError, faultErrorOf } from './fault-error.js';
export { type FaultRule, Faults } from './faults.js';
export {
  DEFAULT_TIMEOUT_MILLISECONDS,
  OperationStub,
  type PartialFailure,
  type PartialMembers,
  type StubDecision,
  type TimeoutOptions,
} from './operation-stub.js';
export { PILLAR_OF_CATEGORY } from './providers/advisor-port.js';
export { FAKE_AZURE_BASELINE_METRICS, FAKE_CLOUDWATCH_BASELINE_METRICS } from './providers/baseline-metrics.js';
export { retiredChoiceOf } from './providers/cmdb-port.js';
export { seededRandom } from './random.js';
export type { FakeCloudSeed, InstanceSeed } from './seed.js';
export type { SeedIdFormat } from './seed-validation.js';
export type { FakeServiceApis, FakeServicePorts } from './services/fake-services.js';
export type {
  ArtifactReaders,
  CmdbReaders,
  DnsReaders,
  DnsRecordAddress,
  SourceServiceReaders,
  StoredArtifact,
  TargetReaders,
} from './services/service-readers.js';
export type * from './services/services-seed.js';
export { servicesStateFromSeed } from './services/services-seed.js';
export type * from './services/services-state.js';
export { DEFAULT_STATUS_CHOICES } from './services/services-state.js';
export type { FakeAutoScaling } from './source/autoscaling.js';
export type { FakeBackup, StartBackupJobInput } from './source/backup.js';
export type { FakeCloudFormation, StackResourceSummary } from './source/cloudformation.js';
export type {
  CloudFormationSeed,
  FakeStack,
  FakeStackEvent,
  FakeStackMember,
  StackSeed,
} from './source/cloudformation-seed.js';
export { LOGICAL_ID_TAG } from './source/cloudformation-seed.js';
export type { FakeCloudWatch } from './source/cloudwatch.js';
export type { FakeCloudWatchAlarms } from './source/cloudwatch-alarms.js';
export type { FakeCloudWatchLogs } from './source/cloudwatch-logs.js';
export type { ConfigView, FakeConfig } from './source/config.js';
export type * from './source/container-stream-types.js';
export type { CostByDay, FakeCostExplorer } from './source/cost-explorer.js';
export type {
  CacheClusterSeed,
  CacheGroupSeed,
  DataStoreSeed,
  FileSystemSeed,
  SearchDomainSeed,
  WarehouseSeed,
} from './source/data-store-seed.js';
export type * from './source/data-store-types.js';
export type { DataStoreList, DataStoreRecord, FakeDataStores } from './source/data-stores.js';
export type { FakeDms } from './source/dms.js';
export type { FakeDynamoDb } from './source/dynamodb.js';
export type { FakeEbs } from './source/ebs.js';
export type { FakeEc2 } from './source/ec2.js';
export type { FakeEc2Images } from './source/ec2-images.js';
export type { FakeEc2Network, SecurityGroupUse } from './source/ec2-network.js';
export type { FakeEc2Vpc, VpcNetworkList, VpcNetworkRecord } from './source/ec2-vpc.js';
export type {
  EcrKinesisStatesList,
  EcrKinesisStatesRecord,
  FakeEcrKinesisStates,
} from './source/ecr-kinesis-states.js';
export type { FakeEcs } from './source/ecs.js';
export type { EdgeComputeList, EdgeComputeRecord, EdgeComputeState, FakeEdgeCompute } from './source/edge-compute.js';
export type {
  DistributionSeed,
  EdgeComputeSeed,
  EksClusterSeed,
  EksNodegroupSeed,
  EventSourceMappingSeed,
  GatewayApiSeed,
} from './source/edge-compute-seed.js';
export type * from './source/edge-compute-types.js';
export type { DescribedTargetGroup, FakeElbv2 } from './source/elbv2.js';
export type { FakeEventBridge, RuleDescription } from './source/eventbridge.js';
export type { FakeIam, IamList, IamRecord, PolicyEntities } from './source/iam.js';
export type { FakeKeyDependent, FakeKms } from './source/kms.js';
export type {
  IamRoleSeed,
  InstanceProfileSeed,
  KmsIamSeed,
  KmsKeySeed,
  ManagedPolicySeed,
} from './source/kms-iam-seed.js';
export type * from './source/kms-iam-types.js';
export type { FakeLambda } from './source/lambda.js';
export type {
  AlarmSeed,
  LogGroupSeed,
  MonitoringSeed,
  RuleSeed,
  SecretSeed,
  TopicSeed,
} from './source/monitoring-seed.js';
export type * from './source/monitoring-types.js';
export type { FakeRds, RdsDeleteInput } from './source/rds.js';
export { RDS_AUTO_START_MILLISECONDS } from './source/rds-lifecycle.js';
export type { FakeRdsSnapshots } from './source/rds-snapshots.js';
export type { DescribePage } from './source/region-pages.js';
export { AUTO_SCALING_GROUP_TAG, AWS_TYPES } from './source/resource-types.js';
export type { FakeRoute53, Route53Change, Route53RecordSet } from './source/route53.js';
export type { BucketOwnerCheck, FakeS3 } from './source/s3.js';
export type { DeleteSecretOptions, FakeSecretsManager } from './source/secrets-manager.js';
export type { FakeSns } from './source/sns.js';
export type * from './source/source-seed-types.js';
export type { SourceListReaders, SourceReaders, SourceServices } from './source/source-services.js';
export { SOURCE_LISTS } from './source/source-services.js';
export type * from './source/source-types.js';
export type { FakeSqs, QueueAttributes } from './source/sqs.js';
export type { FakeTagging, GetResourcesFilter, TaggedResource } from './source/tagging.js';
export type { FakeVpcCensus } from './source/vpc-census.js';
export type {
  InternetGatewaySeed,
  NatGatewaySeed,
  NetworkInterfaceSeed,
  RouteTableSeed,
  SubnetSeed,
  VpcEndpointSeed,
  VpcNetworkSeed,
  VpcSeed,
} from './source/vpc-network-seed.js';
export type * from './source/vpc-network-types.js';
export type {
  FakeWellArchitected,
  LensReviewSummary,
  WellArchitectedWorkloadSummary,
} from './source/well-architected.js';
export type { FakeAdvisor } from './target/advisor.js';
export type { FakeArtifactStore } from './target/artifact-store.js';
export type { AzureRecordSet, FakeAzureDns } from './target/azure-dns.js';
export type { FakeAzureMonitor } from './target/monitor.js';
export type { FakeResourceGraph, ResourceGraphPage, ResourceGraphRequest } from './target/resource-graph.js';
export type {
  FakeArtifact,
  FakeBackupJob,
  FakeInstance,
  FakeRecoveryPoint,
  FakeWorld,
  WorldState,
} from './world.js';
export type { ProtectionChange, WorldEdits } from './world-edits.js';
