import { createEngine, decommissionChecklist, memoryJournal } from '@decomkit/core';
import { AWS_TYPES, createFakeCloud, type FakeCloudSeed, restoreFakeCloud } from '@decomkit/fake';
import { describe, expect, it } from 'vitest';
import { standardSeed, standardWorkload } from '../../core/test/support/standard-world.js';
import { ACCOUNT, actionOn, contextFor, discoverAll, handler, REGION } from './support.js';

const tags = { workload: 'payments' };
const arnOf = (service: string, resource: string) => `arn:aws:${service}:${REGION}:${ACCOUNT}:${resource}`;
const GROUP = arnOf('elasticache', 'replicationgroup:payments-cache');
const MEMBER = arnOf('elasticache', 'cluster:payments-cache-001');
const SESSIONS = arnOf('elasticache', 'cluster:payments-sessions');
const MEMCACHED = arnOf('elasticache', 'cluster:payments-memcached');
const FILES = arnOf('elasticfilesystem', 'file-system/fs-0123456789abcdef0');
const WAREHOUSE = arnOf('redshift', 'cluster:payments-dw');
const SEARCH = arnOf('es', 'domain/payments-search');
const NEW_TYPES = [
  AWS_TYPES.cacheGroup,
  AWS_TYPES.cacheCluster,
  AWS_TYPES.fileSystem,
  AWS_TYPES.warehouse,
  AWS_TYPES.searchDomain,
] as const;

const SOURCE = {
  cacheGroups: [{ groupId: 'payments-cache', tags }],
  cacheClusters: [
    { clusterId: 'payments-cache-001', groupId: 'payments-cache', tags },
    { clusterId: 'payments-sessions', tags },
    { clusterId: 'payments-memcached', engine: 'memcached' as const, tags },
    { clusterId: 'billing-sessions', tags: { workload: 'billing' } },
  ],
  fileSystems: [{ fileSystemId: 'fs-0123456789abcdef0', mountTargets: 2, tags }],
  warehouses: [{ clusterIdentifier: 'payments-dw', tags }],
  searchDomains: [{ domainName: 'payments-search', tags }],
};

const world = () => createFakeCloud({ source: SOURCE });

async function execute(cloud: ReturnType<typeof world>, kind: string, arn: string, type: string) {
  const action = actionOn(kind, arn, {}, type);
  return { action, outcome: await handler(cloud, kind).execute(action, contextFor(cloud, action)) };
}

describe('ElastiCache, EFS, Redshift and OpenSearch kinds of the fake', () => {
  it('are supported, with the traits the AWS provider gives them', () => {
    const cloud = world();
    for (const type of NEW_TYPES) expect(cloud.providers.retirement.supportedTypes).toContain(type);
    const traits = (type: string) => cloud.providers.inventory.resourceTypes.find((found) => found.type === type);
    expect(traits(AWS_TYPES.cacheGroup)).toMatchObject({ stoppable: false, holdsData: false });
    expect(traits(AWS_TYPES.cacheCluster)).toMatchObject({ stoppable: false, holdsData: false });
    expect(traits(AWS_TYPES.fileSystem)).toMatchObject({ stoppable: false, holdsData: true });
    expect(traits(AWS_TYPES.warehouse)).toMatchObject({ stoppable: true, holdsData: true });
    expect(traits(AWS_TYPES.searchDomain)).toMatchObject({ holdsData: true, noBackupMethod: expect.any(String) });
    expect(traits(AWS_TYPES.cacheCluster)?.matchesArn(GROUP)).toBe(false);
  });

  it('are discovered by tag (not the look-alike); a member cluster depends on its group', async () => {
    const found = await discoverAll(world(), { tags });
    const ours = found.filter((resource) => (NEW_TYPES as readonly string[]).includes(resource.type));
    expect(ours.map((resource) => resource.arn).sort()).toEqual(
      [GROUP, MEMBER, SESSIONS, MEMCACHED, FILES, WAREHOUSE, SEARCH].sort(),
    );
    const byArn = new Map(ours.map((resource) => [resource.arn, resource]));
    expect(byArn.get(MEMBER)?.dependsOn).toEqual([GROUP]);
    expect(byArn.get(SESSIONS)?.dependsOn).toEqual([]);
    expect(byArn.get(FILES)?.resourceIdentity).toEqual(expect.any(String));
  });

  it('never deletes a member alone; the group delete keeps a final snapshot and takes its member along', async () => {
    const cloud = world();
    const member = await execute(cloud, 'resource.delete', MEMBER, AWS_TYPES.cacheCluster);
    expect(member.outcome._unsafeUnwrapErr()).toMatchObject({ code: 'Conflict' });
    expect(cloud.calls.mutating()).toEqual([]);
    const group = await execute(cloud, 'resource.delete', GROUP, AWS_TYPES.cacheGroup);
    expect(group.outcome._unsafeUnwrap()).toEqual({
      status: 'done',
      result: {
        replicationGroupId: 'payments-cache',
        state: 'deleted',
        finalSnapshotIdentifier: expect.stringMatching(/^decomkit-final-/),
        finalSnapshotArn: expect.stringContaining(':snapshot:decomkit-final-'),
        finalSnapshotStatus: 'available',
      },
    });
    expect(cloud.source.cacheClusters().map((cluster) => cluster.clusterId)).not.toContain('payments-cache-001');
    const again = await execute(cloud, 'resource.delete', MEMBER, AWS_TYPES.cacheCluster);
    expect(again.outcome._unsafeUnwrap()).toMatchObject({ status: 'done' });
  });

  it('a standalone Redis cluster keeps a final snapshot, a Memcached one none', async () => {
    const cloud = world();
    const redis = await execute(cloud, 'resource.delete', SESSIONS, AWS_TYPES.cacheCluster);
    expect(redis.outcome._unsafeUnwrap()).toMatchObject({ result: { finalSnapshotStatus: 'available' } });
    const memcached = await execute(cloud, 'resource.delete', MEMCACHED, AWS_TYPES.cacheCluster);
    expect(memcached.outcome._unsafeUnwrap()).toMatchObject({ result: { finalSnapshotIdentifier: null } });
    expect(cloud.source.dataSnapshots().map((snapshot) => snapshot.source)).toEqual([SESSIONS]);
  });

  it('deletes an EFS file system after its mount targets; pauses then deletes a Redshift cluster; deletes a domain', async () => {
    const cloud = world();
    expect((await execute(cloud, 'resource.delete', FILES, AWS_TYPES.fileSystem)).outcome._unsafeUnwrap()).toEqual({
      status: 'done',
      result: { fileSystemId: 'fs-0123456789abcdef0', state: 'deleted' },
    });
    const operations = cloud.calls.mutating().map((call) => call.operation);
    expect(operations).toEqual(['DeleteMountTarget', 'DeleteFileSystem']);
    const stop = await execute(cloud, 'resource.stop', WAREHOUSE, AWS_TYPES.warehouse);
    expect(stop.outcome._unsafeUnwrap()).toEqual({
      status: 'done',
      result: { clusterIdentifier: 'payments-dw', state: 'paused' },
    });
    const remove = await execute(cloud, 'resource.delete', WAREHOUSE, AWS_TYPES.warehouse);
    expect(remove.outcome._unsafeUnwrap()).toMatchObject({ result: { finalSnapshotStatus: 'available' } });
    const domain = await execute(cloud, 'resource.delete', SEARCH, AWS_TYPES.searchDomain);
    expect(domain.outcome._unsafeUnwrap()).toEqual({
      status: 'done',
      result: { domainName: 'payments-search', state: 'deleted' },
    });
    expect(cloud.source.warehouses()).toEqual([]);
    expect(cloud.source.searchDomains()).toEqual([]);
  });

  it('restores a world saved before these types were modelled, with none of them', () => {
    const saved = createFakeCloud().snapshot() as unknown as Record<string, unknown>;
    for (const list of ['cacheGroups', 'cacheClusters', 'fileSystems', 'warehouses', 'searchDomains', 'dataSnapshots'])
      delete saved[list];
    const restored = restoreFakeCloud(saved as never);
    expect(restored.source.fileSystems()).toEqual([]);
    expect(restored.source.dataSnapshots()).toEqual([]);
  });
});

