import { createFakeCloud, restoreFakeCloud } from '@decomkit/fake';
import { describe, expect, it } from 'vitest';
import { actionOn, arn, contextFor, discoverAll, handler, runToEnd } from './support.js';

const tags = { workload: 'payments' };

function world() {
  return createFakeCloud({
    rdsDeleteMinutes: 5,
    source: {
      dbInstances: [
        { id: 'orders', tags, deletionProtection: true },
        { id: 'ledger', tags },
      ],
      dbClusters: [{ id: 'aurora', tags, members: ['aurora-1', 'aurora-2'] }],
    },
  });
}

describe('RDS DB instances', () => {
  it('refuse a delete under DeletionProtection before calling RDS', async () => {
    const cloud = world();
    const remove = actionOn('resource.delete', arn.dbInstance('orders'));
    const refused = await handler(cloud, 'resource.delete').execute(remove, contextFor(cloud, remove));
    expect(refused._unsafeUnwrapErr().code).toBe('Conflict');
    // Refused before the call, as the AWS provider does: RDS never sees the delete.
    expect(refused._unsafeUnwrapErr().message).toMatch(/^rds:DeleteDBInstance on .*deletion protection is on/);
    expect(cloud.calls.of('DeleteDBInstance')).toEqual([]);
    expect(cloud.source.dbInstance('orders')?.status).toBe('available');
  });

  it('are deleted with a final snapshot named after the action key, automated backups kept (safety rule 5)', async () => {
    const cloud = world();
    const remove = actionOn('resource.delete', arn.dbInstance('ledger'));
    const first = (await handler(cloud, 'resource.delete').execute(remove, contextFor(cloud, remove)))._unsafeUnwrap();
    expect(first.status).toBe('pending'); // RDS deletes take a while: the engine checkpoints
    expect((await cloud.providers.inventory.describe(arn.dbInstance('ledger')))._unsafeUnwrap()?.state).toBe(
      'deleting',
    );
    const result = await runToEnd(cloud, remove); // a second execute finds it deleting and waits on
    expect(result).toMatchObject({
      identifier: 'ledger',
      state: 'deleted',
      deleteAutomatedBackups: false,
      finalSnapshotStatus: 'available',
    });
    expect(String(result.finalSnapshotIdentifier)).toMatch(/^decomkit-final-[0-9a-f]{24}$/);
    expect(cloud.source.dbSnapshots()).toEqual([
      expect.objectContaining({
        id: result.finalSnapshotIdentifier,
        kind: 'db',
        sourceId: 'ledger',
        status: 'available',
      }),
    ]);
    expect(cloud.source.dbAutomatedBackups()).toEqual([
      expect.objectContaining({ sourceId: 'ledger', status: 'retained', retentionDays: 7 }),
    ]);
    expect(cloud.source.dbInstance('ledger')).toBeUndefined();
    expect((await cloud.providers.inventory.describe(arn.dbInstance('ledger')))._unsafeUnwrap()).toBeNull();
    expect(cloud.calls.of('DeleteDBInstance')).toHaveLength(1);
  });

  it('reconcile a crash mid-delete as pending, and after it as done with the final snapshot', async () => {
    const cloud = world();
    const remove = actionOn('resource.delete', arn.dbInstance('ledger'));
    const reconcile = () => handler(cloud, 'resource.delete').reconcile(remove, contextFor(cloud, remove));
    expect((await reconcile())._unsafeUnwrap()).toEqual({ status: 'absent' });
    await handler(cloud, 'resource.delete').execute(remove, contextFor(cloud, remove));
    expect((await reconcile())._unsafeUnwrap().status).toBe('pending');
    cloud.clock.advance(10 * 60_000);
    const done = (await reconcile())._unsafeUnwrap();
    expect(done).toMatchObject({ status: 'done', result: { finalSnapshotStatus: 'available' } });
  });

  it('reconcile and poll a delete gone without its final snapshot as not confirmed (ProviderFailure), never done', async () => {
    const deleted = world();
    const remove = actionOn('resource.delete', arn.dbInstance('ledger'));
    const result = await runToEnd(deleted, remove);
    const snapshot = String(result.finalSnapshotIdentifier);
    // The final snapshot is lost after the delete (an operator deletes it): the world saved without it.
    const saved = deleted.snapshot();
    const cloud = restoreFakeCloud({ ...saved, dbSnapshots: saved.dbSnapshots.filter((one) => one.id !== snapshot) });
    const deleting = handler(cloud, 'resource.delete');
    const checkpoint = { identifier: 'ledger', finalSnapshotIdentifier: snapshot };
    for (const outcome of [
      await deleting.reconcile(remove, contextFor(cloud, remove)),
      await deleting.poll?.(remove, checkpoint, contextFor(cloud, remove)),
    ]) {
      expect(outcome?._unsafeUnwrapErr()).toMatchObject({
        code: 'ProviderFailure',
        retryable: false,
        resource: arn.dbInstance('ledger'),
        message: expect.stringContaining(`final snapshot ${snapshot} is not found: the delete is not confirmed`),
      });
    }
  });

  it('stop, report a second stop as done, and start again by themselves after seven days', async () => {
    const cloud = world();
    const stop = actionOn('resource.stop', arn.dbInstance('ledger'));
    expect(await runToEnd(cloud, stop)).toEqual({ identifier: 'ledger', state: 'stopped' });
    expect(await runToEnd(cloud, stop)).toEqual({ identifier: 'ledger', state: 'stopped' });
    cloud.clock.advance(7 * 86_400_000 + 1);
    expect(cloud.source.dbInstance('ledger')?.status).toBe('available');
  });

  it('lift deletion protection, then delete', async () => {
    const cloud = world();
    await runToEnd(cloud, actionOn('protection.lift', arn.dbInstance('orders')));
    expect(cloud.source.dbInstance('orders')?.deletionProtection).toBe(false);
    await runToEnd(cloud, actionOn('resource.delete', arn.dbInstance('orders')));
    expect(cloud.source.dbInstance('orders')).toBeUndefined();
  });

  it('answer NotFound for an unknown instance', async () => {
    const cloud = world();
    const stop = actionOn('resource.stop', arn.dbInstance('nope'));
    const refused = await handler(cloud, 'resource.stop').execute(stop, contextFor(cloud, stop));
    expect(refused._unsafeUnwrapErr()).toMatchObject({ code: 'NotFound' });
    expect(refused._unsafeUnwrapErr().message).toMatch(/^DBInstanceNotFound/);
  });
});

