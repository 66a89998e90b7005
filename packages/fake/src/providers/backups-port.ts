import {
  type Action,
  type ActionHandler,
  type BackupsPort,
  type DecomError,
  decomError,
  errAsync,
  type HandlerOutcome,
  okAsync,
  type ReconcileOutcome,
  type RecoveryPoint,
  ResultAsync,
} from '@decomkit/core';
import {
  ACTION_TAG,
  backupCreateParamsError,
  backupJobOutcome,
  backupRetentionDays,
  nativeBackupOutcome,
  nativeSnapshotIdentifier,
  PORT_SPECIFICATION_VERSION,
  SOURCE_TAG,
} from '@decomkit/provider-kit';
import type { FakeBackup } from '../source/backup.js';
import type { FakeDynamoDb } from '../source/dynamodb.js';
import type { FakeEbs } from '../source/ebs.js';
import type { FakeRdsSnapshots } from '../source/rds-snapshots.js';
import type { FakeDbSnapshot, FakeSnapshot } from '../source/source-types.js';
import type { FakeBackupJob } from '../world.js';
import {
  createTableBackup,
  findTableBackup,
  pollTableBackup,
  type TableBackupTarget,
  tableBackupRecoveryPoints,
  tableBackupTarget,
} from './native-table-backups.js';

const POLL_MILLISECONDS = 60_000;

/** The fake services the backups port uses. */
export interface FakeBackupServices {
  readonly backup: FakeBackup;
  readonly ebs: FakeEbs;
  readonly rdsSnapshots: FakeRdsSnapshots;
  readonly dynamodb: FakeDynamoDb;
}

/** What a native backup of one resource is. */
type NativeTarget =
  | { readonly via: 'ebs-instance' | 'ebs-volume'; readonly id: string }
  | { readonly via: 'rds'; readonly kind: 'db' | 'cluster'; readonly id: string }
  | TableBackupTarget;

/**
 * The `backups` port over the fake AWS Backup, EBS and RDS APIs.
 * `backup.create` params: `vault` (string), `retainDays` (number), `method`
 * (`'aws-backup'`, the default, or `'native'`). AWS Backup starts a job with
 * the action's idempotency token; native takes EBS snapshots (CreateSnapshots
 * of an instance, CreateSnapshot of a volume) tagged `decomkit:action` and
 * `decomkit:source`, an RDS DB / cluster snapshot or a DynamoDB on-demand
 * backup (CreateBackup) named after the action key; S3 buckets and Lambda
 * functions have no native backup (InvalidInput). Either way it waits through `pending` checkpoints until COMPLETED, and
 * `reconcile` finds what an interrupted attempt created (token, tag or name).
 * Native snapshots have no expiry: their `retainUntil` is null. An AWS
 * Backup recovery point is kept `backupRetentionDays(params)` (retainDays past
 * the params' `deleteAt`). Every recovery point names the identity of the
 * resource it was taken of (`resourceIdentity`).
 */
