import type { ActionTarget } from '../model/action.js';
import type { Resource } from '../model/resource.js';
import type { Workload } from '../model/workload-schema.js';

/** Types whose data is worth a final backup (unless the workload marks the type `backup: 'none'`). */
export const BACKUP_TYPES: ReadonlySet<string> = new Set([
  'AWS::EC2::Instance',
  'AWS::EC2::Volume',
  'AWS::RDS::DBInstance',
  'AWS::RDS::DBCluster',
  'AWS::DynamoDB::Table',
  'AWS::S3::Bucket',
  'AWS::EFS::FileSystem',
]);

/** The ARN shapes of the backup types: the type an ARN names, whatever a document says it is. */
const BACKUP_TYPE_ARNS: readonly (readonly [RegExp, string])[] = [
  [/^arn:[^:]+:ec2:[^:]*:[^:]*:instance\/[^/]+$/, 'AWS::EC2::Instance'],
  [/^arn:[^:]+:ec2:[^:]*:[^:]*:volume\/[^/]+$/, 'AWS::EC2::Volume'],
  [/^arn:[^:]+:rds:[^:]*:[^:]*:db:[^:]+$/, 'AWS::RDS::DBInstance'],
  [/^arn:[^:]+:rds:[^:]*:[^:]*:cluster:[^:]+$/, 'AWS::RDS::DBCluster'],
  [/^arn:[^:]+:dynamodb:[^:]*:[^:]*:table\/[^/]+$/, 'AWS::DynamoDB::Table'],
  [/^arn:[^:]+:s3:::[^/]+$/, 'AWS::S3::Bucket'],
  [/^arn:[^:]+:elasticfilesystem:[^:]*:[^:]*:file-system\/[^/]+$/, 'AWS::EFS::FileSystem'],
];

/**
 * The backup type (see {@link BACKUP_TYPES}) an ARN names, or null when it
 * names none: the engine checks a plan's stated type against it, so an edited
 * type cannot waive a backup.
 */
export function backupTypeOfArn(arn: string): string | null {
  return BACKUP_TYPE_ARNS.find(([pattern]) => pattern.test(arn))?.[1] ?? null;
}

/**
 * Types that can be stopped for a scream test before deletion. A Lambda
 * function is stopped by setting its reserved concurrency to 0: every
 * invocation is then throttled, and callers notice, as with a stopped server.
 */
export const STOPPABLE_TYPES: ReadonlySet<string> = new Set([
  'AWS::EC2::Instance',
  'AWS::RDS::DBInstance',
  'AWS::RDS::DBCluster',
  'AWS::Lambda::Function',
]);

/** Whether the workload requires a completed backup of `resource` before deleting it. */
export function backupRequired(resource: Resource, workload: Workload): boolean {
  if (workload.policies[resource.type]?.backup === 'none') return false;
  return BACKUP_TYPES.has(resource.type);
}

/**
 * Whose backup covers a resource: itself, except an Aurora member instance,
 * which AWS backs up through its cluster (the cluster lists its members among
 * the resources to retire before it).
 */
export function backupSubjects(inventory: readonly Resource[]): (resource: Resource) => string {
  const clusterOf = new Map<string, string>();
  for (const resource of inventory) {
    if (resource.type !== 'AWS::RDS::DBCluster') continue;
    for (const member of resource.dependsOn) clusterOf.set(member, resource.arn);
  }
  return (resource) =>
    resource.type === 'AWS::RDS::DBInstance' ? (clusterOf.get(resource.arn) ?? resource.arn) : resource.arn;
}

/** The action target for an inventory resource (the engine re-reads it before acting). */
export function resourceTarget(resource: Resource): ActionTarget {
  return {
    ref: resource.arn,
    arn: resource.arn,
    resourceType: resource.type,
    accountId: resource.accountId,
    region: resource.region,
  };
}

/** A window of `hours` ending at `end`, as ISO instants. */
export function windowEnding(end: Date, hours: number): { readonly start: string; readonly end: string } {
  return { start: new Date(end.getTime() - hours * 3_600_000).toISOString(), end: end.toISOString() };
}

/** Sums a series. */
export function total(values: readonly number[]): number {
  return values.reduce((sum, value) => sum + value, 0);
}
