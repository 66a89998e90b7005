import { sha256 } from '@decomkit/provider-kit';

/** Where a resource lives. */
export interface Place {
  readonly region: string;
  readonly accountId: string;
}

/** The EC2 resource kinds whose ARNs name the account (`arn:aws:ec2:region:account:kind/id`). */
export type Ec2ArnKind =
  | 'instance'
  | 'volume'
  | 'security-group'
  | 'elastic-ip'
  | 'vpc'
  | 'subnet'
  | 'route-table'
  | 'internet-gateway'
  | 'natgateway'
  | 'vpc-endpoint'
  | 'network-interface';

/** `arn:aws:ec2:region:account:kind/id` (instances, volumes, security groups, Elastic IPs, VPC networking). */
export function ec2Arn(place: Place, kind: Ec2ArnKind, id: string): string {
  return `arn:aws:ec2:${place.region}:${place.accountId}:${kind}/${id}`;
}

/** Images and snapshots: AWS leaves the account out of their ARNs (`arn:aws:ec2:region::image/ami-…`). */
export function ec2OwnerlessArn(region: string, kind: 'image' | 'snapshot', id: string): string {
  return `arn:aws:ec2:${region}::${kind}/${id}`;
}

/** A deterministic hex string of `length` derived from `seed` (stands in for AWS's random ids). */
export function hexOf(seed: string, length: number): string {
  return sha256(seed).slice(0, length);
}

/** A deterministic UUID derived from `seed`. */
export function uuidOf(seed: string): string {
  const hex = hexOf(seed, 32);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}

/** An Auto Scaling group ARN. */
export function autoScalingGroupArn(place: Place, name: string): string {
  return `arn:aws:autoscaling:${place.region}:${place.accountId}:autoScalingGroup:${uuidOf(`${place.region}/${name}`)}:autoScalingGroupName/${name}`;
}

/** An ELBv2 load balancer ARN. */
export function loadBalancerArn(place: Place, kind: 'application' | 'network', name: string): string {
  const short = kind === 'application' ? 'app' : 'net';
  return `arn:aws:elasticloadbalancing:${place.region}:${place.accountId}:loadbalancer/${short}/${name}/${hexOf(`lb/${place.region}/${name}`, 16)}`;
}

/** An ELBv2 target group ARN. */
export function targetGroupArn(place: Place, name: string): string {
  return `arn:aws:elasticloadbalancing:${place.region}:${place.accountId}:targetgroup/${name}/${hexOf(`tg/${place.region}/${name}`, 16)}`;
}

/** An RDS ARN: `db`, `cluster`, `snapshot`, `cluster-snapshot` or `auto-backup`. */
export function rdsArn(
  place: Place,
  kind: 'db' | 'cluster' | 'snapshot' | 'cluster-snapshot' | 'auto-backup',
  id: string,
): string {
  return `arn:aws:rds:${place.region}:${place.accountId}:${kind}:${id}`;
}

/** An S3 bucket ARN: AWS writes neither region nor account (`arn:aws:s3:::name`); the bucket is the caller's. */
export function bucketArn(name: string): string {
  return `arn:aws:s3:::${name}`;
}

/** A DynamoDB table ARN (`arn:aws:dynamodb:region:account:table/name`). */
export function tableArn(place: Place, name: string): string {
  return `arn:aws:dynamodb:${place.region}:${place.accountId}:table/${name}`;
}

/** A Lambda function ARN, unqualified (`arn:aws:lambda:region:account:function:name`). */
export function functionArn(place: Place, name: string): string {
  return `arn:aws:lambda:${place.region}:${place.accountId}:function:${name}`;
}

/** An SQS queue ARN (`arn:aws:sqs:region:account:name`). */
export function queueArn(place: Place, name: string): string {
  return `arn:aws:sqs:${place.region}:${place.accountId}:${name}`;
}

/** An SQS queue URL, how SQS calls address a queue (`https://sqs.region.amazonaws.com/account/name`). */
export function queueUrl(place: Place, name: string): string {
  return `https://sqs.${place.region}.amazonaws.com/${place.accountId}/${name}`;
}

/** The region of any ARN (its fourth field). */
export function regionOf(arn: string): string {
  return arn.split(':')[3] ?? '';
}
