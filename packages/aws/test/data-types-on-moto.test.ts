import { CreateSubnetCommand, CreateVpcCommand } from '@aws-sdk/client-ec2';
import { CreateFileSystemCommand, CreateMountTargetCommand, DescribeFileSystemsCommand } from '@aws-sdk/client-efs';
import {
  CreateCacheClusterCommand,
  CreateReplicationGroupCommand,
  DescribeReplicationGroupsCommand,
} from '@aws-sdk/client-elasticache';
import { CreateDomainCommand, ListDomainNamesCommand } from '@aws-sdk/client-opensearch';
import {
  CreateClusterCommand,
  DescribeClusterSnapshotsCommand,
  DescribeClustersCommand,
} from '@aws-sdk/client-redshift';
import {
  EFS_FILE_SYSTEM,
  ELASTICACHE_CACHE_CLUSTER,
  ELASTICACHE_REPLICATION_GROUP,
  OPENSEARCH_DOMAIN,
  REDSHIFT_CLUSTER,
} from '@decomkit/aws';
import { beforeEach, describe, expect, it } from 'vitest';
import { fileSystemIdOf } from '../src/resources/efs-file-system.js';
import { cacheClusterIdOf } from '../src/resources/elasticache-cache-cluster.js';
import { replicationGroupIdOf } from '../src/resources/elasticache-replication-group.js';
import { domainNameOf } from '../src/resources/opensearch-domain.js';
import { finalSnapshotIdentifier } from '../src/resources/rds-family.js';
import { redshiftClusterIdOf } from '../src/resources/redshift-cluster.js';
import { motoClients, mutatingRequests, resetMoto, TEST_REGION, withOwnMoto } from './support/moto.js';
import { MOTO_ACCOUNT_ID } from './support/moto-server.js';
import {
  actionOn,
  discoverAll,
  expectNoStopNorProtection,
  portsOn,
  reconcile,
  run,
  tagList,
} from './support/retirement-harness.js';

withOwnMoto();

const arnOf = (service: string, resource: string) => `arn:aws:${service}:${TEST_REGION}:${MOTO_ACCOUNT_ID}:${resource}`;
const groupArn = (id: string) => arnOf('elasticache', `replicationgroup:${id}`);
const cacheArn = (id: string) => arnOf('elasticache', `cluster:${id}`);
const redshiftArn = (id: string) => arnOf('redshift', `cluster:${id}`);
const domainArn = (name: string) => arnOf('es', `domain/${name}`);
const fileSystemArn = (id: string) => arnOf('elasticfilesystem', `file-system/${id}`);
const clients = () => motoClients();
const PAYMENTS = { workload: 'payments' };
const OTHER = { workload: 'payments-archive' };
const actions = async () => (await mutatingRequests()).map((request) => request.action ?? '');

async function seedCacheCluster(id: string, tags: Record<string, string>, extra: object = {}) {
  await clients()
    .get('elasticache', TEST_REGION)
    .send(
      new CreateCacheClusterCommand({
        CacheClusterId: id,
        Engine: 'redis',
        CacheNodeType: 'cache.t3.micro',
        NumCacheNodes: 1,
        Tags: tagList(tags),
        ...extra,
      }),
    );
}

/** The replication group `payments-cache`, tagged for the workload. */
async function seedGroup() {
  await clients()
    .get('elasticache', TEST_REGION)
    .send(
      new CreateReplicationGroupCommand({
        ReplicationGroupId: 'payments-cache',
        ReplicationGroupDescription: 'payments',
        Engine: 'redis',
        CacheNodeType: 'cache.t3.micro',
        NumCacheClusters: 1,
        Tags: tagList(PAYMENTS),
      }),
    );
}

