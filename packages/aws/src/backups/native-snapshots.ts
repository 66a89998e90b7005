import {
  CreateSnapshotCommand,
  CreateSnapshotsCommand,
  paginateDescribeSnapshots,
  type Snapshot,
} from '@aws-sdk/client-ec2';
import {
  CreateDBSnapshotCommand,
  type DBSnapshot,
  DescribeDBSnapshotsCommand,
  paginateDescribeDBSnapshots,
} from '@aws-sdk/client-rds';
import {
  type Action,
  type DecomError,
  decomError,
  errAsync,
  type HandlerOutcome,
  type JsonObject,
  okAsync,
  type RecoveryPoint,
  type ResultAsync,
} from '@decomkit/core';
import { ACTION_TAG, nativeBackupOutcome, nativeSnapshotIdentifier, SOURCE_TAG } from '@decomkit/provider-kit';
import { ec2Arn, ec2IdOf, parseArn } from '../arns.js';
import { awsCall } from '../aws-call.js';
import type { AwsClients } from '../clients.js';
import { allPages } from './all-pages.js';
import { firstSnapshotOrNull, polledSnapshot, rdsSnapshotPoint } from './rds-snapshot-reads.js';

/** What a native backup of one resource is: EBS snapshots of an instance or a volume, or an RDS DB snapshot. */
export type NativeTarget =
  | { readonly via: 'ebs-instance' | 'ebs-volume'; readonly id: string; readonly region: string }
  | { readonly via: 'rds'; readonly id: string; readonly region: string };

/** The native backup of `arn`, or null when the type has none here. */
export function nativeTarget(arn: string): NativeTarget | null {
  const region = parseArn(arn)?.region ?? '';
  const instance = ec2IdOf(arn, 'instance');
  if (instance !== null) return { via: 'ebs-instance', id: instance, region };
  const volume = ec2IdOf(arn, 'volume');
  if (volume !== null) return { via: 'ebs-volume', id: volume, region };
  const rds = /^arn:aws[a-z-]*:rds:[a-z0-9-]+:\d{12}:db:([^:]+)$/.exec(arn)?.[1];
  return rds === undefined ? null : { via: 'rds', id: rds, region };
}

function ebsOutcome(
  clients: AwsClients,
  action: Action,
  snapshots: readonly Snapshot[],
  accountId: string,
): ResultAsync<HandlerOutcome, DecomError> {
  const failed = snapshots.find((snapshot) => snapshot.State === 'error');
  if (failed !== undefined) {
    return errAsync(
      decomError.providerFailure({
        message: `snapshot ${failed.SnapshotId} of ${action.target.arn} failed: ${failed.StateMessage ?? 'error'}`,
        retryable: false,
        ...(action.target.arn === undefined ? {} : { resource: action.target.arn }),
      }),
    );
  }
  const region = action.target.region ?? parseArn(action.target.arn ?? '')?.region ?? '';
  const arns = snapshots.map((snapshot) => ec2Arn({ region, accountId }, 'snapshot', snapshot.SnapshotId ?? ''));
  if (snapshots.length > 0 && snapshots.every((snapshot) => snapshot.State === 'completed')) {
    return okAsync({
      status: 'done',
      result: {
        method: 'native',
        snapshotArn: arns[0] ?? null,
        snapshotArns: arns,
        status: 'COMPLETED',
        retainDays: Number(action.params.retainDays),
      },
    });
  }
  return okAsync({
    status: 'pending',
    checkpoint: { method: 'native', snapshotIds: snapshots.map((snapshot) => snapshot.SnapshotId ?? '') },
    pollAfterMilliseconds: clients.pollMilliseconds,
  });
}

function rdsOutcome(clients: AwsClients, action: Action, snapshot: DBSnapshot): HandlerOutcome {
  return nativeBackupOutcome(
    action,
    {
      available: snapshot.Status === 'available',
      arn: snapshot.DBSnapshotArn,
      identifier: snapshot.DBSnapshotIdentifier,
      checkpoint: { method: 'native', rdsSnapshot: snapshot.DBSnapshotIdentifier ?? '' },
    },
    clients.pollMilliseconds,
  );
}