export function fakeBackupsPort(services: FakeBackupServices): BackupsPort {
  const { backup, ebs, rdsSnapshots, dynamodb } = services;
  const jobOutcome = (job: FakeBackupJob): ResultAsync<HandlerOutcome, DecomError> => {
    if (job.state === 'FAILED') {
      return errAsync(
        decomError.providerFailure({
          message: `backup job ${job.id} of ${job.resourceArn} failed`,
          retryable: false,
          resource: job.resourceArn,
        }),
      );
    }
    return okAsync(
      backupJobOutcome(
        {
          jobId: job.id,
          completed: job.state === 'COMPLETED',
          recoveryPointArn: job.recoveryPointArn,
          retainDays: job.retainDays,
        },
        POLL_MILLISECONDS,
      ),
    );
  };
  const ebsOutcome = (action: Action, snapshots: FakeSnapshot[]): HandlerOutcome =>
    snapshots.every((snapshot) => snapshot.state === 'completed')
      ? {
          status: 'done',
          result: {
            method: 'native',
            snapshotArn: snapshots[0]?.arn ?? null,
            snapshotArns: snapshots.map((snapshot) => snapshot.arn),
            status: 'COMPLETED',
            retainDays: Number(action.params.retainDays),
          },
        }
      : {
          status: 'pending',
          checkpoint: { method: 'native', snapshotIds: snapshots.map((snapshot) => snapshot.id) },
          pollAfterMilliseconds: POLL_MILLISECONDS,
        };
  const rdsOutcome = (action: Action, snapshot: FakeDbSnapshot): HandlerOutcome =>
    nativeBackupOutcome(
      action,
      {
        available: snapshot.status === 'available',
        arn: snapshot.arn,
        identifier: snapshot.id,
        checkpoint: { method: 'native', rdsSnapshot: snapshot.id, kind: snapshot.kind },
      },
      POLL_MILLISECONDS,
    );
  /** What an earlier attempt of this action created natively, if anything. */
  const findNative = (action: Action, target: NativeTarget): ResultAsync<HandlerOutcome | null, DecomError> => {
    if (target.via === 'dynamodb-table')
      return findTableBackup(dynamodb, action, target, nativeSnapshotIdentifier(action.key));
    if (target.via === 'rds') {
      return rdsSnapshots
        .describeSnapshots(target.kind, { snapshotId: nativeSnapshotIdentifier(action.key) })
        .map((found): HandlerOutcome | null => (found[0] === undefined ? null : rdsOutcome(action, found[0])))
        .orElse((error) => (error.code === 'NotFound' ? okAsync(null) : errAsync(error)));
    }
    return ebs
      .describeSnapshots({ tag: { key: ACTION_TAG, value: action.key } })
      .map((found) => (found.length === 0 ? null : ebsOutcome(action, found)));
  };
  const createNative = (action: Action, target: NativeTarget): ResultAsync<HandlerOutcome, DecomError> => {
    const tags = { [ACTION_TAG]: action.key, [SOURCE_TAG]: action.target.arn ?? '' };
    if (target.via === 'dynamodb-table')
      return createTableBackup(dynamodb, action, target, nativeSnapshotIdentifier(action.key));
    if (target.via !== 'rds') {
      return target.via === 'ebs-instance'
        ? ebs.createSnapshots(target.id, tags).map((made) => ebsOutcome(action, made))
        : ebs.createSnapshot(target.id, tags).map((made) => ebsOutcome(action, [made]));
    }
    const identifier = nativeSnapshotIdentifier(action.key);
    const created =
      target.kind === 'db'
        ? rdsSnapshots.createDbSnapshot(target.id, identifier, tags)
        : rdsSnapshots.createDbClusterSnapshot(target.id, identifier, tags);
    return created.map((snapshot) => rdsOutcome(action, snapshot));
  };
  const create: ActionHandler<'backup.create'> = {
    execute: (action, context) => {
      const checked = backupCreateParamsError(action);
      if (checked !== null) return errAsync(checked);
      const resourceArn = action.target.arn ?? '';
      if (action.params.method === 'native') {
        const target = nativeTarget(resourceArn);
        if (target === null)
          return errAsync(decomError.invalidInput(`${action.key}: no native snapshot for ${resourceArn}`));
        return findNative(action, target).andThen((found) =>
          found === null ? createNative(action, target) : okAsync(found),
        );
      }
      return backup
        .startBackupJob({
          resourceArn,
          vault: String(action.params.vault),
          retainDays: backupRetentionDays(action.params, context.clock.now()),
          idempotencyToken: context.idempotencyToken,
          tags: { [ACTION_TAG]: action.key },
        })
        .andThen(jobOutcome);
    },
    poll: (action, checkpoint) => {
      if (typeof checkpoint.jobId === 'string') return backup.describeBackupJob(checkpoint.jobId).andThen(jobOutcome);
      if (Array.isArray(checkpoint.snapshotIds)) {
        const ids = checkpoint.snapshotIds.map(String);
        return ebs.describeSnapshots({ ids }).map((found) => ebsOutcome(action, found));
      }
      if (checkpoint.dynamodbBackup !== undefined) return pollTableBackup(dynamodb, action, checkpoint);
      if (typeof checkpoint.rdsSnapshot === 'string') {
        const kind = checkpoint.kind === 'cluster' ? 'cluster' : 'db';
        return rdsSnapshots
          .describeSnapshots(kind, { snapshotId: checkpoint.rdsSnapshot })
          .andThen((found) =>
            found[0] === undefined
              ? errAsync(decomError.notFound({ message: `snapshot ${checkpoint.rdsSnapshot} vanished` }))
              : okAsync(rdsOutcome(action, found[0])),
          );
      }
      return errAsync(
        decomError.invalidInput(`${action.key}: unknown backup checkpoint ${JSON.stringify(checkpoint)}`),
      );
    },
    reconcile: (action, context): ResultAsync<ReconcileOutcome, DecomError> => {
      if (action.params.method === 'native') {
        const target = nativeTarget(action.target.arn ?? '');
        if (target === null) return okAsync({ status: 'absent' });
        return findNative(action, target).map((found) => found ?? { status: 'absent' });
      }
      return backup.listBackupJobs({ idempotencyToken: context.idempotencyToken }).andThen((jobs) => {
        const job = jobs[0];
        // A job that ended FAILED left nothing usable: the next attempt starts a new one, under its own token.
        return job === undefined || job.state === 'FAILED' ? okAsync({ status: 'absent' } as const) : jobOutcome(job);
      });
    },
  };
  return {
    capabilities: ['backup.aws-backup', 'backup.native'],
    specificationVersion: PORT_SPECIFICATION_VERSION,
    handlers: { 'backup.create': create },
    listRecoveryPoints: (resourceArn) =>
      ResultAsync.combine([
        backup.listRecoveryPointsByResource(resourceArn).map((points) =>
          points.map(
            (point): RecoveryPoint => ({
              arn: point.arn,
              resourceArn: point.resourceArn,
              status: point.status,
              createdAt: point.createdAt,
              retainUntil: point.retainUntil,
              actionKey: point.tags[ACTION_TAG] ?? null,
              resourceIdentity: point.resourceIdentity,
            }),
          ),
        ),
        nativeRecoveryPoints(services, resourceArn),
      ]).map(([fromBackup, native]) => [...fromBackup, ...native]),
  };
}

