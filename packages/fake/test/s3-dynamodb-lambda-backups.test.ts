import { AWS_TYPES, createFakeCloud, restoreFakeCloud, type WorldState } from '@decomkit/fake';
import { nativeSnapshotIdentifier } from '@decomkit/provider-kit';
import { describe, expect, it } from 'vitest';
import { ACCOUNT, actionOn, contextFor, handler, REGION, runToEnd } from './support.js';

const tags = { workload: 'payments' };
const BUCKET = 'arn:aws:s3:::payments-reports';
const TABLE = `arn:aws:dynamodb:${REGION}:${ACCOUNT}:table/payments-sessions`;
const FUNCTION = `arn:aws:lambda:${REGION}:${ACCOUNT}:function:payments-webhook`;

function world() {
  return createFakeCloud({
    snapshotMinutes: 5,
    tableDeleteMinutes: 2,
    source: {
      buckets: [{ bucketName: 'payments-reports', tags }],
      tables: [{ tableName: 'payments-sessions', tags }],
      functions: [{ functionName: 'payments-webhook', tags }],
    },
  });
}

const native = (arn: string) => actionOn('backup.create', arn, { vault: 'v', retainDays: 30, method: 'native' });
const awsBackup = (arn: string) => actionOn('backup.create', arn, { vault: 'v', retainDays: 30 });

describe('backups of S3 buckets, DynamoDB tables and Lambda functions', () => {
  it('take a native DynamoDB backup named after the action key, then delete the table; the backup outlives it', async () => {
    const cloud = world();
    const backup = native(TABLE);
    const first = (await handler(cloud, 'backup.create').execute(backup, contextFor(cloud, backup)))._unsafeUnwrap();
    expect(first).toMatchObject({ status: 'pending', checkpoint: { method: 'native' } });
    const result = await runToEnd(cloud, backup);
    expect(result).toMatchObject({
      method: 'native',
      status: 'COMPLETED',
      snapshotIdentifier: nativeSnapshotIdentifier(backup.key),
      retainDays: 30,
    });
    expect(String(result.snapshotArn)).toMatch(new RegExp(`^${TABLE}/backup/`));
    // The second execute found the first attempt's backup by name: one CreateBackup only.
    expect(cloud.calls.of('CreateBackup')).toHaveLength(1);
    const points = (await cloud.providers.backups.listRecoveryPoints?.(TABLE))?._unsafeUnwrap();
    expect(points).toEqual([
      expect.objectContaining({ arn: result.snapshotArn, status: 'COMPLETED', actionKey: null }),
    ]);
    expect(await runToEnd(cloud, actionOn('resource.delete', TABLE))).toEqual({
      tableName: 'payments-sessions',
      state: 'deleted',
    });
    expect(cloud.source.tables()).toEqual([]);
    expect(cloud.source.tableBackups()).toEqual([
      expect.objectContaining({ tableName: 'payments-sessions', status: 'AVAILABLE' }),
    ]);
  });

  it('reconcile a native table backup after a crash: absent before, found by name after', async () => {
    const cloud = world();
    const backup = native(TABLE);
    const reconcile = () => handler(cloud, 'backup.create').reconcile(backup, contextFor(cloud, backup));
    expect((await reconcile())._unsafeUnwrap()).toEqual({ status: 'absent' });
    (await handler(cloud, 'backup.create').execute(backup, contextFor(cloud, backup)))._unsafeUnwrap();
    expect((await reconcile())._unsafeUnwrap().status).toBe('pending');
    cloud.clock.advance(6 * 60_000);
    expect((await reconcile())._unsafeUnwrap()).toMatchObject({ status: 'done', result: { status: 'COMPLETED' } });
  });

  it('refuse a native backup of a bucket or a function (InvalidInput naming it); AWS Backup takes tables and buckets, not functions', async () => {
    const cloud = world();
    for (const arn of [BUCKET, FUNCTION]) {
      const action = native(arn);
      const refused = await handler(cloud, 'backup.create').execute(action, contextFor(cloud, action));
      expect(refused._unsafeUnwrapErr()).toMatchObject({ code: 'InvalidInput' });
      expect(refused._unsafeUnwrapErr().message).toContain(`no native snapshot for ${arn}`);
    }
    expect(await runToEnd(cloud, awsBackup(TABLE))).toMatchObject({ method: 'aws-backup', status: 'COMPLETED' });
    expect(await runToEnd(cloud, awsBackup(BUCKET))).toMatchObject({ method: 'aws-backup', status: 'COMPLETED' });
    expect(cloud.source.backupJobs().map((job) => job.resourceType)).toEqual(['DynamoDB', 'S3']);
    const lambda = awsBackup(FUNCTION);
    const refused = await handler(cloud, 'backup.create').execute(lambda, contextFor(cloud, lambda));
    expect(refused._unsafeUnwrapErr()).toMatchObject({ code: 'InvalidInput' });
    expect(refused._unsafeUnwrapErr().message).toContain(FUNCTION);
  });
});

describe('snapshots of a world with buckets, tables and functions', () => {
  it('restore mid-delete and mid-backup: reconcile in the restored world continues where the first left off', async () => {
    const cloud = world();
    const remove = actionOn('resource.delete', TABLE);
    const backup = native(TABLE);
    (await handler(cloud, 'backup.create').execute(backup, contextFor(cloud, backup)))._unsafeUnwrap();
    cloud.clock.advance(6 * 60_000);
    (await handler(cloud, 'resource.delete').execute(remove, contextFor(cloud, remove)))._unsafeUnwrap();
    const stop = actionOn('resource.stop', FUNCTION);
    (await handler(cloud, 'resource.stop').execute(stop, contextFor(cloud, stop)))._unsafeUnwrap();
    const bucketDelete = actionOn('resource.delete', BUCKET);
    (await handler(cloud, 'resource.delete').execute(bucketDelete, contextFor(cloud, bucketDelete)))._unsafeUnwrap();
    const snapshot = cloud.snapshot();
    const restored = restoreFakeCloud(JSON.parse(JSON.stringify(snapshot)));
    expect(restored.snapshot()).toEqual(snapshot);
    const reconcile = (action: typeof remove) =>
      handler(restored, action.kind).reconcile(action, contextFor(restored, action));
    expect((await reconcile(remove))._unsafeUnwrap().status).toBe('pending');
    expect((await reconcile(backup))._unsafeUnwrap().status).toBe('done');
    expect((await reconcile(stop))._unsafeUnwrap().status).toBe('done');
    expect((await reconcile(bucketDelete))._unsafeUnwrap().status).toBe('done');
    restored.clock.advance(3 * 60_000);
    expect((await reconcile(remove))._unsafeUnwrap().status).toBe('done');
    expect(restored.source.tables()).toEqual([]);
  });

  it('restore a snapshot saved before buckets, tables and functions were modelled (none of them)', async () => {
    const legacy: Record<string, unknown> = { ...createFakeCloud().snapshot() };
    for (const field of ['buckets', 'tables', 'tableBackups', 'functions', 'tableDeleteMinutes']) delete legacy[field];
    const restored = restoreFakeCloud(legacy as unknown as WorldState);
    expect(restored.source.buckets()).toEqual([]);
    expect(restored.snapshot().tableDeleteMinutes).toBe(1);
    expect((await restored.providers.inventory.describe(TABLE))._unsafeUnwrap()).toBeNull();
    expect(restored.providers.retirement.supportedTypes).toContain(AWS_TYPES.table);
  });
});