/** EBS snapshots matching EC2 filters (all pages, this account's only). */
function describeSnapshots(
  clients: AwsClients,
  region: string,
  input: { Filters?: { Name: string; Values: string[] }[]; SnapshotIds?: string[] },
  resource?: string,
) {
  return awsCall({ operation: 'ec2:DescribeSnapshots', ...(resource === undefined ? {} : { resource }) }, () =>
    allPages(
      paginateDescribeSnapshots({ client: clients.get('ec2', region) }, { OwnerIds: ['self'], ...input }),
      (page) => page.Snapshots,
    ),
  );
}

/** The RDS snapshot named `identifier`, or null. */
function describeDbSnapshot(clients: AwsClients, region: string, identifier: string) {
  return firstSnapshotOrNull(
    awsCall({ operation: 'rds:DescribeDBSnapshots', resource: identifier }, () =>
      clients.get('rds', region).send(new DescribeDBSnapshotsCommand({ DBSnapshotIdentifier: identifier })),
    ).map((output) => output.DBSnapshots),
  );
}

/** What an earlier attempt of this action created natively (by tag or derived name), as an outcome; null if nothing. */
export function findNative(
  clients: AwsClients,
  action: Action,
  target: NativeTarget,
  accountId: string,
): ResultAsync<HandlerOutcome | null, DecomError> {
  if (target.via === 'rds') {
    return describeDbSnapshot(clients, target.region, nativeSnapshotIdentifier(action.key)).map((found) =>
      found === null ? null : rdsOutcome(clients, action, found),
    );
  }
  return describeSnapshots(
    clients,
    target.region,
    { Filters: [{ Name: `tag:${ACTION_TAG}`, Values: [action.key] }] },
    action.target.arn,
  ).andThen(
    (found): ResultAsync<HandlerOutcome | null, DecomError> =>
      found.length === 0 ? okAsync(null) : ebsOutcome(clients, action, found, accountId),
  );
}

/**
 * Creates the native backup: CreateSnapshots of an instance (every attached
 * volume, crash-consistent) or CreateSnapshot of a volume, tagged
 * `decomkit:action` and `decomkit:source` (EC2 has no idempotency token for
 * these); or CreateDBSnapshot named after the action key.
 */
export function createNative(
  clients: AwsClients,
  action: Action,
  target: NativeTarget,
  accountId: string,
  signal?: AbortSignal,
): ResultAsync<HandlerOutcome, DecomError> {
  const resource = action.target.arn ?? '';
  const tags = [
    { Key: ACTION_TAG, Value: action.key },
    { Key: SOURCE_TAG, Value: resource },
  ];
  if (target.via === 'rds') {
    return awsCall({ operation: 'rds:CreateDBSnapshot', resource, ...(signal ? { signal } : {}) }, (options) =>
      clients.get('rds', target.region).send(
        new CreateDBSnapshotCommand({
          DBInstanceIdentifier: target.id,
          DBSnapshotIdentifier: nativeSnapshotIdentifier(action.key),
          Tags: tags,
        }),
        options,
      ),
    ).map((output) => rdsOutcome(clients, action, output.DBSnapshot ?? {}));
  }
  const ec2 = clients.get('ec2', target.region);
  const TagSpecifications = [{ ResourceType: 'snapshot' as const, Tags: tags }];
  if (target.via === 'ebs-volume') {
    return awsCall({ operation: 'ec2:CreateSnapshot', resource, ...(signal ? { signal } : {}) }, (options) =>
      ec2.send(
        new CreateSnapshotCommand({ VolumeId: target.id, TagSpecifications, Description: `decomkit ${action.key}` }),
        options,
      ),
    ).andThen((snapshot) => ebsOutcome(clients, action, [snapshot], accountId));
  }
  return awsCall({ operation: 'ec2:CreateSnapshots', resource, ...(signal ? { signal } : {}) }, (options) =>
    ec2.send(
      new CreateSnapshotsCommand({
        InstanceSpecification: { InstanceId: target.id, ExcludeBootVolume: false },
        TagSpecifications,
        Description: `decomkit ${action.key}`,
      }),
      options,
    ),
  ).andThen((output) => {
    const snapshots = (output.Snapshots ?? []).map(
      (info): Snapshot => ({ SnapshotId: info.SnapshotId, State: info.State }),
    );
    if (snapshots.length === 0) {
      return errAsync(decomError.conflict({ message: `${resource} has no EBS volume to snapshot`, resource }));
    }
    return ebsOutcome(clients, action, snapshots, accountId);
  });
}

