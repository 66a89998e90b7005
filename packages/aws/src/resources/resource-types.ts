import { EBS_VOLUME } from './ebs-volume.js';
import { EC2_INSTANCE } from './ec2-instance.js';
import { ELASTIC_IP } from './elastic-ip.js';
import { RDS_DB_INSTANCE } from './rds-db-instance.js';
import type { AwsResourceType } from './resource-type.js';
import { SECURITY_GROUP } from './security-group.js';

/** Every resource type this package has a file for. Types not listed are discovered but `unhandled`. */
export const AWS_RESOURCE_TYPES: readonly AwsResourceType[] = [
  EC2_INSTANCE,
  EBS_VOLUME,
  SECURITY_GROUP,
  ELASTIC_IP,
  RDS_DB_INSTANCE,
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
