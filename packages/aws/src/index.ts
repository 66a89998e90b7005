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

export type { Place } from './arns.js';
export { awsCall, awsErrorCode, type CallOptions, type CallSubject, mapAwsError } from './aws-call.js';
export { type AwsSourceOptions, type AwsSourcePorts, awsSource } from './aws-source.js';
export { defaultBackupRoleArn } from './backups/aws-backup-jobs.js';
export type { BackupPermissionOptions } from './backups/backup-permissions.js';
export { CallerIdentities } from './caller-identities.js';
export {
  type AwsClientOverrides,
  type AwsClientSettings,
  AwsClients,
  type AwsClientTypes,
  type AwsCredentials,
  type AwsService,
  DEFAULT_POLL_MILLISECONDS,
} from './clients.js';
export type { ConfigLookup } from './config-resource-keys.js';
export { DiscoveryListings } from './discovery-listings.js';
export type { AwsEc2Options } from './ec2-options.js';
export { FRESH_READ_MAX_AGE_MILLISECONDS, FreshReads } from './fresh-reads.js';
export { PACED_REQUESTS_MIDDLEWARE, type PacedRequestsOptions, paceRequests } from './paced-requests.js';
export { type AwsIamPolicyOptions, awsIamPolicy } from './permissions/aws-iam-policy.js';
export {
  type AwsTypePermissions,
  arnLike,
  type IamGrant,
  type IamGrantResources,
  onAnyResource,
  onResources,
  onTarget,
  withoutAccount,
} from './permissions/iam-grant.js';
export type { IamPolicyDocument, IamPolicyStatement } from './permissions/iam-policy-document.js';
export { MANAGED_POLICY_MAX_CHARACTERS, splitIamPolicy } from './permissions/split-iam-policy.js';
export type { AwsBackupOptions } from './ports/backups-port.js';
export { CLOUDWATCH_BASELINE_METRICS } from './ports/cloudwatch-baseline-metrics.js';
export type { AwsConfigInventoryOptions } from './ports/config-inventory-port.js';
export type { AwsCostsOptions } from './ports/costs-port.js';
export type { AwsReplicationOptions } from './ports/replication-port.js';
export { AWS_READ_RATE_LIMITS, limitReads, type MiddlewareStackClient } from './read-rate-limits.js';
export { PACED_SERVICES, type RequestBucket, requestBuckets } from './request-buckets.js';
export { AMI } from './resources/ami.js';
export { API_GATEWAY_HTTP_API } from './resources/api-gateway-http-api.js';
export { API_GATEWAY_REST_API } from './resources/api-gateway-rest-api.js';
export { AUTO_SCALING_GROUP } from './resources/auto-scaling-group.js';
export { cloudFormationStackType, STACK_TYPE, stackArnOf } from './resources/cloudformation-stack.js';
export { CLOUDFRONT_DISTRIBUTION } from './resources/cloudfront-distribution.js';
export { CLOUDWATCH_ALARM } from './resources/cloudwatch-alarm.js';
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
export { type DeleteUntilGoneSpec, deleteUntilGone } from './resources/delete-until-gone.js';
export { DYNAMODB_TABLE } from './resources/dynamodb-table.js';
export { EBS_SNAPSHOT } from './resources/ebs-snapshot.js';
export { EBS_VOLUME } from './resources/ebs-volume.js';
export { EC2_INSTANCE } from './resources/ec2-instance.js';
export { ECR_REPOSITORY } from './resources/ecr-repository.js';
export { ECS_CLUSTER } from './resources/ecs-cluster.js';
export { ECS_SERVICE } from './resources/ecs-service.js';
export { EFS_FILE_SYSTEM } from './resources/efs-file-system.js';
export { EKS_CLUSTER } from './resources/eks-cluster.js';
export { EKS_NODEGROUP } from './resources/eks-nodegroup.js';
export { ELASTIC_IP } from './resources/elastic-ip.js';
export { ELASTICACHE_CACHE_CLUSTER } from './resources/elasticache-cache-cluster.js';
export { ELASTICACHE_REPLICATION_GROUP } from './resources/elasticache-replication-group.js';
export { EVENTBRIDGE_RULE } from './resources/eventbridge-rule.js';
export { IAM_INSTANCE_PROFILE } from './resources/iam-instance-profile.js';
export { IAM_MANAGED_POLICY } from './resources/iam-managed-policy.js';
export { IAM_ROLE } from './resources/iam-role.js';
export { INTERNET_GATEWAY } from './resources/internet-gateway.js';
export { KINESIS_STREAM } from './resources/kinesis-stream.js';
export {
  DEFAULT_KEY_DELETION_WINDOW_DAYS,
  KMS_KEY,
  type KmsKeyTypeOptions,
  kmsKeyType,
} from './resources/kms-key.js';
export { LAMBDA_EVENT_SOURCE_MAPPING } from './resources/lambda-event-source-mapping.js';
export { LAMBDA_FUNCTION } from './resources/lambda-function.js';
export { LOAD_BALANCER } from './resources/load-balancer.js';
export { LOG_GROUP } from './resources/log-group.js';
export { NAT_GATEWAY } from './resources/nat-gateway.js';
export { NETWORK_INTERFACE } from './resources/network-interface.js';
export { OPENSEARCH_DOMAIN } from './resources/opensearch-domain.js';
export { RDS_DB_CLUSTER } from './resources/rds-db-cluster.js';
export { RDS_DB_INSTANCE } from './resources/rds-db-instance.js';
export { REDSHIFT_CLUSTER } from './resources/redshift-cluster.js';
export type {
  AwsResourceType,
  AwsResourceTypeFacts,
  DescribeOptions,
  RetirementKind,
  TaggedPage,
} from './resources/resource-type.js';
export { AWS_RESOURCE_TYPES, CLOUDFORMATION_STACK, EFS_FILE_SYSTEM_FACTS } from './resources/resource-types.js';
export { ROUTE_TABLE } from './resources/route-table.js';
export { S3_BUCKET } from './resources/s3-bucket.js';
export {
  DEFAULT_SECRET_RECOVERY_WINDOW_DAYS,
  SECRETS_MANAGER_SECRET,
  type SecretTypeOptions,
  secretsManagerSecretType,
} from './resources/secrets-manager-secret.js';
export { SECURITY_GROUP } from './resources/security-group.js';
export { SNS_TOPIC } from './resources/sns-topic.js';
export { SQS_QUEUE } from './resources/sqs-queue.js';
export { STATE_MACHINE } from './resources/step-functions-state-machine.js';
export { SUBNET } from './resources/subnet.js';
export { TARGET_GROUP } from './resources/target-group.js';
export { VPC } from './resources/vpc.js';
export { readVpcCensus, type VpcCensus } from './resources/vpc-census.js';
export { VPC_ENDPOINT } from './resources/vpc-endpoint.js';
export {
  defineVpcNetworkType,
  type VpcNetworkTier,
  type VpcNetworkTypeSpec,
} from './resources/vpc-network-type.js';
