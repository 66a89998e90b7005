import { paginateListBackupVaults, paginateListRecoveryPointsByBackupVault } from '@aws-sdk/client-backup';
import { paginateDescribeLogGroups } from '@aws-sdk/client-cloudwatch-logs';
import { paginateDescribeSnapshots, paginateDescribeVolumes } from '@aws-sdk/client-ec2';
import {
  paginateDescribeDBClusterSnapshots,
  paginateDescribeDBClusters,
  paginateDescribeDBInstances,
  paginateDescribeDBSnapshots,
} from '@aws-sdk/client-rds';
import { GetBucketEncryptionCommand, ListBucketsCommand } from '@aws-sdk/client-s3';
import { type DecomError, errAsync, okAsync, ResultAsync } from '@decomkit/core';
import { type Place, parseArn } from '../arns.js';
import { awsCall, awsErrorCode } from '../aws-call.js';
import type { AwsClients } from '../clients.js';
import { listAll } from './declared-calls.js';
import { limited } from './resource-type.js';

/**
 * Something encrypted with a KMS key. `survives`: it must outlive the key's
 * deletion whatever the workload does (a recovery point, a snapshot, an
 * export): the key is refused while it exists. Otherwise it is a live
 * resource the key is retired after (its `dependsOn`), and never while the
 * resource stays (out of scope, excepted).
 */
export interface KeyDependent {
  readonly arn: string;
  /** What it is, for the finding (`AWS Backup recovery point`, `RDS snapshot`). */
  readonly kind: string;
  /** The KmsKeyId it names: a key id, key ARN, alias name or alias ARN. */
  readonly keyId: string;
  readonly survives: boolean;
}

/** What is encrypted with the keys of one region, and the reads that failed (the keys are then refused). */
export interface KeyDependents {
  readonly dependents: readonly KeyDependent[];
  /** `operation: message` of each read that failed: nothing can then be proven unencrypted with the key. */
  readonly unreadable: readonly string[];
}

type Scan = (clients: AwsClients, place: Place) => ResultAsync<KeyDependent[], DecomError>;

/** Each item of `items` that names a key, as a dependent. */
function named<Item>(
  items: readonly Item[] | undefined,
  kind: string,
  survives: boolean,
  fields: (item: Item) => readonly [arn: string | undefined, keyId: string | undefined],
): KeyDependent[] {
  return (items ?? []).flatMap((item) => {
    const [arn, keyId] = fields(item);
    return arn === undefined || keyId === undefined || keyId === '' ? [] : [{ arn, kind, keyId, survives }];
  });
}

/** AWS Backup: vaults encrypted with a key (every recovery point in them is), and each recovery point's own key. */
const recoveryPoints: Scan = (clients, place) => {
  const backup = clients.get('backup', place.region);
  return listAll(
    'backup:ListBackupVaults',
    () => paginateListBackupVaults({ client: backup }, {}),
    (page) => page.BackupVaultList ?? [],
  ).andThen((vaults) =>
    limited(vaults, 4, (vault) =>
      listAll(
        'backup:ListRecoveryPointsByBackupVault',
        () => paginateListRecoveryPointsByBackupVault({ client: backup }, { BackupVaultName: vault.BackupVaultName }),
        (page) =>
          named(page.RecoveryPoints, 'AWS Backup recovery point', true, (point) => [
            point.RecoveryPointArn,
            point.EncryptionKeyArn,
          ]),
      ),
    ).map((points) => [
      ...named(vaults, 'AWS Backup vault', true, (vault) => [vault.BackupVaultArn, vault.EncryptionKeyArn]),
      ...points.flat(),
    ]),
  );
};

const snapshotArn = (place: Place, id: string | undefined) =>
  id === undefined ? undefined : `arn:${place.partition ?? 'aws'}:ec2:${place.region}::snapshot/${id}`;
const volumeArn = (place: Place, id: string | undefined) =>
  id === undefined ? undefined : `arn:${place.partition ?? 'aws'}:ec2:${place.region}:${place.accountId}:volume/${id}`;
const logGroupArn = (place: Place, name: string | undefined) =>
  name === undefined
    ? undefined
    : `arn:${place.partition ?? 'aws'}:logs:${place.region}:${place.accountId}:log-group:${name}`;

/** The scans: backups and snapshots (must survive), then live resources that hold data under a key. */
const SCANS: readonly Scan[] = [
  recoveryPoints,
  (clients, place) =>
    listAll(
      'rds:DescribeDBSnapshots',
      () => paginateDescribeDBSnapshots({ client: clients.get('rds', place.region) }, {}),
      (page) => named(page.DBSnapshots, 'RDS snapshot', true, (s) => [s.DBSnapshotArn, s.KmsKeyId]),
    ),
  (clients, place) =>
    listAll(
      'rds:DescribeDBClusterSnapshots',
      () => paginateDescribeDBClusterSnapshots({ client: clients.get('rds', place.region) }, {}),
      (page) =>
        named(page.DBClusterSnapshots, 'RDS cluster snapshot', true, (s) => [s.DBClusterSnapshotArn, s.KmsKeyId]),
    ),
  (clients, place) =>
    listAll(
      'ec2:DescribeSnapshots',
      () => paginateDescribeSnapshots({ client: clients.get('ec2', place.region) }, { OwnerIds: ['self'] }),
      (page) => named(page.Snapshots, 'EBS snapshot', true, (s) => [snapshotArn(place, s.SnapshotId), s.KmsKeyId]),
    ),
  (clients, place) =>
    listAll(
      'ec2:DescribeVolumes',
      () => paginateDescribeVolumes({ client: clients.get('ec2', place.region) }, {}),
      (page) => named(page.Volumes, 'EBS volume', false, (v) => [volumeArn(place, v.VolumeId), v.KmsKeyId]),
    ),
  (clients, place) =>
    listAll(
      'rds:DescribeDBInstances',
      () => paginateDescribeDBInstances({ client: clients.get('rds', place.region) }, {}),
      (page) => named(page.DBInstances, 'RDS DB instance', false, (d) => [d.DBInstanceArn, d.KmsKeyId]),
    ),
  (clients, place) =>
    listAll(
      'rds:DescribeDBClusters',
      () => paginateDescribeDBClusters({ client: clients.get('rds', place.region) }, {}),
      (page) => named(page.DBClusters, 'RDS DB cluster', false, (c) => [c.DBClusterArn, c.KmsKeyId]),
    ),
  (clients, place) =>
    listAll(
      'logs:DescribeLogGroups',
      () => paginateDescribeLogGroups({ client: clients.get('logs', place.region) }, {}),
      (page) => named(page.logGroups, 'log group', false, (g) => [logGroupArn(place, g.logGroupName), g.kmsKeyId]),
    ),
  bucketDefaults,
];

