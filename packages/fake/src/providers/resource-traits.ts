import type { ResourceTypeTraits } from '@decomkit/core';
import { AWS_TYPES } from '../source/resource-types.js';

/** An ARN of `service` whose resource part matches `resource` (any region and account, either may be empty). */
function arnOf(service: string, resource: string): (arn: string) => boolean {
  const pattern = new RegExp(`^arn:[^:]+:${service}:[^:]*:[^:]*:${resource}$`);
  return (arn) => pattern.test(arn);
}

/** A type that can be neither stopped nor backed up: deleted only. */
function deletedOnly(type: string, matchesArn: (arn: string) => boolean): ResourceTypeTraits {
  return { type, matchesArn, stoppable: false, holdsData: false };
}

/**
 * The resource type traits of the fake source, as the AWS provider gives
 * them (the fake's `inventory` port reports them): which types are stopped
 * for a scream test (a Lambda function: reserved concurrency 0), which hold
 * data (a final backup before deletion; an EFS file system is backed up
 * though the fake never deletes one), which traffic metric shows a type is
 * in use. Tests that build their own inventory port reuse this list.
 */
export const FAKE_RESOURCE_TYPE_TRAITS: readonly ResourceTypeTraits[] = [
  {
    type: AWS_TYPES.instance,
    matchesArn: arnOf('ec2', 'instance/[^/]+'),
    stoppable: true,
    holdsData: true,
    traffic: { namespace: 'AWS/EC2', metric: 'NetworkIn', reportsWhile: ['running'] },
  },
  { type: AWS_TYPES.volume, matchesArn: arnOf('ec2', 'volume/[^/]+'), stoppable: false, holdsData: true },
  {
    type: AWS_TYPES.dbInstance,
    matchesArn: arnOf('rds', 'db:[^:]+'),
    stoppable: true,
    holdsData: true,
    traffic: { namespace: 'AWS/RDS', metric: 'DatabaseConnections', reportsWhile: ['available'] },
  },
  {
    type: AWS_TYPES.dbCluster,
    matchesArn: arnOf('rds', 'cluster:[^:]+'),
    stoppable: true,
    holdsData: true,
    backupCovers: [AWS_TYPES.dbInstance],
  },
  { type: AWS_TYPES.table, matchesArn: arnOf('dynamodb', 'table/[^/]+'), stoppable: false, holdsData: true },
  {
    type: AWS_TYPES.bucket,
    matchesArn: (arn) => /^arn:[^:]+:s3:::[^/]+$/.test(arn),
    stoppable: false,
    holdsData: true,
  },
  {
    type: 'AWS::EFS::FileSystem',
    matchesArn: arnOf('elasticfilesystem', 'file-system/[^/]+'),
    stoppable: false,
    holdsData: true,
  },
  { type: AWS_TYPES.function, matchesArn: arnOf('lambda', 'function:[^:]+'), stoppable: true, holdsData: false },
  {
    ...deletedOnly(AWS_TYPES.loadBalancer, arnOf('elasticloadbalancing', 'loadbalancer/.+')),
    traffic: { namespace: 'AWS/ApplicationELB', metric: 'RequestCount', reportsWhile: [] },
  },
  deletedOnly(AWS_TYPES.targetGroup, arnOf('elasticloadbalancing', 'targetgroup/.+')),
  deletedOnly(AWS_TYPES.autoScalingGroup, arnOf('autoscaling', 'autoScalingGroup:.+')),
  deletedOnly(AWS_TYPES.snapshot, arnOf('ec2', 'snapshot/[^/]+')),
  deletedOnly(AWS_TYPES.image, arnOf('ec2', 'image/[^/]+')),
  deletedOnly(AWS_TYPES.address, arnOf('ec2', 'elastic-ip/[^/]+')),
  deletedOnly(AWS_TYPES.securityGroup, arnOf('ec2', 'security-group/[^/]+')),
];
