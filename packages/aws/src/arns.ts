/** The parts of an ARN: `arn:partition:service:region:account:resource`. */
export interface ParsedArn {
  readonly partition: string;
  readonly service: string;
  readonly region: string;
  readonly accountId: string;
  /** Everything after the account, e.g. `instance/i-0abc` or `db:payments`. */
  readonly resource: string;
}

/** Splits an ARN; null when the text is not one. */
export function parseArn(arn: string): ParsedArn | null {
  const match = /^arn:(aws[a-z-]*):([a-z0-9-]+):([a-z0-9-]*):(\d{12}|aws)?:(.+)$/.exec(arn);
  if (match === null) return null;
  const [, partition = '', service = '', region = '', accountId = '', resource = ''] = match;
  return { partition, service, region, accountId, resource };
}

/** Where a resource lives, for building ARNs. */
export interface Place {
  readonly partition?: string;
  readonly region: string;
  readonly accountId: string;
}

/** The ARN of an EC2 resource (`instance`, `volume`, `security-group`, `elastic-ip`, `snapshot`, `image`). */
export function ec2Arn(place: Place, kind: string, id: string): string {
  return `arn:${place.partition ?? 'aws'}:ec2:${place.region}:${place.accountId}:${kind}/${id}`;
}

/**
 * The id after `prefix` in an ARN of `service` (`db:` for an RDS DB instance,
 * `table/` for a DynamoDB table), or null when the ARN is of something else,
 * names no id, or names a part of one (an id holding `separator`: a table's
 * stream, a function's alias).
 */
export function resourceIdOf(arn: string, service: string, prefix: string, separator: string): string | null {
  const parsed = parseArn(arn);
  if (parsed?.service !== service || !parsed.resource.startsWith(prefix)) return null;
  const id = parsed.resource.slice(prefix.length);
  return id === '' || id.includes(separator) ? null : id;
}

/** The id after `kind/` in an EC2 ARN, or null when the ARN is not of that kind. */
export function ec2IdOf(arn: string, kind: string): string | null {
  const parsed = parseArn(arn);
  if (parsed?.service !== 'ec2') return null;
  const prefix = `${kind}/`;
  return parsed.resource.startsWith(prefix) && parsed.resource.length > prefix.length
    ? parsed.resource.slice(prefix.length)
    : null;
}

/** Known ARN shapes → AWS Config / CloudFormation type names, for types without a resource file too. */
const TYPE_BY_ARN: readonly (readonly [service: string, prefix: string, type: string])[] = [
  ['ec2', 'instance/', 'AWS::EC2::Instance'],
  ['ec2', 'volume/', 'AWS::EC2::Volume'],
  ['ec2', 'security-group/', 'AWS::EC2::SecurityGroup'],
  ['ec2', 'elastic-ip/', 'AWS::EC2::EIP'],
  ['ec2', 'snapshot/', 'AWS::EC2::Snapshot'],
  ['ec2', 'image/', 'AWS::EC2::Image'],
  ['ec2', 'vpc/', 'AWS::EC2::VPC'],
  ['ec2', 'subnet/', 'AWS::EC2::Subnet'],
  ['ec2', 'network-interface/', 'AWS::EC2::NetworkInterface'],
  ['ec2', 'key-pair/', 'AWS::EC2::KeyPair'],
  ['ec2', 'launch-template/', 'AWS::EC2::LaunchTemplate'],
  ['rds', 'db:', 'AWS::RDS::DBInstance'],
  ['rds', 'cluster:', 'AWS::RDS::DBCluster'],
  ['rds', 'snapshot:', 'AWS::RDS::DBSnapshot'],
  ['rds', 'cluster-snapshot:', 'AWS::RDS::DBClusterSnapshot'],
  ['rds', 'subgrp:', 'AWS::RDS::DBSubnetGroup'],
  ['autoscaling', 'autoScalingGroup:', 'AWS::AutoScaling::AutoScalingGroup'],
  ['elasticloadbalancing', 'loadbalancer/', 'AWS::ElasticLoadBalancingV2::LoadBalancer'],
  ['elasticloadbalancing', 'targetgroup/', 'AWS::ElasticLoadBalancingV2::TargetGroup'],
  ['s3', '', 'AWS::S3::Bucket'],
  ['sqs', '', 'AWS::SQS::Queue'],
  ['sns', '', 'AWS::SNS::Topic'],
  ['dynamodb', 'table/', 'AWS::DynamoDB::Table'],
  ['lambda', 'function:', 'AWS::Lambda::Function'],
  ['elasticfilesystem', 'file-system/', 'AWS::EFS::FileSystem'],
  ['logs', 'log-group:', 'AWS::Logs::LogGroup'],
  ['kms', 'key/', 'AWS::KMS::Key'],
  ['secretsmanager', 'secret:', 'AWS::SecretsManager::Secret'],
  ['backup', 'backup-vault:', 'AWS::Backup::BackupVault'],
  ['dms', 'task:', 'AWS::DMS::ReplicationTask'],
  ['dms', 'rep:', 'AWS::DMS::ReplicationInstance'],
  ['dms', 'endpoint:', 'AWS::DMS::Endpoint'],
  ['dms', 'subgrp:', 'AWS::DMS::ReplicationSubnetGroup'],
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
