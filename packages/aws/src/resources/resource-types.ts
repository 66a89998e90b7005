import { AMI } from './ami.js';
import { API_GATEWAY_HTTP_API } from './api-gateway-http-api.js';
import { API_GATEWAY_REST_API } from './api-gateway-rest-api.js';
import { AUTO_SCALING_GROUP } from './auto-scaling-group.js';
import { cloudFormationStackType } from './cloudformation-stack.js';
import { CLOUDFRONT_DISTRIBUTION } from './cloudfront-distribution.js';
import { CLOUDWATCH_ALARM } from './cloudwatch-alarm.js';
import { DYNAMODB_TABLE } from './dynamodb-table.js';
import { EBS_SNAPSHOT } from './ebs-snapshot.js';
import { EBS_VOLUME } from './ebs-volume.js';
import { EC2_INSTANCE } from './ec2-instance.js';
import { ECR_REPOSITORY } from './ecr-repository.js';
import { ECS_CLUSTER } from './ecs-cluster.js';
import { ECS_SERVICE } from './ecs-service.js';
import { EFS_FILE_SYSTEM } from './efs-file-system.js';
import { EKS_CLUSTER } from './eks-cluster.js';
import { EKS_NODEGROUP } from './eks-nodegroup.js';
import { ELASTIC_IP } from './elastic-ip.js';
import { ELASTICACHE_CACHE_CLUSTER } from './elasticache-cache-cluster.js';
import { ELASTICACHE_REPLICATION_GROUP } from './elasticache-replication-group.js';
import { EVENTBRIDGE_RULE } from './eventbridge-rule.js';
import { IAM_INSTANCE_PROFILE } from './iam-instance-profile.js';
import { IAM_MANAGED_POLICY } from './iam-managed-policy.js';
import { IAM_ROLE } from './iam-role.js';
import { INTERNET_GATEWAY } from './internet-gateway.js';
import { KINESIS_STREAM } from './kinesis-stream.js';
import { KMS_KEY } from './kms-key.js';
import { LAMBDA_EVENT_SOURCE_MAPPING } from './lambda-event-source-mapping.js';
import { LAMBDA_FUNCTION } from './lambda-function.js';
import { LOAD_BALANCER } from './load-balancer.js';
import { LOG_GROUP } from './log-group.js';
import { NAT_GATEWAY } from './nat-gateway.js';
import { NETWORK_INTERFACE } from './network-interface.js';
import { OPENSEARCH_DOMAIN } from './opensearch-domain.js';
import { RDS_DB_CLUSTER } from './rds-db-cluster.js';
import { RDS_DB_INSTANCE } from './rds-db-instance.js';
import { REDSHIFT_CLUSTER } from './redshift-cluster.js';
import type { AwsResourceType, AwsResourceTypeFacts } from './resource-type.js';
import { ROUTE_TABLE } from './route-table.js';
import { S3_BUCKET } from './s3-bucket.js';
import { SECRETS_MANAGER_SECRET } from './secrets-manager-secret.js';
import { SECURITY_GROUP } from './security-group.js';
import { SNS_TOPIC } from './sns-topic.js';
import { SQS_QUEUE } from './sqs-queue.js';
import { STATE_MACHINE } from './step-functions-state-machine.js';
import { SUBNET } from './subnet.js';
import { TARGET_GROUP } from './target-group.js';
import { VPC } from './vpc.js';
import { VPC_ENDPOINT } from './vpc-endpoint.js';

/**
 * CloudFormation stacks, their resources read with the default types
 * ({@link AWS_RESOURCE_TYPES}); with types of your own, make one with
 * `cloudFormationStackType(() => yourTypes)`.
 */
export const CLOUDFORMATION_STACK: AwsResourceType = cloudFormationStackType(() => AWS_RESOURCE_TYPES);

/**
 * The resource types `awsSource` handles by default. Types not listed are
 * discovered but `unhandled`. Add a type of your own with
 * `awsSource({ resourceTypes: [...AWS_RESOURCE_TYPES, MY_TYPE] })`.
 */
