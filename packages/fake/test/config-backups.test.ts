import { createFakeCloud, restoreFakeCloud } from '@decomkit/fake';
import { ACTION_TAG, SOURCE_TAG } from '@decomkit/provider-kit';
import { describe, expect, it } from 'vitest';
import { actionOn, arn, contextFor, handler, runToEnd } from './support.js';

const tags = { workload: 'payments' };

describe('AWS Config', () => {
  it('shows a deleted resource live until the lag has passed, then ResourceDeleted', async () => {
    const cloud = createFakeCloud({ configLagMinutes: 15, source: { instances: [{ id: 'i-1', tags }] } });
    const records = async () => (await cloud.providers.configInventory.records([arn.instance('i-1')]))._unsafeUnwrap();
    expect((await records())[0]).toMatchObject({ type: 'AWS::EC2::Instance', status: 'ResourceDiscovered' });
    await runToEnd(cloud, actionOn('resource.delete', arn.instance('i-1')));
    expect((await cloud.providers.inventory.describe(arn.instance('i-1')))._unsafeUnwrap()).toBeNull();
    cloud.clock.advance(14 * 60_000);
    expect((await records())[0]?.status).toBe('ResourceDiscovered');
    cloud.clock.advance(60_000);
    expect((await records())[0]).toMatchObject({ status: 'ResourceDeleted', capturedAt: '2026-11-01T00:00:00.000Z' });
  });

  it('does not know a resource created within the lag, nor one it never recorded', async () => {
    const cloud = createFakeCloud({
      configLagMinutes: 15,
      source: { autoScalingGroups: [{ groupName: 'g', desiredCapacity: 1, tags }] },
    });
    const [original] = cloud.source.instances();
    await runToEnd(cloud, actionOn('resource.delete', original?.arn ?? ''));
    const replacement = cloud.source.instances().find((instance) => instance.state === 'running');
    const arns = [replacement?.arn ?? '', arn.instance('i-never')];
    expect((await cloud.providers.configInventory.records(arns))._unsafeUnwrap()).toEqual([]);
    cloud.clock.advance(15 * 60_000);
    expect(
      (await cloud.providers.configInventory.records(arns))._unsafeUnwrap().map((record) => record.status),
    ).toEqual(['ResourceDiscovered']);
  });

  it('records an RDS delete when it finishes, not when it starts', async () => {
    const cloud = createFakeCloud({
      configLagMinutes: 10,
      rdsDeleteMinutes: 30,
      source: { dbInstances: [{ id: 'db', tags }] },
    });
    await handler(cloud, 'resource.delete').execute(
      actionOn('resource.delete', arn.dbInstance('db')),
      contextFor(cloud, actionOn('resource.delete', arn.dbInstance('db'))),
    );
    cloud.clock.advance(35 * 60_000); // deleted at +30 min, Config shows it at +40
    const status = async () =>
      (await cloud.providers.configInventory.records([arn.dbInstance('db')]))._unsafeUnwrap()[0]?.status;
    expect(await status()).toBe('OK');
    cloud.clock.advance(5 * 60_000);
    expect(await status()).toBe('ResourceDeleted');
  });
});

