import { type DecomError, err, ok, type Result, ResultAsync } from '@decomkit/core';
import type { FakeWorld, WorldState } from '../world.js';
import { awsError } from './aws-errors.js';
import { recordConfigChange } from './config.js';
import type { FakeKmsKey } from './kms-iam-types.js';
import { AWS_TYPES } from './resource-types.js';

/**
 * Something encrypted with a KMS key. `survives`: it must outlive the key's
 * deletion (a recovery point, a snapshot, a bucket of exports): the key is
 * refused while it exists. Otherwise a live resource the key is retired after.
 */
export interface FakeKeyDependent {
  readonly arn: string;
  /** What it is, for the finding (`AWS Backup recovery point`, `RDS snapshot`). */
  readonly kind: string;
  readonly survives: boolean;
}

/** One scan of what is encrypted: the service and operation it stands for, the kind, and the ARNs of the region. */
interface Scan {
  readonly service: string;
  readonly operation: string;
  readonly kind: string;
  readonly survives: boolean;
  readonly arns: (state: WorldState, region: string) => readonly string[];
}

const inRegion = <Item extends { readonly arn: string; readonly region: string }>(
  items: readonly Item[],
  region: string,
) => items.filter((item) => item.region === region).map((item) => item.arn);

/** A scan of `service:operation` finding `kind`s among the ARNs `arns` gives for a region. */
const scan = (service: string, operation: string, kind: string, survives: boolean, arns: Scan['arns']): Scan => ({
  service,
  operation,
  kind,
  survives,
  arns,
});

/** The scans the AWS provider makes (kms-key-dependents.ts): backups and snapshots first, then live resources. */
const SCANS: readonly Scan[] = [
  scan('backup', 'ListRecoveryPointsByBackupVault', 'AWS Backup recovery point', true, (state, region) =>
    state.recoveryPoints.filter((point) => point.arn.split(':')[3] === region).map((point) => point.arn),
  ),
  scan('rds', 'DescribeDBSnapshots', 'RDS snapshot', true, (state, region) => inRegion(state.dbSnapshots, region)),
  scan('ec2', 'DescribeSnapshots', 'EBS snapshot', true, (state, region) => inRegion(state.snapshots, region)),
  scan('s3', 'GetBucketEncryption', 'S3 bucket (exports, archives)', true, (state, region) =>
    inRegion(state.buckets, region),
  ),
  scan('ec2', 'DescribeVolumes', 'EBS volume', false, (state, region) => inRegion(state.volumes, region)),
  scan('rds', 'DescribeDBInstances', 'RDS DB instance', false, (state, region) =>
    inRegion([...state.dbInstances, ...state.dbClusters], region),
  ),
  scan('logs', 'DescribeLogGroups', 'log group', false, (state, region) => inRegion(state.logGroups, region)),
];

/** The key a snapshot or recovery point at `to` is encrypted with: the one of `from`, the resource it was taken of. */
export function inheritEncryption(state: WorldState, from: string, to: string): void {
  const key = state.encryptionKeys[from];
  if (key !== undefined) state.encryptionKeys[to] = key;
}

/**
 * The fake KMS control plane, addressed by key ARN, with AWS's rules: a key
 * pending deletion refuses DisableKey (`KMSInvalidStateException`);
 * ScheduleKeyDeletion takes a window of 7 to 30 days (`ValidationException`
 * otherwise) and puts the key in `PendingDeletion`; AWS-managed keys refuse
 * both. {@link FakeKms.dependents} answers what the AWS provider's scans find
 * encrypted with a key, one call per scanned service (each can be made to fail).
 */
export class FakeKms {
  constructor(private readonly world: FakeWorld) {}

  /** DescribeKey: the key in any state; `NotFoundException` when there is none. */
  describeKey(arn: string): ResultAsync<FakeKmsKey, DecomError> {
    return this.world.call('kms', 'DescribeKey', false, arn, () => this.key(arn).map((key) => structuredClone(key)));
  }

  /** DisableKey: the scream test (EnableKey undoes it). */
  disableKey(arn: string): ResultAsync<{ arn: string }, DecomError> {
    return this.change('DisableKey', arn, (key) => {
      key.keyState = 'Disabled';
    });
  }

  /** ScheduleKeyDeletion with `PendingWindowInDays`. */
  scheduleKeyDeletion(arn: string, pendingWindowDays: number): ResultAsync<{ arn: string }, DecomError> {
    if (!Number.isInteger(pendingWindowDays) || pendingWindowDays < 7 || pendingWindowDays > 30)
      return this.world.call('kms', 'ScheduleKeyDeletion', true, arn, () =>
        err(awsError.invalid('ValidationException', `PendingWindowInDays ${pendingWindowDays} is outside 7 to 30`)),
      );
    return this.change('ScheduleKeyDeletion', arn, (key) => {
      key.keyState = 'PendingDeletion';
      key.pendingWindowDays = pendingWindowDays;
    });
  }

  /** What is encrypted with the key `arn` (by its ARN) in its region, each scan a call of its own service. */
  dependents(keyArn: string): ResultAsync<FakeKeyDependent[], DecomError> {
    const region = keyArn.split(':')[3] ?? '';
    return ResultAsync.combine(
      SCANS.map((scan) =>
        this.world.call(scan.service, scan.operation, false, null, () =>
          ok(
            scan
              .arns(this.world.state, region)
              .filter((arn) => this.world.state.encryptionKeys[arn] === keyArn)
              .map((arn) => ({ arn, kind: scan.kind, survives: scan.survives })),
          ),
        ),
      ),
    ).map((found) => found.flat());
  }

  private change(operation: string, arn: string, apply: (key: FakeKmsKey) => void) {
    return this.world.call('kms', operation, true, arn, () =>
      this.key(arn).andThen((key): Result<{ arn: string }, DecomError> => {
        if (key.keyManager === 'AWS')
          return err(awsError.conflict('AccessDeniedException', `${arn} is an AWS-managed key`, arn));
        if (key.keyState === 'PendingDeletion')
          return err(awsError.conflict('KMSInvalidStateException', `${arn} is pending deletion`, arn));
        apply(key);
        recordConfigChange(this.world, arn, AWS_TYPES.kmsKey, 'OK');
        return ok({ arn });
      }),
    );
  }

  private key(arn: string): Result<FakeKmsKey, DecomError> {
    const found = this.world.state.kmsKeys.find((candidate) => candidate.arn === arn);
    return found === undefined ? err(awsError.notFound('NotFoundException', `${arn} does not exist`, arn)) : ok(found);
  }
}
