import { assert } from '../assertions.js';
import { CONTAINER_STREAM_RESOURCE_ROWS } from '../container-stream-resource-rows.js';
import { DATA_WORLD, dataSource } from '../data-resource-fixtures.js';
import { DATA_STORE_RESOURCE_ROWS } from '../data-store-resource-rows.js';
import { EC2_RESOURCE_ROWS } from '../ec2-resource-rows.js';
import { EDGE_COMPUTE_RESOURCE_ROWS } from '../edge-compute-resource-rows.js';
import { KMS_IAM_RESOURCE_ROWS } from '../kms-iam-resource-rows.js';
import { LOAD_BALANCING_RESOURCE_ROWS } from '../load-balancing-resource-rows.js';
import { MONITORING_RESOURCE_ROWS } from '../monitoring-resource-rows.js';
import { RDS_RESOURCE_ROWS } from '../rds-resource-rows.js';
import { type ResourceRowSpec, ROW_WORKLOAD } from '../resource-row-spec.js';
import type { ResourceTypeRow } from '../resource-type-row.js';
import type { ConformanceTarget, WorldFixture } from '../target.js';
import { subjectsOf } from '../target-subjects.js';
import { VPC_NETWORK_RESOURCE_ROWS } from '../vpc-network-resource-rows.js';

/**
 * Every infrastructure row, by type family: EC2 (instance, volume, snapshot,
 * security group, Elastic IP, AMI), load balancing (Auto Scaling group, load
 * balancer, target group), RDS (DB instance and cluster) and SQS; SNS topic,
 * EventBridge rule, log group, CloudWatch alarm and Secrets Manager secret;
 * containers and streams (ECS service and cluster, ECR repository, Kinesis
 * stream, Step Functions state machine); KMS key, IAM role, instance profile
 * and customer-managed policy; data stores (ElastiCache
 * replication group and cache cluster, EFS file system, Redshift cluster,
 * OpenSearch domain); edge and compute (API Gateway REST and HTTP APIs,
 * CloudFront distribution, EKS node group and cluster, Lambda event source
 * mapping); VPC networking (VPC, subnet, route
 * table, internet and NAT gateway, endpoint, network interface).
 */
export const INFRASTRUCTURE_ROW_SPECS: readonly ResourceRowSpec[] = [
  ...EC2_RESOURCE_ROWS,
  ...LOAD_BALANCING_RESOURCE_ROWS,
  ...RDS_RESOURCE_ROWS,
  ...CONTAINER_STREAM_RESOURCE_ROWS,
  ...MONITORING_RESOURCE_ROWS,
  ...KMS_IAM_RESOURCE_ROWS,
  ...DATA_STORE_RESOURCE_ROWS,
  ...EDGE_COMPUTE_RESOURCE_ROWS,
  ...VPC_NETWORK_RESOURCE_ROWS,
];

/** The row of `spec` over `target`: a world of the spec's fixtures only, the oracle reading them by type and name. */
function rowOf(target: ConformanceTarget, spec: ResourceRowSpec): ResourceTypeRow {
  const { fixtures, regions, ...facts } = spec;
  const world: WorldFixture = { ...DATA_WORLD, buckets: [], tables: [], functions: [], resources: fixtures };
  const create = subjectsOf(target, world, ['inventory', 'retirement']);
  const inScope = fixtures.filter((fixture) => fixture.tags.workload === ROW_WORKLOAD);
  const read = async (oracle: { resource: (type: string, name: string) => Promise<unknown> }, name: string) => {
    const found = await oracle.resource(spec.type, name);
    assert.ok(found !== null, `${name} exists`);
    return found as { state: string; deletionProtection: boolean };
  };
  return {
    ...facts,
    source: dataSource(regions),
    inScope: inScope.map((fixture) => fixture.name),
    lookAlikes: fixtures
      .filter((fixture) => fixture.tags.workload !== ROW_WORKLOAD)
      .map((fixture) => ({ name: fixture.name, tags: fixture.tags })),
    protectedNames: inScope.filter((fixture) => fixture.deletionProtection === true).map((fixture) => fixture.name),
    create: async () => {
      const subject = await create(undefined);
      const { oracle } = subject;
      return {
        ...subject,
        oracle: {
          mutatingCalls: () => oracle.mutatingCalls(),
          advanceTime: (milliseconds) => oracle.advanceTime(milliseconds),
          state: (name) => oracle.resource(spec.type, name),
          stopped: async (name) => (await read(oracle, name)).state === 'stopped',
          deletionProtection: async (name) => (await read(oracle, name)).deletionProtection,
          arnOf: (name) => oracle.resourceArn(spec.type, name),
          nameOf: (name) => oracle.resourceName?.(spec.type, name) ?? null,
        },
      };
    },
  };
}

/**
 * The infrastructure types as {@link resourceTypeConformance} rows over a
 * whole-provider target: the rows of the types the target declares in
 * `capabilities.resourceTypes`, each over a world holding that type's
 * fixtures (`WorldFixture.resources`) only, read back through its
 * `resourceArn` and `resource` oracle hooks. Each row's flags say what does
 * not apply to its type, and why.
 *
 * @example
 * ```ts
 * resourceTypeConformance({ describe, it }, infrastructureRows(myAwsTarget));
 * ```
 */
export function infrastructureRows(target: ConformanceTarget): ResourceTypeRow[] {
  const declared = new Set(target.capabilities.resourceTypes ?? []);
  return INFRASTRUCTURE_ROW_SPECS.filter((spec) => declared.has(spec.type)).map((spec) => rowOf(target, spec));
}
