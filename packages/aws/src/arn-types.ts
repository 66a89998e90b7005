import { parseArn } from './arns.js';
import { AWS_RESOURCE_TYPES } from './resources/resource-types.js';

/**
 * ARN shapes of types without a resource file → their AWS Config /
 * CloudFormation names. The shapes of the types with a file are their
 * descriptors' `arnShape`.
 */
const OTHER_TYPES_BY_ARN: readonly (readonly [service: string, prefix: string, type: string])[] = [
  ['ec2', 'key-pair/', 'AWS::EC2::KeyPair'],
  ['ec2', 'launch-template/', 'AWS::EC2::LaunchTemplate'],
  ['rds', 'snapshot:', 'AWS::RDS::DBSnapshot'],
  ['rds', 'cluster-snapshot:', 'AWS::RDS::DBClusterSnapshot'],
  ['rds', 'subgrp:', 'AWS::RDS::DBSubnetGroup'],
  ['sqs', '', 'AWS::SQS::Queue'],
  ['elasticfilesystem', 'file-system/', 'AWS::EFS::FileSystem'],
  ['kms', 'key/', 'AWS::KMS::Key'],
  ['backup', 'backup-vault:', 'AWS::Backup::BackupVault'],
  ['dms', 'task:', 'AWS::DMS::ReplicationTask'],
  ['dms', 'rep:', 'AWS::DMS::ReplicationInstance'],
  ['dms', 'endpoint:', 'AWS::DMS::Endpoint'],
  ['dms', 'subgrp:', 'AWS::DMS::ReplicationSubnetGroup'],
];

/** Known ARN shapes: the resource files' first, then the others. */
const TYPE_BY_ARN = [
  ...AWS_RESOURCE_TYPES.map((type) => [type.arnShape.service, type.arnShape.prefix, type.type] as const),
  ...OTHER_TYPES_BY_ARN,
];

/**
 * The AWS Config / CloudFormation type of an ARN. Unknown shapes get a
 * descriptive `AWS::<service>::<resource>` name: no handler supports it, so
 * it is reported `unhandled`, which is what fail-closed needs.
 */
export function typeOfArn(arn: string): string {
  const parsed = parseArn(arn);
  if (parsed === null) return 'AWS::Unknown::Unknown';
  for (const [service, prefix, type] of TYPE_BY_ARN) {
    if (parsed.service === service && parsed.resource.startsWith(prefix)) return type;
  }
  const kind = /^[A-Za-z0-9-]+/.exec(parsed.resource)?.[0] ?? 'Resource';
  return `AWS::${parsed.service}::${kind}`;
}
