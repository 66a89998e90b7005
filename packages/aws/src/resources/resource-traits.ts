import type { ResourceTypeTraits } from '@decomkit/core';
import { resourceIdOf } from '../arns.js';
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

type Facts = Omit<ResourceTypeTraits, 'type' | 'matchesArn'>;

/** The traits of a type with a resource file: its ARNs are the ones its `idOf` recognises. */
function traitsOf(resourceType: Pick<AwsResourceType, 'type' | 'idOf'>, facts: Facts): ResourceTypeTraits {
  return { type: resourceType.type, matchesArn: (arn) => resourceType.idOf(arn) !== null, ...facts };
}

const DELETED_ONLY: Facts = { stoppable: false, holdsData: false };

/**
 * The resource type traits of the AWS provider (its `inventory` port reports
 * them): which types are stopped for a scream test (a Lambda function by
 * reserved concurrency 0, as callers notice a stopped server), which hold
 * data (a final backup before deletion; an EFS file system is backed up
 * though this package does not delete one), which CloudWatch metric shows a
 * type serves traffic: EC2 sends NetworkIn for every running instance, RDS
 * DatabaseConnections for every available instance, an Application Load
 * Balancer RequestCount only while requests flow.
 */
export const AWS_RESOURCE_TYPE_TRAITS: readonly ResourceTypeTraits[] = [
  traitsOf(EC2_INSTANCE, {
    stoppable: true,
    holdsData: true,
    traffic: { namespace: 'AWS/EC2', metric: 'NetworkIn', reportsWhile: ['running'] },
  }),
  traitsOf(EBS_VOLUME, { stoppable: false, holdsData: true }),
  traitsOf(RDS_DB_INSTANCE, {
    stoppable: true,
    holdsData: true,
    traffic: { namespace: 'AWS/RDS', metric: 'DatabaseConnections', reportsWhile: ['available'] },
  }),
  traitsOf(RDS_DB_CLUSTER, { stoppable: true, holdsData: true, backupCovers: [RDS_DB_INSTANCE.type] }),
  traitsOf(DYNAMODB_TABLE, { stoppable: false, holdsData: true }),
  traitsOf(S3_BUCKET, { stoppable: false, holdsData: true }),
  traitsOf(
    { type: 'AWS::EFS::FileSystem', idOf: (arn) => resourceIdOf(arn, 'elasticfilesystem', 'file-system/', '/') },
    { stoppable: false, holdsData: true },
  ),
  traitsOf(LAMBDA_FUNCTION, { stoppable: true, holdsData: false }),
  traitsOf(LOAD_BALANCER, {
    ...DELETED_ONLY,
    traffic: { namespace: 'AWS/ApplicationELB', metric: 'RequestCount', reportsWhile: [] },
  }),
  traitsOf(TARGET_GROUP, DELETED_ONLY),
  traitsOf(AUTO_SCALING_GROUP, DELETED_ONLY),
  traitsOf(EBS_SNAPSHOT, DELETED_ONLY),
  traitsOf(AMI, DELETED_ONLY),
  traitsOf(ELASTIC_IP, DELETED_ONLY),
  traitsOf(SECURITY_GROUP, DELETED_ONLY),
];