/** What S3 answers for a bucket of another region. */
const REDIRECTS = ['PermanentRedirect', 'AuthorizationHeaderMalformed'];

/**
 * S3 buckets of the region whose default encryption is SSE-KMS with a key:
 * log exports and other archives land there encrypted with it, so they
 * survive the workload (a bucket without default encryption names no key).
 */
function bucketDefaults(clients: AwsClients, place: Place): ResultAsync<KeyDependent[], DecomError> {
  const s3 = clients.get('s3', place.region);
  return awsCall({ operation: 's3:ListBuckets' }, () => s3.send(new ListBucketsCommand({})))
    .map((listed) =>
      (listed.Buckets ?? []).filter(
        (bucket) => bucket.BucketRegion === undefined || bucket.BucketRegion === place.region,
      ),
    )
    .andThen((buckets) =>
      limited(buckets, 8, (bucket) =>
        awsCall({ operation: 's3:GetBucketEncryption', resource: bucket.Name ?? '' }, () =>
          s3.send(new GetBucketEncryptionCommand({ Bucket: bucket.Name })),
        )
          .map((encryption) =>
            (encryption.ServerSideEncryptionConfiguration?.Rules ?? []).flatMap((rule) => {
              const keyId = rule.ApplyServerSideEncryptionByDefault?.KMSMasterKeyID;
              return keyId === undefined
                ? []
                : [
                    {
                      arn: `arn:${place.partition ?? 'aws'}:s3:::${bucket.Name}`,
                      kind: 'S3 bucket (exports, archives)',
                      keyId,
                      survives: true,
                    },
                  ];
            }),
          )
          .orElse((error) =>
            // No default encryption (or the bucket is gone), or a bucket of another region: no key of this region.
            error.code === 'NotFound' || REDIRECTS.includes(awsErrorCode(error.cause)) ? okAsync([]) : errAsync(error),
          ),
      ).map((found) => found.flat()),
    );
}

/**
 * What is encrypted with a KMS key in `place`'s region: AWS Backup vaults and
 * recovery points, RDS and EBS snapshots, buckets whose default encryption
 * is a key (log exports), and the live EBS volumes, RDS instances and
 * clusters and log groups under one. A read that fails is named in
 * `unreadable`, never skipped (the keys are then refused).
 */
export function keyDependents(clients: AwsClients, place: Place): ResultAsync<KeyDependents, DecomError> {
  return ResultAsync.combine(
    SCANS.map((scan) =>
      scan(clients, place)
        .map((dependents) => ({ dependents, unreadable: [] as string[] }))
        .orElse((error) => okAsync({ dependents: [] as KeyDependent[], unreadable: [error.message] })),
    ),
  ).map((parts) => ({
    dependents: parts.flatMap((part) => part.dependents),
    unreadable: parts.flatMap((part) => part.unreadable),
  }));
}

/** The names a key goes by in a KmsKeyId: its id, ARN, and each alias's name and ARN. */
export function keyNames(key: { readonly id: string; readonly arn: string; readonly aliases: readonly string[] }) {
  const parsed = parseArn(key.arn);
  const aliasArn = (alias: string) =>
    parsed === null ? alias : `arn:${parsed.partition}:kms:${parsed.region}:${parsed.accountId}:${alias}`;
  return new Set([key.id, key.arn, ...key.aliases, ...key.aliases.map(aliasArn)]);
}

/** The dependents of `key` among `all`. */
export function dependentsOf(
  all: KeyDependents,
  key: { readonly id: string; readonly arn: string; readonly aliases: readonly string[] },
): KeyDependent[] {
  const names = keyNames(key);
  return all.dependents.filter((dependent) => names.has(dependent.keyId));
}

/** The IAM actions of these reads (part of the KMS key type's `iam.read`). */
export const KMS_KEY_DEPENDENT_READS: readonly string[] = [
  'backup:ListBackupVaults',
  'backup:ListRecoveryPointsByBackupVault',
  'logs:DescribeLogGroups',
  'ec2:DescribeSnapshots',
  'ec2:DescribeVolumes',
  'rds:DescribeDBClusterSnapshots',
  'rds:DescribeDBClusters',
  'rds:DescribeDBInstances',
  'rds:DescribeDBSnapshots',
  's3:GetEncryptionConfiguration',
  's3:ListAllMyBuckets',
];
