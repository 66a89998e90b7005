import {
  DeleteFileSystemCommand,
  DeleteMountTargetCommand,
  DescribeFileSystemsCommand,
  DescribeMountTargetsCommand,
  EFSClient,
  FileSystemNotFound,
} from '@aws-sdk/client-efs';
import {
  CacheClusterNotFoundFault,
  DeleteCacheClusterCommand,
  DeleteReplicationGroupCommand,
  DescribeCacheClustersCommand,
  DescribeReplicationGroupsCommand,
  DescribeSnapshotsCommand,
  ElastiCacheClient,
  ReplicationGroupNotFoundFault,
  SnapshotNotFoundFault,
} from '@aws-sdk/client-elasticache';
import {
  AwsClients,
  type AwsResourceType,
  EFS_FILE_SYSTEM,
  ELASTICACHE_CACHE_CLUSTER,
  ELASTICACHE_REPLICATION_GROUP,
} from '@decomkit/aws';
import { mockClient } from 'aws-sdk-client-mock';
import { describe, expect, it } from 'vitest';
import { finalSnapshotIdentifier } from '../src/resources/rds-family.js';
import { actionOn, contextFor } from './support/retirement-harness.js';

// moto leaves a deleted ElastiCache group `deleting` for ever (and ignores FinalSnapshotIdentifier), and deletes an
// EFS mount target at once: the final snapshot's confirmation and the wait on a mount target run on aws-sdk-client-mock.

const REGION = 'eu-west-1';
const ACCOUNT = '111122223333';
const credentials = { accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: 'example' };
const GROUP_ARN = `arn:aws:elasticache:${REGION}:${ACCOUNT}:replicationgroup:payments-cache`;
const CLUSTER_ARN = `arn:aws:elasticache:${REGION}:${ACCOUNT}:cluster:payments-sessions`;
const FILE_SYSTEM_ARN = `arn:aws:elasticfilesystem:${REGION}:${ACCOUNT}:file-system/fs-0123456789abcdef0`;

const group = (Status: string) => ({
  ReplicationGroups: [{ ReplicationGroupId: 'payments-cache', ARN: GROUP_ARN, Status }],
});
const groupGone = () => new ReplicationGroupNotFoundFault({ message: 'payments-cache not found', $metadata: {} });
const snapshot = (SnapshotStatus: string) => ({
  Snapshots: [
    { SnapshotName: 'final', ARN: 'arn:aws:elasticache:eu-west-1:111122223333:snapshot:final', SnapshotStatus },
  ],
});

/** The group's delete done, its final snapshot `name` confirmed available. */
const keptSnapshot = (name: string) => ({
  status: 'done',
  result: {
    replicationGroupId: 'payments-cache',
    state: 'deleted',
    finalSnapshotIdentifier: name,
    finalSnapshotArn: 'arn:aws:elasticache:eu-west-1:111122223333:snapshot:final',
    finalSnapshotStatus: 'available',
  },
});

function elastiCacheHandler(type: AwsResourceType, setUp: (mock: ReturnType<typeof mockClient>) => void) {
  const elasticache = new ElastiCacheClient({ region: REGION, credentials });
  const mock = mockClient(elasticache);
  mock.onAnyCommand().resolves({});
  setUp(mock);
  const clients = new AwsClients({ clients: { elasticache }, credentials, pollMilliseconds: 5 });
  return { mock, delete: type.handlers(clients)['resource.delete'] };
}

const groupHandler = (setUp: (mock: ReturnType<typeof mockClient>) => void) =>
  elastiCacheHandler(ELASTICACHE_REPLICATION_GROUP, setUp);