describe('ElastiCache, EFS, Redshift and OpenSearch types (on moto)', () => {
  beforeEach(resetMoto);

  it('read their ids from their own ARNs only, and give their traits', () => {
    expect(replicationGroupIdOf(groupArn('payments-cache'))).toBe('payments-cache');
    expect(replicationGroupIdOf(cacheArn('payments-cache'))).toBeNull();
    expect(cacheClusterIdOf(cacheArn('payments-cache-001'))).toBe('payments-cache-001');
    expect(cacheClusterIdOf(arnOf('elasticache', 'snapshot:payments'))).toBeNull();
    expect(fileSystemIdOf(fileSystemArn('fs-0123456789abcdef0'))).toBe('fs-0123456789abcdef0');
    expect(fileSystemIdOf(arnOf('elasticfilesystem', 'access-point/fsap-0123456789abcdef0'))).toBeNull();
    expect(redshiftClusterIdOf(redshiftArn('payments-dw'))).toBe('payments-dw');
    expect(redshiftClusterIdOf(arnOf('redshift', 'snapshot:payments-dw/final'))).toBeNull();
    expect(domainNameOf(domainArn('payments-search'))).toBe('payments-search');
    expect(domainNameOf(`${domainArn('payments-search')}/index`)).toBeNull();
    expect(ELASTICACHE_REPLICATION_GROUP).toMatchObject({ stoppable: false, holdsData: false });
    expect(ELASTICACHE_CACHE_CLUSTER).toMatchObject({ stoppable: false, holdsData: false });
    expect(EFS_FILE_SYSTEM).toMatchObject({ stoppable: false, holdsData: true });
    expect(REDSHIFT_CLUSTER).toMatchObject({ stoppable: true, holdsData: true });
    expect(OPENSEARCH_DOMAIN).toMatchObject({ stoppable: false, holdsData: true, noBackupMethod: expect.any(String) });
  });

  it('ElastiCache: discovers the tagged group and clusters (not a look-alike); a member depends on its group', async () => {
    await seedGroup();
    await seedCacheCluster('payments-cache-001', PAYMENTS, { ReplicationGroupId: 'payments-cache' });
    await seedCacheCluster('payments-sessions', PAYMENTS);
    await seedCacheCluster('archive-sessions', OTHER);
    const before = await actions();
    const found = await discoverAll(portsOn([ELASTICACHE_REPLICATION_GROUP, ELASTICACHE_CACHE_CLUSTER]));
    expect([...found.keys()].sort()).toEqual(
      [groupArn('payments-cache'), cacheArn('payments-cache-001'), cacheArn('payments-sessions')].sort(),
    );
    expect(found.get(groupArn('payments-cache'))).toMatchObject({
      type: 'AWS::ElastiCache::ReplicationGroup',
      tags: PAYMENTS,
      dependsOn: [],
      resourceIdentity: expect.any(String),
    });
    expect(found.get(cacheArn('payments-cache-001'))?.dependsOn).toEqual([groupArn('payments-cache')]);
    expect(found.get(cacheArn('payments-sessions'))?.dependsOn).toEqual([]);
    expect(await actions()).toEqual(before);
  });

  it('ElastiCache: a group delete keeps a final snapshot named from the action key and waits while deleting; a member is never deleted alone', async () => {
    await seedGroup();
    await seedCacheCluster('payments-cache-001', PAYMENTS, { ReplicationGroupId: 'payments-cache' });
    const { retirement } = portsOn([ELASTICACHE_REPLICATION_GROUP, ELASTICACHE_CACHE_CLUSTER]);
    const member = actionOn(cacheArn('payments-cache-001'), 'resource.delete');
    expect((await run(retirement, member))._unsafeUnwrapErr()).toMatchObject({
      code: 'Conflict',
      message: expect.stringContaining('member of replication group payments-cache'),
    });
    expect(await actions()).not.toContain('DeleteCacheCluster');
    const remove = actionOn(groupArn('payments-cache'), 'resource.delete');
    const snapshot = finalSnapshotIdentifier(remove.key);
    // moto leaves a deleted group `deleting` for ever: the handler keeps waiting (the confirmation is tested mocked).
    expect((await run(retirement, remove))._unsafeUnwrap()).toMatchObject({
      status: 'pending',
      checkpoint: { replicationGroupId: 'payments-cache', finalSnapshot: snapshot },
    });
    const deletes = (await mutatingRequests()).filter((request) => request.action === 'DeleteReplicationGroup');
    expect(deletes).toHaveLength(1);
    const sent = new URLSearchParams(deletes[0]?.body ?? '');
    expect(sent.get('FinalSnapshotIdentifier')).toBe(snapshot);
    expect(sent.get('RetainPrimaryCluster')).toBe('false');
    expect(await reconcile(retirement, remove)).toMatchObject({ status: 'pending' });
    const state = await clients()
      .get('elasticache', TEST_REGION)
      .send(new DescribeReplicationGroupsCommand({ ReplicationGroupId: 'payments-cache' }));
    expect(state.ReplicationGroups?.[0]?.Status).toBe('deleting');
  });

  it('ElastiCache: a standalone Redis cluster delete keeps a final snapshot; a Memcached one keeps none; no stop, no protection', async () => {
    await seedCacheCluster('payments-sessions', PAYMENTS);
    await seedCacheCluster('payments-memcached', PAYMENTS, { Engine: 'memcached' });
    const { retirement } = portsOn([ELASTICACHE_CACHE_CLUSTER]);
    await expectNoStopNorProtection(retirement, cacheArn('payments-sessions'), groupArn('payments-sessions'));
    const redis = actionOn(cacheArn('payments-sessions'), 'resource.delete');
    expect((await run(retirement, redis))._unsafeUnwrap()).toMatchObject({
      status: 'pending',
      checkpoint: { cacheClusterId: 'payments-sessions', finalSnapshot: finalSnapshotIdentifier(redis.key) },
    });
    const memcached = actionOn(cacheArn('payments-memcached'), 'resource.delete');
    expect((await run(retirement, memcached))._unsafeUnwrap()).toMatchObject({
      status: 'pending',
      checkpoint: { cacheClusterId: 'payments-memcached', finalSnapshot: null },
    });
    const bodies = (await mutatingRequests())
      .filter((request) => request.action === 'DeleteCacheCluster')
      .map((request) => Object.fromEntries(new URLSearchParams(request.body ?? '')));
    expect(bodies).toEqual([
      expect.objectContaining({
        CacheClusterId: 'payments-sessions',
        FinalSnapshotIdentifier: finalSnapshotIdentifier(redis.key),
      }),
      expect.not.objectContaining({ FinalSnapshotIdentifier: expect.anything() }),
    ]);
  });

  it('EFS: discovers tagged file systems; deletes the mount targets first, then the file system; a repeat is done', async () => {
    const efs = clients().get('efs', TEST_REGION);
    const created = await efs.send(new CreateFileSystemCommand({ CreationToken: 'payments', Tags: tagList(PAYMENTS) }));
    await efs.send(new CreateFileSystemCommand({ CreationToken: 'archive', Tags: tagList(OTHER) }));
    const id = created.FileSystemId ?? '';
    const ec2 = clients().get('ec2', TEST_REGION);
    const vpc = await ec2.send(new CreateVpcCommand({ CidrBlock: '10.7.0.0/16' }));
    const subnet = await ec2.send(
      new CreateSubnetCommand({ VpcId: vpc.Vpc?.VpcId, CidrBlock: '10.7.1.0/24', AvailabilityZone: `${TEST_REGION}a` }),
    );
    await efs.send(new CreateMountTargetCommand({ FileSystemId: id, SubnetId: subnet.Subnet?.SubnetId }));
    const ports = portsOn([EFS_FILE_SYSTEM]);
    const found = await discoverAll(ports);
    expect([...found.keys()]).toEqual([fileSystemArn(id)]);
    expect(found.get(fileSystemArn(id))).toMatchObject({
      type: 'AWS::EFS::FileSystem',
      tags: PAYMENTS,
      resourceIdentity: expect.any(String),
    });
    const remove = actionOn(fileSystemArn(id), 'resource.delete');
    expect(await reconcile(ports.retirement, remove)).toEqual({ status: 'absent' });
    expect((await run(ports.retirement, remove))._unsafeUnwrap()).toEqual({
      status: 'done',
      result: { fileSystemId: id, state: 'deleted' },
    });
    const sent = (await actions()).filter((action) => action.startsWith('DELETE '));
    expect(sent).toEqual([expect.stringContaining('/mount-targets/'), expect.stringContaining(`/file-systems/${id}`)]);
    const left = await efs.send(new DescribeFileSystemsCommand({}));
    expect(left.FileSystems?.map((one) => one.FileSystemId)).not.toContain(id);
    expect(await reconcile(ports.retirement, remove)).toMatchObject({ status: 'done' });
    expect((await run(ports.retirement, remove))._unsafeUnwrap()).toMatchObject({ status: 'done' });
    expect((await actions()).filter((action) => action.startsWith('DELETE '))).toHaveLength(2);
  });

  it('Redshift: discovered by its tags; paused as a scream test; deleted keeping a final snapshot confirmed available', async () => {
    const redshift = clients().get('redshift', TEST_REGION);
    const seed = (id: string, tags: Record<string, string>) =>
      redshift.send(
        new CreateClusterCommand({
          ClusterIdentifier: id,
          NodeType: 'dc2.large',
          MasterUsername: 'admin',
          MasterUserPassword: 'Password1',
          ClusterType: 'single-node',
          Tags: tagList(tags),
        }),
      );
    await seed('payments-dw', PAYMENTS);
    await seed('archive-dw', OTHER);
    const ports = portsOn([REDSHIFT_CLUSTER]);
    const found = await discoverAll(ports);
    expect([...found.keys()]).toEqual([redshiftArn('payments-dw')]);
    expect(found.get(redshiftArn('payments-dw'))).toMatchObject({ type: 'AWS::Redshift::Cluster', tags: PAYMENTS });
    const stop = actionOn(redshiftArn('payments-dw'), 'resource.stop');
    expect((await run(ports.retirement, stop))._unsafeUnwrap()).toMatchObject({
      status: 'done',
      result: { clusterIdentifier: 'payments-dw' },
    });
    expect(await actions()).toContain('PauseCluster');
    const remove = actionOn(redshiftArn('payments-dw'), 'resource.delete');
    const snapshot = finalSnapshotIdentifier(remove.key);
    expect((await run(ports.retirement, remove))._unsafeUnwrap()).toEqual({
      status: 'done',
      result: {
        clusterIdentifier: 'payments-dw',
        state: 'deleted',
        finalSnapshotIdentifier: snapshot,
        finalSnapshotArn: expect.any(String),
        finalSnapshotStatus: 'available',
      },
    });
    const deletes = (await mutatingRequests()).filter((request) => request.action === 'DeleteCluster');
    expect(Object.fromEntries(new URLSearchParams(deletes[0]?.body ?? ''))).toMatchObject({
      ClusterIdentifier: 'payments-dw',
      SkipFinalClusterSnapshot: 'false',
      FinalClusterSnapshotIdentifier: snapshot,
    });
    const snapshots = await redshift.send(new DescribeClusterSnapshotsCommand({ SnapshotIdentifier: snapshot }));
    expect(snapshots.Snapshots?.[0]?.ClusterIdentifier).toBe('payments-dw');
    expect(
      (await redshift.send(new DescribeClustersCommand({}))).Clusters?.map((one) => one.ClusterIdentifier),
    ).toEqual(['archive-dw']);
    expect(await reconcile(ports.retirement, remove)).toMatchObject({
      status: 'done',
      result: { finalSnapshotIdentifier: snapshot },
    });
  });

  it('OpenSearch: discovered by its tags; deleted with DeleteDomain until gone; no stop, no protection', async () => {
    const opensearch = clients().get('opensearch', TEST_REGION);
    await opensearch.send(new CreateDomainCommand({ DomainName: 'payments-search', TagList: tagList(PAYMENTS) }));
    await opensearch.send(new CreateDomainCommand({ DomainName: 'archive-search', TagList: tagList(OTHER) }));
    const ports = portsOn([OPENSEARCH_DOMAIN]);
    const found = await discoverAll(ports);
    expect([...found.keys()]).toEqual([domainArn('payments-search')]);
    expect(found.get(domainArn('payments-search'))).toMatchObject({ type: 'AWS::OpenSearch::Domain', tags: PAYMENTS });
    await expectNoStopNorProtection(ports.retirement, domainArn('payments-search'), groupArn('payments-search'));
    const remove = actionOn(domainArn('payments-search'), 'resource.delete');
    expect((await run(ports.retirement, remove))._unsafeUnwrap()).toEqual({
      status: 'done',
      result: { domainName: 'payments-search', state: 'deleted' },
    });
    const names = (await opensearch.send(new ListDomainNamesCommand({}))).DomainNames?.map((one) => one.DomainName);
    expect(names).toEqual(['archive-search']);
  });
});
