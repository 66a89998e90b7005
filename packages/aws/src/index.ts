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
export { type ParsedArn, type Place, parseArn, typeOfArn } from './arns.js';
export { awsCall, awsErrorCode, type CallOptions, type CallSubject, mapAwsError } from './aws-call.js';
export { type AwsSourceOptions, type AwsSourcePorts, awsSource } from './aws-source.js';
export { defaultBackupRoleArn } from './backups/aws-backup-jobs.js';
export { nativeSnapshotIdentifier, SOURCE_TAG } from './backups/native-snapshots.js';
export {
  type AwsClientOverrides,
  type AwsClientSettings,
  AwsClients,
  type AwsClientTypes,
  type AwsCredentials,
  type AwsService,
  DEFAULT_POLL_MILLISECONDS,
} from './clients.js';
export type { AwsBackupOptions } from './ports/backups-port.js';
export { EBS_VOLUME, volumeIdOf } from './resources/ebs-volume.js';
export { EC2_INSTANCE, instanceIdOf } from './resources/ec2-instance.js';
export { allocationIdOf, ELASTIC_IP } from './resources/elastic-ip.js';
export { dbInstanceIdOf, finalSnapshotIdentifier, RDS_DB_INSTANCE } from './resources/rds-db-instance.js';
export type { AwsResourceType, RetirementKind } from './resources/resource-type.js';
export { AWS_RESOURCE_TYPES } from './resources/resource-types.js';
export { SECURITY_GROUP, securityGroupIdOf } from './resources/security-group.js';
