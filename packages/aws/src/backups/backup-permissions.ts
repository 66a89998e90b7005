import type { Action } from '@decomkit/core';
import { parseArn } from '../arns.js';
import { arnLike, type IamGrant, onAnyResource, onResources } from '../permissions/iam-grant.js';
import { defaultBackupRoleArn } from './aws-backup-jobs.js';
import { nativeTarget } from './native-backups.js';

/** The reads of AWS Backup jobs and recovery points (`aws-backup-jobs.ts`): no resource-level permissions to name before. */
export const AWS_BACKUP_READS: readonly string[] = [
  'backup:DescribeBackupJob',
  'backup:ListBackupJobs',
  'backup:ListRecoveryPointsByResource',
  'backup:DescribeRecoveryPoint',
  'backup:ListTags',
];

/** The reads of native backups, whatever their kind: the safety check before a delete reads them too. */
export const NATIVE_BACKUP_READS: readonly string[] = [
  'ec2:DescribeSnapshots',
  'rds:DescribeDBSnapshots',
  'rds:DescribeDBClusterSnapshots',
  'dynamodb:DescribeBackup',
  'dynamodb:ListBackups',
  'logs:DescribeExportTasks',
];

const ebsSnapshots = (arn: string) => arnLike(arn, 'ec2', 'snapshot/*', { account: false });

/** The grants of each native backup (`native-snapshots.ts`, `native-cluster-snapshots.ts`, `native-table-backups.ts`, `native-log-exports.ts`). */
export const NATIVE_BACKUP_GRANTS: Readonly<Record<string, readonly IamGrant[]>> = {
  'ebs-instance': [
    onResources((arn) => [arn, arnLike(arn, 'ec2', 'volume/*'), ebsSnapshots(arn)], 'ec2:CreateSnapshots'),
    onResources((arn) => [ebsSnapshots(arn)], 'ec2:CreateTags'),
  ],
  'ebs-volume': [
    onResources((arn) => [arn, ebsSnapshots(arn)], 'ec2:CreateSnapshot'),
    onResources((arn) => [ebsSnapshots(arn)], 'ec2:CreateTags'),
  ],
  rds: [
    onResources((arn) => [arn, arnLike(arn, 'rds', 'snapshot:decomkit-*')], 'rds:CreateDBSnapshot'),
    onResources((arn) => [arnLike(arn, 'rds', 'snapshot:decomkit-*')], 'rds:AddTagsToResource'),
  ],
  'rds-cluster': [
    onResources((arn) => [arn, arnLike(arn, 'rds', 'cluster-snapshot:decomkit-*')], 'rds:CreateDBClusterSnapshot'),
    onResources((arn) => [arnLike(arn, 'rds', 'cluster-snapshot:decomkit-*')], 'rds:AddTagsToResource'),
  ],
  'dynamodb-table': [onResources((arn) => [arn], 'dynamodb:CreateBackup')],
  'logs-export': [onResources((arn) => [arn, `${arn}:*`], 'logs:CreateExportTask')],
};

/** How the `backups` port is set up, as far as its permissions go (`AwsBackupOptions`). */
export interface BackupPermissionOptions {
  /** The method of a `backup.create` whose params name none. Default `'aws-backup'`. */
  readonly defaultMethod?: 'aws-backup' | 'native';
  /** The role AWS Backup assumes (iam:PassRole); default `service-role/AWSBackupDefaultServiceRole`. */
  readonly roleArn?: string;
  /** Whether AWS Backup is used at all (its reads are granted). Default true. */
  readonly awsBackup?: boolean;
}

/**
 * The grants a `backup.create` action needs: AWS Backup's StartBackupJob on
 * the vault, iam:PassRole on the role AWS Backup assumes and backup:TagResource on its
 * recovery points; or the native backup of the target's type (an EBS
 * snapshot, an RDS snapshot named `decomkit-…`, a DynamoDB backup, a log
 * group's export); null when the target has no native backup.
 */
export function backupGrants(action: Action, options: BackupPermissionOptions = {}): readonly IamGrant[] | null {
  const arn = action.target.arn ?? '';
  const method = typeof action.params.method === 'string' ? action.params.method : options.defaultMethod;
  const native = nativeTarget(arn);
  if ((method ?? 'aws-backup') === 'native' || native?.via === 'logs-export') {
    return native === null ? null : (NATIVE_BACKUP_GRANTS[native.via] ?? null);
  }
  const parsed = parseArn(arn);
  const account = action.target.accountId ?? parsed?.accountId ?? '*';
  const vault = typeof action.params.vault === 'string' ? action.params.vault : '*';
  return [
    onResources(() => [arnLike(arn, 'backup', `backup-vault:${vault}`)], 'backup:StartBackupJob'),
    onResources(() => [arnLike(arn, 'backup', 'recovery-point:*')], 'backup:TagResource'),
    onResources(() => [options.roleArn ?? defaultBackupRoleArn(account)], 'iam:PassRole'),
  ];
}

/** The reads of the `backups` port: its waits, and the recovery points checked before each delete. */
export function backupReads(options: BackupPermissionOptions = {}): readonly IamGrant[] {
  return [onAnyResource(...(options.awsBackup === false ? [] : AWS_BACKUP_READS), ...NATIVE_BACKUP_READS)];
}
