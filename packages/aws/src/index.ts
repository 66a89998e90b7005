/**
 * `@decomkit/aws`: decomkit's source ports over the AWS SDK for JavaScript v3,
 * proven against moto_server and held to the conformance suite.
 *
 * @example
 * ```ts
 * import { awsSource } from '@decomkit/aws';
 * const providers = { ...awsSource({ region: 'eu-west-1' }) };
 * ```
 * @packageDocumentation
 */

export { nativeSnapshotIdentifier, SOURCE_TAG } from '@decomkit/provider-kit';
export { typeOfArn } from './arn-types.js';
export { type ParsedArn, type Place, parseArn } from './arns.js';
export { awsCall, awsErrorCode, type CallOptions, type CallSubject, mapAwsError } from './aws-call.js';
export { type AwsSourceOptions, type AwsSourcePorts, awsSource } from './aws-source.js';
export { defaultBackupRoleArn } from './backups/aws-backup-jobs.js';
export {
  type AwsClientOverrides,
  type AwsClientSettings,
  AwsClients,
  type AwsClientTypes,
  type AwsCredentials,
  type AwsService,
  DEFAULT_POLL_MILLISECONDS,
} from './clients.js';
export {
  CONFIG_RESOURCE_KEYS,
  type ConfigLookup,
  type ConfigResourceKey,
  type ConfigResourceKeyRule,
  configResourceKey,
} from './config-resource-keys.js';
export { awsAssessmentPort } from './ports/assessment-port.js';
export type { AwsBackupOptions } from './ports/backups-port.js';
export { type AwsConfigInventoryOptions, awsConfigInventoryPort } from './ports/config-inventory-port.js';
export { type AwsCostsOptions, awsCostsPort } from './ports/costs-port.js';
export { awsDnsPort, fullDnsName, normalDnsName, relativeDnsName } from './ports/dns-port.js';
export { awsSourceMetricsPort, getMetricData, type MetricTarget, metricTargetOf } from './ports/metrics-port.js';
export { type AwsReplicationOptions, awsReplicationPort, replicationTaskPlace } from './ports/replication-port.js';
export {
  AWS_READ_RATE_LIMITS,
  isReadCommand,
  limitReads,
  type MiddlewareStackClient,
} from './read-rate-limits.js';
export { AMI, describeImages, imageIdOf, snapshotIdsOf } from './resources/ami.js';
export { AUTO_SCALING_GROUP, autoScalingGroupNameOf } from './resources/auto-scaling-group.js';
export {
  type Acceptor,
  acceptorState,
  type DeleteCall,
  type DescribeMany,
  deleteCall,
  describeCall,
  goneAcceptors,
  type WaiterState,
  waitStep,
} from './resources/declared-calls.js';
export {
  type AwsResourceTypeSpec,
  type DeclaredDelete,
  defineAwsResourceType,
} from './resources/define-resource-type.js';
export { DYNAMODB_TABLE, tableNameOf } from './resources/dynamodb-table.js';
export { EBS_SNAPSHOT, snapshotIdOf } from './resources/ebs-snapshot.js';
export { EBS_VOLUME, volumeIdOf } from './resources/ebs-volume.js';
export { EC2_INSTANCE, instanceIdOf } from './resources/ec2-instance.js';
export { allocationIdOf, ELASTIC_IP } from './resources/elastic-ip.js';
export { functionNameOf, LAMBDA_FUNCTION } from './resources/lambda-function.js';
export { DELETION_PROTECTION_ATTRIBUTE, LOAD_BALANCER, loadBalancerArnOf } from './resources/load-balancer.js';
export { dbClusterIdOf, RDS_DB_CLUSTER } from './resources/rds-db-cluster.js';
export { dbInstanceIdOf, finalSnapshotIdentifier, RDS_DB_INSTANCE } from './resources/rds-db-instance.js';
export { type RdsFamilySpec, type RdsReads, rdsFamilyType } from './resources/rds-family.js';
export type { AwsResourceType, AwsResourceTypeFacts, RetirementKind } from './resources/resource-type.js';
export {
  AWS_RESOURCE_TYPES,
  EFS_FILE_SYSTEM_FACTS,
  resourceTypeTraits,
} from './resources/resource-types.js';
export { bucketNameOf, regionOfLocation, S3_BUCKET } from './resources/s3-bucket.js';
export { SECURITY_GROUP, securityGroupIdOf } from './resources/security-group.js';
export { queueNameOf, SQS_QUEUE } from './resources/sqs-queue.js';
export { TARGET_GROUP, targetGroupArnOf } from './resources/target-group.js';