describe('the standard checklist with the data types on the fake cloud', () => {
  function seed(): FakeCloudSeed {
    const base = standardSeed('2026-12-16T00:00:00Z');
    return { ...base, source: { ...base.source, ...SOURCE } };
  }

  it('backs up the EFS file system and Redshift cluster, blocks the OpenSearch domain (no backup method), retires a member with its group', async () => {
    const cloud = createFakeCloud(seed());
    const engine = createEngine({
      checklist: decommissionChecklist(standardWorkload()),
      providers: cloud.providers,
      journal: memoryJournal(),
    })._unsafeUnwrap();
    const plan = (await engine.plan())._unsafeUnwrap();
    const findings = plan.steps.flatMap((step) => step.findings).filter((finding) => finding.severity === 'blocking');
    expect(findings.find((finding) => finding.resource === SEARCH)).toMatchObject({ code: 'no-backup-method' });
    const actions = plan.steps.flatMap((step) => step.actions);
    const kinds = (arn: string) => actions.filter((action) => action.target.arn === arn).map((action) => action.kind);
    expect(kinds(SEARCH)).toEqual([]);
    expect(kinds(FILES)).toEqual(['backup.create', 'resource.delete']);
    expect(kinds(WAREHOUSE)).toEqual(['backup.create', 'resource.stop', 'resource.delete']);
    expect(kinds(GROUP)).toEqual(['resource.delete']);
    const memberDelete = actions.find((action) => action.target.arn === MEMBER && action.kind === 'resource.delete');
    expect(memberDelete?.dependsOn).toContain(
      actions.find((action) => action.target.arn === GROUP && action.kind === 'resource.delete')?.key,
    );
    const approve = () => true;
    const first = (await engine.apply(plan, { approve }))._unsafeUnwrap();
    cloud.clock.advance(3_600_000);
    (await engine.resume(first.runId, { approve }))._unsafeUnwrap();
    expect(cloud.source.searchDomains().map((domain) => domain.arn)).toEqual([SEARCH]);
    expect(cloud.source.fileSystems()).toEqual([]);
    expect(cloud.source.warehouses()).toEqual([]);
    expect(cloud.source.cacheGroups()).toEqual([]);
    expect(cloud.source.cacheClusters().map((cluster) => cluster.arn)).toEqual([
      arnOf('elasticache', 'cluster:billing-sessions'),
    ]);
    const mutations = cloud.calls.mutating().map((call) => call.operation);
    // The member went with its group: no DeleteCacheCluster of its own, only of the standalone clusters.
    expect(cloud.calls.of('DeleteCacheCluster').map((call) => call.target)).toEqual([SESSIONS, MEMCACHED]);
    expect(mutations).not.toContain('DeleteDomain');
  });
});
