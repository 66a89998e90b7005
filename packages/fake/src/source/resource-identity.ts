import type { WorldState } from '../world.js';

/**
 * The identity of the live resource `arn` (what `Resource.resourceIdentity`
 * reports): an EC2 instance's or volume's id, an RDS database's
 * DbiResourceId / DbClusterResourceId, a DynamoDB table's TableId, an S3
 * bucket's, an EFS file system's or a Redshift cluster's creation date; null when there is no such resource (or the type
 * has no identity here).
 */
export function resourceIdentityOf(state: WorldState, arn: string): string | null {
  const [, , service, , , rest = ''] = arn.split(':');
  if (service === 'ec2') return /^(?:instance|volume)\/(.+)$/.exec(rest)?.[1] ?? null;
  if (service === 'rds') {
    const database =
      state.dbInstances.find((candidate) => candidate.arn === arn && candidate.status !== 'deleting') ??
      state.dbClusters.find((candidate) => candidate.arn === arn && candidate.status !== 'deleting');
    return database?.resourceId ?? null;
  }
  if (service === 'dynamodb') {
    return state.tables.find((candidate) => candidate.arn === arn && candidate.status === 'ACTIVE')?.tableId ?? null;
  }
  if (service === 's3') return state.buckets.find((candidate) => candidate.arn === arn)?.createdAt ?? null;
  if (service === 'elasticfilesystem') return state.fileSystems.find((one) => one.arn === arn)?.createdAt ?? null;
  if (service === 'redshift') return state.warehouses.find((one) => one.arn === arn)?.createdAt ?? null;
  return null;
}