describe('RDS clusters', () => {
  it('depend on their members, and cannot be deleted before them (InvalidDBClusterStateFault)', async () => {
    const cloud = world();
    const found = await discoverAll(cloud, { tags });
    const cluster = found.find((resource) => resource.arn === arn.dbCluster('aurora'));
    expect(cluster?.dependsOn).toEqual([arn.dbInstance('aurora-1'), arn.dbInstance('aurora-2')]);
    const remove = actionOn('resource.delete', arn.dbCluster('aurora'));
    const refused = await handler(cloud, 'resource.delete').execute(remove, contextFor(cloud, remove));
    expect(refused._unsafeUnwrapErr().message).toMatch(/^InvalidDBClusterStateFault: .*aurora-1, aurora-2/);
    const member = await runToEnd(cloud, actionOn('resource.delete', arn.dbInstance('aurora-1')));
    expect(member).toMatchObject({
      identifier: 'aurora-1',
      finalSnapshotIdentifier: null, // the cluster snapshots
      finalSnapshotNote: 'Aurora member: the cluster takes the final snapshot',
    });
    await runToEnd(cloud, actionOn('resource.delete', arn.dbInstance('aurora-2')));
    const result = await runToEnd(cloud, remove);
    expect(result).toMatchObject({ identifier: 'aurora', finalSnapshotStatus: 'available' });
    expect(cloud.source.dbSnapshots().map((snapshot) => [snapshot.kind, snapshot.sourceId])).toEqual([
      ['cluster', 'aurora'],
    ]);
    expect(cloud.source.dbClusters()).toEqual([]);
  });

  it('stop with their members; a member is not stopped on its own', async () => {
    const cloud = world();
    const member = await runToEnd(cloud, actionOn('resource.stop', arn.dbInstance('aurora-1')));
    expect(member).toMatchObject({ stopped: false });
    await runToEnd(cloud, actionOn('resource.stop', arn.dbCluster('aurora')));
    expect(
      cloud.source
        .dbInstances()
        .filter((instance) => instance.clusterId === 'aurora')
        .map((instance) => instance.status),
    ).toEqual(['stopped', 'stopped']);
  });
});