describe('backup.create', () => {
  const world = () =>
    createFakeCloud({
      backupMinutes: 10,
      snapshotMinutes: 5,
      source: {
        instances: [{ id: 'i-1', tags }],
        volumes: [
          { id: 'vol-1', instanceId: 'i-1', tags },
          { id: 'vol-2', instanceId: 'i-1', tags },
        ],
        dbInstances: [{ id: 'db', tags }],
        dbClusters: [{ id: 'aurora', tags, members: ['aurora-1'] }],
        securityGroups: [{ id: 'sg-1', tags }],
      },
    });
  const params = { vault: 'decom', retainDays: 30 };

  it('backs up volumes, RDS instances and clusters through AWS Backup, once per action', async () => {
    const cloud = world();
    for (const target of [arn.volume('vol-1'), arn.dbInstance('db'), arn.dbCluster('aurora')]) {
      const action = actionOn('backup.create', target, params);
      const result = await runToEnd(cloud, action);
      expect(result).toMatchObject({ method: 'aws-backup', status: 'COMPLETED', retainDays: 30 });
      await runToEnd(cloud, action); // same idempotency token: same job
      expect(cloud.source.backupJobs().filter((job) => job.resourceArn === target)).toHaveLength(1);
      const points = (await cloud.providers.backups.listRecoveryPoints(target))._unsafeUnwrap();
      expect(points.map((point) => [point.status, point.actionKey])).toEqual([['COMPLETED', action.key]]);
    }
    expect(cloud.source.backupJobs().map((job) => job.resourceType)).toEqual(['EBS', 'RDS', 'Aurora']);
  });

  it('refuses types AWS Backup does not take, Aurora members, and bad params', async () => {
    const cloud = world();
    const context = (action: ReturnType<typeof actionOn>) => contextFor(cloud, action);
    const create = handler(cloud, 'backup.create');
    for (const target of [arn.securityGroup('sg-1'), arn.dbInstance('aurora-1')]) {
      const action = actionOn('backup.create', target, params);
      expect((await create.execute(action, context(action)))._unsafeUnwrapErr().message).toMatch(
        /^InvalidParameterValueException/,
      );
    }
    const gone = actionOn('backup.create', arn.volume('vol-gone'), params);
    expect((await create.execute(gone, context(gone)))._unsafeUnwrapErr().code).toBe('NotFound');
    const bad = actionOn('backup.create', arn.volume('vol-1'), { ...params, method: 'tape' });
    expect((await create.execute(bad, context(bad)))._unsafeUnwrapErr().code).toBe('InvalidInput');
  });

  it('takes native EBS snapshots of every volume of an instance, tagged with the action, waiting until completed', async () => {
    const cloud = world();
    const action = actionOn('backup.create', arn.instance('i-1'), { ...params, method: 'native' });
    const create = handler(cloud, 'backup.create');
    expect((await create.reconcile(action, contextFor(cloud, action)))._unsafeUnwrap()).toEqual({ status: 'absent' });
    const first = (await create.execute(action, contextFor(cloud, action)))._unsafeUnwrap();
    expect(first).toMatchObject({ status: 'pending', checkpoint: { method: 'native' } });
    const snapshots = cloud.source.snapshots();
    expect(snapshots.map((snapshot) => [snapshot.volumeId, snapshot.state])).toEqual([
      ['vol-1', 'pending'],
      ['vol-2', 'pending'],
    ]);
    for (const snapshot of snapshots) {
      expect(snapshot.tags).toEqual({ [ACTION_TAG]: action.key, [SOURCE_TAG]: arn.instance('i-1') }); // no workload tags: never in scope
    }
    expect((await create.reconcile(action, contextFor(cloud, action)))._unsafeUnwrap().status).toBe('pending');
    const result = await runToEnd(cloud, action); // finds its own snapshots by tag: creates nothing more
    expect(result).toMatchObject({ method: 'native', status: 'COMPLETED', snapshotArns: snapshots.map((s) => s.arn) });
    expect(cloud.calls.of('CreateSnapshots')).toHaveLength(1);
    const points = (await cloud.providers.backups.listRecoveryPoints(arn.instance('i-1')))._unsafeUnwrap();
    expect(points.map((point) => [point.status, point.retainUntil])).toEqual([
      ['COMPLETED', null],
      ['COMPLETED', null],
    ]);
  });

  it('takes native RDS DB and cluster snapshots named after the action key', async () => {
    const cloud = world();
    for (const [target, kind] of [
      [arn.dbInstance('db'), 'db'],
      [arn.dbCluster('aurora'), 'cluster'],
    ] as const) {
      const action = actionOn('backup.create', target, { ...params, method: 'native' });
      const result = await runToEnd(cloud, action);
      expect(result).toMatchObject({ method: 'native', status: 'COMPLETED' });
      await runToEnd(cloud, action);
      expect(cloud.source.dbSnapshots().filter((snapshot) => snapshot.kind === kind)).toHaveLength(1);
    }
  });

  it('survives snapshot() / restoreFakeCloud() mid-wait: the restored world completes the job', async () => {
    const cloud = world();
    const action = actionOn('backup.create', arn.volume('vol-2'), { ...params, method: 'native' });
    await handler(cloud, 'backup.create').execute(action, contextFor(cloud, action));
    const restored = restoreFakeCloud(JSON.parse(JSON.stringify(cloud.snapshot())));
    expect(restored.snapshot()).toEqual(cloud.snapshot());
    const result = await runToEnd(restored, action);
    expect(result).toMatchObject({ status: 'COMPLETED' });
    expect(restored.calls.of('CreateSnapshot')).toEqual([]);
  });
});