function nativeTarget(arn: string): NativeTarget | null {
  const table = tableBackupTarget(arn);
  if (table !== null) return table;
  const ec2 = /^arn:aws[a-z-]*:ec2:[a-z0-9-]+:\d{12}:(instance|volume)\/([^/]+)$/.exec(arn);
  if (ec2?.[2] !== undefined) return { via: ec2[1] === 'instance' ? 'ebs-instance' : 'ebs-volume', id: ec2[2] };
  const rds = /^arn:aws[a-z-]*:rds:[a-z0-9-]+:\d{12}:(db|cluster):([^:]+)$/.exec(arn);
  if (rds?.[2] !== undefined) return { via: 'rds', kind: rds[1] === 'cluster' ? 'cluster' : 'db', id: rds[2] };
  return null;
}

/** Native snapshots as recovery points: EBS snapshots tagged with the resource, RDS snapshots taken of it. */
function nativeRecoveryPoints(
  services: FakeBackupServices,
  resourceArn: string,
): ResultAsync<RecoveryPoint[], DecomError> {
  const target = nativeTarget(resourceArn);
  if (target === null) return okAsync([]);
  if (target.via === 'dynamodb-table') return tableBackupRecoveryPoints(services.dynamodb, target, resourceArn);
  if (target.via !== 'rds') {
    // An EC2 instance or volume id is never reused: the id in the ARN is the identity.
    return services.ebs
      .describeSnapshots({ tag: { key: SOURCE_TAG, value: resourceArn } })
      .map((found) =>
        found.map((snapshot) =>
          snapshotPoint(resourceArn, snapshot, snapshot.state === 'completed', snapshot.startedAt, target.id),
        ),
      );
  }
  return services.rdsSnapshots
    .describeSnapshots(target.kind, { sourceArn: resourceArn })
    .map((found) =>
      found.map((snapshot) =>
        snapshotPoint(
          resourceArn,
          snapshot,
          snapshot.status === 'available',
          snapshot.createdAt,
          snapshot.sourceResourceId,
        ),
      ),
    );
}

/** A native snapshot of `resourceArn` as a recovery point (the action that took it named by its tag). */
function snapshotPoint(
  resourceArn: string,
  snapshot: { readonly arn: string; readonly tags: Record<string, string> },
  completed: boolean,
  createdAt: string,
  resourceIdentity: string,
): RecoveryPoint {
  return {
    arn: snapshot.arn,
    resourceArn,
    status: completed ? 'COMPLETED' : 'PENDING',
    createdAt,
    retainUntil: null,
    actionKey: snapshot.tags[ACTION_TAG] ?? null,
    resourceIdentity,
  };
}