export const AWS_RESOURCE_TYPES: readonly AwsResourceType[] = [
  EC2_INSTANCE,
  EBS_VOLUME,
  SECURITY_GROUP,
  ELASTIC_IP,
  AMI,
  EBS_SNAPSHOT,
  AUTO_SCALING_GROUP,
  LOAD_BALANCER,
  TARGET_GROUP,
  RDS_DB_INSTANCE,
  RDS_DB_CLUSTER,
  S3_BUCKET,
  DYNAMODB_TABLE,
  LAMBDA_FUNCTION,
  SQS_QUEUE,
  ECS_SERVICE,
  ECS_CLUSTER,
  ECR_REPOSITORY,
  KINESIS_STREAM,
  STATE_MACHINE,
  SNS_TOPIC,
  EVENTBRIDGE_RULE,
  LOG_GROUP,
  CLOUDWATCH_ALARM,
  SECRETS_MANAGER_SECRET,
  CLOUDFORMATION_STACK,
  KMS_KEY,
  IAM_INSTANCE_PROFILE,
  IAM_ROLE,
  IAM_MANAGED_POLICY,
  ELASTICACHE_REPLICATION_GROUP,
  ELASTICACHE_CACHE_CLUSTER,
  EFS_FILE_SYSTEM,
  REDSHIFT_CLUSTER,
  OPENSEARCH_DOMAIN,
  API_GATEWAY_REST_API,
  API_GATEWAY_HTTP_API,
  CLOUDFRONT_DISTRIBUTION,
  EKS_NODEGROUP,
  EKS_CLUSTER,
  LAMBDA_EVENT_SOURCE_MAPPING,
  NETWORK_INTERFACE,
  NAT_GATEWAY,
  VPC_ENDPOINT,
  SUBNET,
  ROUTE_TABLE,
  INTERNET_GATEWAY,
  VPC,
];

/** The resource type named `name` (its Config or CloudFormation name, `AWS::EC2::Instance`), or null. */
export function resourceTypeNamed(types: readonly AwsResourceType[], name: string): AwsResourceType | null {
  return types.find((type) => type.type === name || type.cloudFormationType === name) ?? null;
}

/**
 * The facts of EFS file systems, for a type list without `EFS_FILE_SYSTEM`
 * (its descriptor): such a list still reports them as holding data, so a
 * final backup is still taken of one it does not retire.
 */
export const EFS_FILE_SYSTEM_FACTS: AwsResourceTypeFacts = {
  type: 'AWS::EFS::FileSystem',
  cloudFormationType: 'AWS::EFS::FileSystem',
  arnShape: { service: 'elasticfilesystem', prefix: 'file-system/' },
  stoppable: false,
  holdsData: true,
};

/**
 * The traits of `types` and, when they leave EFS out, of EFS file systems, for the
 * `inventory` port's `resourceTypes` (core's `ResourceTypeTraits`).
 */
export function resourceTypeTraits(types: readonly AwsResourceType[] = AWS_RESOURCE_TYPES) {
  const efs = {
    ...EFS_FILE_SYSTEM_FACTS,
    matchesArn: (arn: string) =>
      /^arn:aws[a-z-]*:elasticfilesystem:[a-z0-9-]+:\d{12}:file-system\/fs-[0-9a-f]+$/.test(arn),
  };
  return [
    ...types.map(({ type, matchesArn, stoppable, holdsData, backupCovers, noBackupMethod, traffic }) => ({
      type,
      matchesArn,
      stoppable,
      holdsData,
      ...(backupCovers === undefined ? {} : { backupCovers }),
      ...(noBackupMethod === undefined ? {} : { noBackupMethod }),
      ...(traffic === undefined ? {} : { traffic }),
    })),
    ...(types.some((type) => type.type === efs.type) ? [] : [efs]),
  ];
}
