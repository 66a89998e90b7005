import { AMI } from './ami.js';
import { AUTO_SCALING_GROUP } from './auto-scaling-group.js';
import { DYNAMODB_TABLE } from './dynamodb-table.js';
import { EBS_SNAPSHOT } from './ebs-snapshot.js';
import { EBS_VOLUME } from './ebs-volume.js';
import { EC2_INSTANCE } from './ec2-instance.js';
import { ELASTIC_IP } from './elastic-ip.js';
import { LAMBDA_FUNCTION } from './lambda-function.js';
import { LOAD_BALANCER } from './load-balancer.js';
import { RDS_DB_CLUSTER } from './rds-db-cluster.js';
import { RDS_DB_INSTANCE } from './rds-db-instance.js';
import type { AwsResourceType } from './resource-type.js';
import { S3_BUCKET } from './s3-bucket.js';
import { SECURITY_GROUP } from './security-group.js';
import { TARGET_GROUP } from './target-group.js';

/** Every resource type this package has a file for. Types not listed are discovered but `unhandled`. */
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
];

/** The type an ARN belongs to, and the id it needs; null for types without a resource file. */
export function resourceTypeOf(
  types: readonly AwsResourceType[],
  arn: string,
): { readonly type: AwsResourceType; readonly id: string } | null {
  for (const type of types) {
    const id = type.idOf(arn);
    if (id !== null) return { type, id };
  }
  return null;
}

/** The resource type named `name` (`AWS::EC2::Instance`), or null. */
export function resourceTypeNamed(types: readonly AwsResourceType[], name: string): AwsResourceType | null {
  return types.find((type) => type.type === name) ?? null;
}