/** Continues a native backup from its checkpoint. */
export function pollNative(
  clients: AwsClients,
  action: Action,
  checkpoint: JsonObject,
  accountId: string,
): ResultAsync<HandlerOutcome, DecomError> {
  const target = nativeTarget(action.target.arn ?? '');
  if (target === null)
    return errAsync(decomError.invalidInput(`${action.key}: no native snapshot for ${action.target.arn}`));
  if (Array.isArray(checkpoint.snapshotIds)) {
    return describeSnapshots(
      clients,
      target.region,
      { SnapshotIds: checkpoint.snapshotIds.map(String) },
      action.target.arn,
    ).andThen((found) => ebsOutcome(clients, action, found, accountId));
  }
  if (typeof checkpoint.rdsSnapshot === 'string') {
    const identifier = checkpoint.rdsSnapshot;
    return describeDbSnapshot(clients, target.region, identifier).andThen((found) =>
      polledSnapshot(action, identifier, found, (snapshot) => rdsOutcome(clients, action, snapshot)),
    );
  }
  return errAsync(
    decomError.invalidInput(`${action.key}: unknown native backup checkpoint ${JSON.stringify(checkpoint)}`),
  );
}

/** Native snapshots as recovery points: EBS snapshots tagged with the resource, manual RDS snapshots of it. */
export function nativeRecoveryPoints(
  clients: AwsClients,
  resourceArn: string,
): ResultAsync<RecoveryPoint[], DecomError> {
  const target = nativeTarget(resourceArn);
  if (target === null) return okAsync([]);
  const accountId = parseArn(resourceArn)?.accountId ?? '';
  if (target.via !== 'rds') {
    return describeSnapshots(
      clients,
      target.region,
      { Filters: [{ Name: `tag:${SOURCE_TAG}`, Values: [resourceArn] }] },
      resourceArn,
    ).map((found) =>
      found.map((snapshot) => {
        const tags = Object.fromEntries((snapshot.Tags ?? []).map((tag) => [tag.Key ?? '', tag.Value ?? '']));
        return {
          arn: ec2Arn({ region: target.region, accountId }, 'snapshot', snapshot.SnapshotId ?? ''),
          resourceArn,
          status: snapshot.State === 'completed' ? 'COMPLETED' : snapshot.State === 'error' ? 'FAILED' : 'PENDING',
          createdAt: snapshot.StartTime?.toISOString() ?? '',
          retainUntil: null,
          actionKey: tags[ACTION_TAG] ?? null,
          // EC2 never reuses an instance or volume id: the id in the ARN is the identity.
          resourceIdentity: parseArn(resourceArn)?.resource.split('/').at(-1) ?? null,
        };
      }),
    );
  }
  return awsCall({ operation: 'rds:DescribeDBSnapshots', resource: resourceArn }, () =>
    allPages(
      paginateDescribeDBSnapshots(
        { client: clients.get('rds', target.region) },
        { DBInstanceIdentifier: target.id, SnapshotType: 'manual' },
      ),
      (page) => page.DBSnapshots,
    ),
  ).map((found) =>
    found.map((snapshot) =>
      rdsSnapshotPoint(resourceArn, {
        arn: snapshot.DBSnapshotArn,
        status: snapshot.Status,
        createdAt: snapshot.SnapshotCreateTime,
        tagList: snapshot.TagList,
        resourceIdentity: snapshot.DbiResourceId ?? null,
      }),
    ),
  );
}
