/**
 * `@decomkit/conformance`: the test suite every decomkit provider must pass.
 * Runner-agnostic: give it `describe` and `it`. One suite per port, each
 * taking a factory that builds only that port's world (`cmdbConformance`,
 * `dnsConformance`, `targetMetricsConformance`, …), one suite for resource
 * types driven by a table of rows (`resourceTypeConformance`), and
 * `runProviderConformance`, which composes them for a whole provider.
 *
 * @example
 * ```ts
 * import { describe, it } from 'vitest';
 * import { cmdbConformance, runProviderConformance } from '@decomkit/conformance';
 * runProviderConformance({ describe, it }, myAwsTarget);
 * cmdbConformance({ describe, it }, async (world) => ({ cmdb: await myCmdb(world), oracle: myCmdbOracle }));
 * ```
 * @packageDocumentation
 */

export { ROW_ECS_CLUSTER } from './container-stream-resource-rows.js';
export { DATA_IN_SCOPE, DATA_WORLD } from './data-resource-fixtures.js';
export { ROW_CACHE_GROUP } from './data-store-resource-rows.js';
export { ROW_EKS_CLUSTER } from './edge-compute-resource-rows.js';
export { type ArtifactsSubject, artifactsConformance } from './groups/artifacts.js';
export { type AssessmentSubject, assessmentConformance } from './groups/assessment.js';
export {
  type AdvisorSubject,
  advisorConformance,
  type CostsSubject,
  costsConformance,
  type TargetResourcesSubject,
  targetResourcesConformance,
} from './groups/azure-and-costs.js';
export { type BackupsSubject, backupsConformance } from './groups/backups.js';
export { BUCKET_EMPTYING_WORLD, bucketEmptyingConformance } from './groups/bucket-emptying.js';
export { type CmdbConformanceOptions, type CmdbSubject, cmdbConformance } from './groups/cmdb.js';
export { type ConfigInventorySubject, configInventoryConformance } from './groups/config-inventory.js';
export { dataResourceRows } from './groups/data-resources.js';
export { type DnsSubject, dnsConformance } from './groups/dns.js';
export { type IdentitySubject, identityConformance } from './groups/identity.js';
export { INFRASTRUCTURE_ROW_SPECS, infrastructureRows } from './groups/infrastructure-resources.js';
export { type Ec2InventorySubject, ec2InventoryConformance } from './groups/inventory.js';
export {
  type SourceMetricsSubject,
  sourceMetricsConformance,
  type TargetMetricsSubject,
  targetMetricsConformance,
} from './groups/metrics.js';
export { type ReplicationSubject, replicationConformance } from './groups/replication.js';
export { type Ec2RetirementSubject, ec2RetirementConformance } from './groups/retirement.js';
export type {
  ArtifactOracle,
  AzureOracle,
  BackupsOracle,
  CmdbOracle,
  ConfigInventoryOracle,
  DataResourcesOracle,
  DnsOracle,
  DnsRecordKey,
  Ec2InventoryOracle,
  Ec2RetirementOracle,
  IdentityOracle,
  InstanceArnOracle,
  MutationOracle,
  ReplicationOracle,
  ResourceFixtureState,
  ResourcesOracle,
  SourceMetricsOracle,
  TimeOracle,
} from './oracles.js';
export { type ResourceRowSpec, resourceFixture } from './resource-row-spec.js';
export { resourceTypeConformance } from './resource-type-conformance.js';
export type {
  LookAlikeFixture,
  ResourceTypeOracle,
  ResourceTypeRow,
  ResourceTypeSubject,
} from './resource-type-row.js';
export { runProviderConformance } from './run-conformance.js';
export type { ConformanceRunner } from './runner.js';
export {
  ADVISOR_WORLD,
  ARTIFACTS_WORLD,
  ASSESSMENT_WORLD,
  AZURE_WORLD,
  CMDB_WORLD,
  COSTS_WORLD,
  DNS_WORLD,
  IN_SCOPE,
  INSTANCES_WORLD,
  REPLICATION_WORLD,
  SOURCE_METRICS_WORLD,
  STANDARD_ACCOUNT,
  STANDARD_WORLD,
  TARGET_METRICS_WORLD,
} from './standard-world.js';
export type { PortSubject, SubjectFactory } from './subject.js';
export type { Capabilities, ConformanceTarget, Oracle, ProviderUnderTest, WorldFixture } from './target.js';
export type { StrictOracle } from './target-subjects.js';
export type {
  AccountWorld,
  AdvisorFixture,
  AdvisorWorld,
  ArtifactsWorld,
  AssessmentWorld,
  AzureResourceFixture,
  AzureWorld,
  BucketFixture,
  CmdbWorld,
  CostFixture,
  CostsWorld,
  DnsRecordFixture,
  DnsWorld,
  FunctionFixture,
  InstanceFixture,
  InstancesWorld,
  MetricFixture,
  ReplicationTaskFixture,
  ReplicationWorld,
  ResourceFixture,
  SourceMetricsWorld,
  TableFixture,
  TargetMetricsWorld,
} from './world-fixtures.js';

/**
 * Version of the conformance suite; bumped whenever the suite's contract changes.
 * 3: one exported suite per port with its own world and oracle, `resourceTypeConformance` rows.
 * 4: infrastructure rows (EC2, ELBv2, Auto Scaling, RDS, SQS) for the `resourceTypes` a target declares;
 *    a row's oracle may name the ARNs the service picked (`arnOf`).
 * 5: the `cmdb` oracle counts mutating calls: retiring twice is one write, a relation exists once.
 * 6: `cmdbConformance(runner, create, { findByCloudIds: true })` checks the optional `findByCloudIds`;
 *    `CmdbWorld.cloudIds` holds the cloud ids discovery recorded on the CIs. Container and stream rows
 *    (ECS service and cluster, ECR repository, Kinesis stream, state machine); a fixture's `contents`
 *    (images, consumers, running executions, desired count) its delete is refused for.
 *
 * @example
 * ```ts
 * if (CONFORMANCE_SUITE_VERSION !== 4) throw new Error('update the provider to the suite');
 * ```
 */
export const CONFORMANCE_SUITE_VERSION = 6;