describe('ElastiCache final snapshot and EFS mount targets (aws-sdk-client-mock)', () => {
  it('a group delete is done only once the group is gone and its final snapshot is available; creating waits', async () => {
    const remove = actionOn(GROUP_ARN, 'resource.delete');
    const name = finalSnapshotIdentifier(remove.key);
    const { mock, delete: handler } = groupHandler((mock) => {
      mock
        .on(DescribeReplicationGroupsCommand)
        .resolvesOnce(group('available'))
        .resolvesOnce(group('deleting'))
        .rejects(groupGone());
      mock.on(DescribeSnapshotsCommand).resolvesOnce(snapshot('creating')).resolves(snapshot('available'));
    });
    const checkpoint = { replicationGroupId: 'payments-cache', finalSnapshot: name };
    expect((await handler.execute(remove, contextFor(remove)))._unsafeUnwrap()).toEqual({
      status: 'pending',
      checkpoint,
      pollAfterMilliseconds: 5,
    });
    // Gone, but the snapshot is still being made: not done yet.
    expect((await handler.poll?.(remove, checkpoint, contextFor(remove)))?._unsafeUnwrap()).toMatchObject({
      status: 'pending',
    });
    expect((await handler.poll?.(remove, checkpoint, contextFor(remove)))?._unsafeUnwrap()).toEqual(keptSnapshot(name));
    expect(mock.commandCalls(DeleteReplicationGroupCommand).map((call) => call.args[0].input)).toEqual([
      { ReplicationGroupId: 'payments-cache', RetainPrimaryCluster: false, FinalSnapshotIdentifier: name },
    ]);
    expect(mock.commandCalls(DescribeSnapshotsCommand)[0]?.args[0].input).toEqual({ SnapshotName: name });
  });

  it('a group gone without its final snapshot fails (ProviderFailure naming it), also when reconciled after a crash', async () => {
    const remove = actionOn(GROUP_ARN, 'resource.delete');
    const name = finalSnapshotIdentifier(remove.key);
    const { delete: handler } = groupHandler((mock) => {
      mock.on(DescribeReplicationGroupsCommand).rejects(groupGone());
      mock.on(DescribeSnapshotsCommand).rejects(new SnapshotNotFoundFault({ message: 'not found', $metadata: {} }));
    });
    const polled = await handler.poll?.(
      remove,
      { replicationGroupId: 'payments-cache', finalSnapshot: name },
      contextFor(remove),
    );
    expect(polled?._unsafeUnwrapErr()).toMatchObject({
      code: 'ProviderFailure',
      retryable: false,
      resource: GROUP_ARN,
      message: expect.stringContaining(`final snapshot ${name} is not found`),
    });
    expect((await handler.reconcile(remove, contextFor(remove)))._unsafeUnwrapErr().code).toBe('ProviderFailure');
  });

  it('a delete our call finds gone (NotFound, as to an SDK retry of an accepted delete) is done only by its final snapshot', async () => {
    const remove = actionOn(GROUP_ARN, 'resource.delete');
    const name = finalSnapshotIdentifier(remove.key);
    const executeAnswering = (answer: (mock: ReturnType<typeof mockClient>) => void) => {
      const { delete: handler } = groupHandler((mock) => {
        mock.on(DescribeReplicationGroupsCommand).resolvesOnce(group('available')).rejects(groupGone());
        mock.on(DeleteReplicationGroupCommand).rejects(groupGone());
        answer(mock);
      });
      return handler.execute(remove, contextFor(remove));
    };
    // Our delete was sent: gone without the snapshot it asked for is not done.
    const missing = await executeAnswering((mock) =>
      mock.on(DescribeSnapshotsCommand).rejects(new SnapshotNotFoundFault({ message: 'not found', $metadata: {} })),
    );
    expect(missing._unsafeUnwrapErr()).toMatchObject({
      code: 'ProviderFailure',
      message: expect.stringContaining(`final snapshot ${name} is not found`),
    });
    const kept = await executeAnswering((mock) => mock.on(DescribeSnapshotsCommand).resolves(snapshot('available')));
    expect(kept._unsafeUnwrap()).toMatchObject({
      status: 'done',
      result: { replicationGroupId: 'payments-cache', finalSnapshotIdentifier: name, finalSnapshotStatus: 'available' },
    });
  });

  it('a crash after a delete that kept its snapshot reconciles done with it; one gone before any call says it kept none', async () => {
    const remove = actionOn(GROUP_ARN, 'resource.delete');
    const name = finalSnapshotIdentifier(remove.key);
    const { mock, delete: handler } = groupHandler((mock) => {
      mock.on(DescribeReplicationGroupsCommand).rejects(groupGone());
      mock.on(DescribeSnapshotsCommand).resolves(snapshot('available'));
    });
    expect((await handler.reconcile(remove, contextFor(remove)))._unsafeUnwrap()).toEqual(keptSnapshot(name));
    expect((await handler.execute(remove, contextFor(remove)))._unsafeUnwrap()).toEqual({
      status: 'done',
      result: { id: 'payments-cache', alreadyGone: true, finalSnapshotIdentifier: null },
    });
    expect(mock.commandCalls(DeleteReplicationGroupCommand)).toHaveLength(0);
  });

  it('a Memcached cluster reconciled while being deleted waits for no snapshot (it keeps none), then is done', async () => {
    const remove = actionOn(CLUSTER_ARN, 'resource.delete');
    const memcached = (CacheClusterStatus: string) => ({
      CacheClusters: [
        { CacheClusterId: 'payments-sessions', ARN: CLUSTER_ARN, Engine: 'memcached', CacheClusterStatus },
      ],
    });
    const { mock, delete: handler } = elastiCacheHandler(ELASTICACHE_CACHE_CLUSTER, (mock) => {
      mock
        .on(DescribeCacheClustersCommand)
        .resolvesOnce(memcached('deleting'))
        .rejects(new CacheClusterNotFoundFault({ message: 'gone', $metadata: {} }));
    });
    const reconciled = (await handler.reconcile(remove, contextFor(remove)))._unsafeUnwrap();
    const checkpoint = { cacheClusterId: 'payments-sessions', finalSnapshot: null };
    expect(reconciled).toMatchObject({ status: 'pending', checkpoint });
    expect((await handler.poll?.(remove, checkpoint, contextFor(remove)))?._unsafeUnwrap()).toEqual({
      status: 'done',
      result: { cacheClusterId: 'payments-sessions', state: 'deleted', finalSnapshotIdentifier: null },
    });
    expect(mock.commandCalls(DescribeSnapshotsCommand)).toHaveLength(0);
    expect(mock.commandCalls(DeleteCacheClusterCommand)).toHaveLength(0);
  });

  it('EFS: waits while a mount target is being deleted, sending no DeleteFileSystem, then deletes the file system', async () => {
    const efs = new EFSClient({ region: REGION, credentials });
    const mock = mockClient(efs);
    mock.onAnyCommand().resolves({});
    const system = {
      FileSystems: [
        {
          FileSystemId: 'fs-0123456789abcdef0',
          LifeCycleState: 'available' as const,
          OwnerId: ACCOUNT,
          CreationToken: 'payments',
          CreationTime: new Date(0),
          NumberOfMountTargets: 1,
          SizeInBytes: { Value: 0 },
          PerformanceMode: 'generalPurpose' as const,
          Tags: [],
        },
      ],
    };
    mock
      .on(DescribeFileSystemsCommand)
      .resolvesOnce(system)
      .resolvesOnce(system)
      .resolvesOnce(system)
      .rejects(new FileSystemNotFound({ message: 'gone', $metadata: {}, ErrorCode: 'FileSystemNotFound' }));
    mock
      .on(DescribeMountTargetsCommand)
      .resolvesOnce({
        MountTargets: [{ MountTargetId: 'fsmt-1', FileSystemId: 'fs-1', SubnetId: 's', LifeCycleState: 'available' }],
      })
      .resolvesOnce({
        MountTargets: [{ MountTargetId: 'fsmt-1', FileSystemId: 'fs-1', SubnetId: 's', LifeCycleState: 'deleting' }],
      })
      .resolves({ MountTargets: [] });
    const clients = new AwsClients({ clients: { efs }, credentials, pollMilliseconds: 5 });
    const handler = EFS_FILE_SYSTEM.handlers(clients)['resource.delete'];
    const remove = actionOn(FILE_SYSTEM_ARN, 'resource.delete');
    const waiting = { fileSystemId: 'fs-0123456789abcdef0', phase: 'mount-targets' };
    expect((await handler.execute(remove, contextFor(remove)))._unsafeUnwrap()).toEqual({
      status: 'pending',
      checkpoint: waiting,
      pollAfterMilliseconds: 5,
    });
    expect((await handler.poll?.(remove, waiting, contextFor(remove)))?._unsafeUnwrap()).toMatchObject({
      status: 'pending',
      checkpoint: waiting,
    });
    expect(mock.commandCalls(DeleteFileSystemCommand)).toHaveLength(0);
    expect((await handler.poll?.(remove, waiting, contextFor(remove)))?._unsafeUnwrap()).toEqual({
      status: 'done',
      result: { fileSystemId: 'fs-0123456789abcdef0', state: 'deleted' },
    });
    expect(mock.commandCalls(DeleteMountTargetCommand).map((call) => call.args[0].input)).toEqual([
      { MountTargetId: 'fsmt-1' },
    ]);
    expect(mock.commandCalls(DeleteFileSystemCommand).map((call) => call.args[0].input)).toEqual([
      { FileSystemId: 'fs-0123456789abcdef0' },
    ]);
  });
});
