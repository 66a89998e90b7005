import { AWS_TYPES, createFakeCloud } from '@decomkit/fake';
import { describe, expect, it } from 'vitest';
import { ACCOUNT, actionOn, contextFor, discoverAll, handler, REGION, runToEnd } from './support.js';

const tags = { workload: 'payments' };
const OTHER_ACCOUNT = '999988887777';
const bucket = (name: string) => `arn:aws:s3:::${name}`;
const table = (name: string) => `arn:aws:dynamodb:${REGION}:${ACCOUNT}:table/${name}`;
const lambda = (name: string) => `arn:aws:lambda:${REGION}:${ACCOUNT}:function:${name}`;

function world() {
  return createFakeCloud({
    tableDeleteMinutes: 2,
    source: {
      buckets: [
        { bucketName: 'payments-empty', tags },
        { bucketName: 'payments-full', tags, objects: 3 },
        { bucketName: 'payments-far', tags, region: 'us-east-1' },
        { bucketName: 'payments-secret', tags, tagsReadable: false },
        { bucketName: 'payments-untagged' },
        { bucketName: 'payments-theirs', tags, accountId: OTHER_ACCOUNT },
        { bucketName: 'billing-archive', tags: { workload: 'billing' } },
      ],
      tables: [
        { tableName: 'payments-ledger', tags, deletionProtection: true },
        { tableName: 'payments-sessions', tags },
      ],
      functions: [
        { functionName: 'payments-webhook', tags, reservedConcurrency: 5 },
        { functionName: 'payments-cron', tags },
        { functionName: 'payments-paused', tags, reservedConcurrency: 0 },
      ],
    },
  });
}

describe('S3 buckets, DynamoDB tables and Lambda functions: discovery', () => {
  it('finds them by tag in their region, as the caller’s, with protection, state and unreadable tags', async () => {
    const cloud = world();
    const found = await discoverAll(cloud, { tags });
    const byArn = new Map(found.map((resource) => [resource.arn, resource] as const));
    expect([...byArn.keys()].sort()).toEqual(
      [
        bucket('payments-empty'),
        bucket('payments-full'),
        bucket('payments-secret'),
        table('payments-ledger'),
        table('payments-sessions'),
        lambda('payments-webhook'),
        lambda('payments-cron'),
        lambda('payments-paused'),
      ].sort(),
    );
    expect(byArn.get(bucket('payments-empty'))).toMatchObject({
      type: AWS_TYPES.bucket,
      accountId: ACCOUNT,
      region: REGION,
      tags,
      protection: { deletion: false, stop: false },
    });
    expect(byArn.get(bucket('payments-secret'))?.tags).toBeNull();
    expect(byArn.get(table('payments-ledger'))).toMatchObject({
      state: 'ACTIVE',
      protection: { deletion: true, stop: false },
    });
    expect(byArn.get(lambda('payments-paused'))?.state).toBe('stopped');
    expect(byArn.get(lambda('payments-cron'))?.state).toBe('Active');
    const far = await discoverAll(cloud, { tags }, ['us-east-1']);
    expect(far.map((resource) => resource.arn)).toEqual([bucket('payments-far')]);
    expect(cloud.calls.mutating()).toEqual([]);
  });

  it('describes a bucket ARN wherever it lives; another account’s bucket is AccessDenied, a missing one null', async () => {
    const cloud = world();
    const describe = (arn: string) => cloud.providers.inventory.describe(arn);
    expect((await describe(bucket('payments-far')))._unsafeUnwrap()).toMatchObject({ region: 'us-east-1' });
    expect((await describe(bucket('payments-untagged')))._unsafeUnwrap()?.tags).toEqual({});
    expect((await describe(bucket('payments-theirs')))._unsafeUnwrapErr().code).toBe('AccessDenied');
    expect((await describe(bucket('no-such-bucket')))._unsafeUnwrap()).toBeNull();
    expect((await describe(table('no-such-table')))._unsafeUnwrap()).toBeNull();
    expect((await describe(lambda('no-such-function')))._unsafeUnwrap()).toBeNull();
  });

  it('are supported by the retirement port, no longer caught as unhandled', () => {
    const supported = world().providers.retirement.supportedTypes;
    expect(supported).toEqual(expect.arrayContaining([AWS_TYPES.bucket, AWS_TYPES.table, AWS_TYPES.function]));
  });
});

describe('S3 buckets: retirement', () => {
  it('delete an empty bucket (DeleteBucket naming the caller as owner); Config records it after its lag', async () => {
    const cloud = world();
    const remove = actionOn('resource.delete', bucket('payments-empty'));
    expect(await runToEnd(cloud, remove)).toEqual({ bucket: 'payments-empty', state: 'deleted' });
    expect(cloud.source.buckets().map((found) => found.bucketName)).not.toContain('payments-empty');
    expect(await runToEnd(cloud, remove)).toEqual({ id: 'payments-empty', alreadyGone: true });
    cloud.clock.advance(20 * 60_000);
    const records = (await cloud.providers.configInventory.records([bucket('payments-empty')]))._unsafeUnwrap();
    expect(records).toEqual([expect.objectContaining({ status: 'ResourceDeleted', type: AWS_TYPES.bucket })]);
  });

  it('refuse a bucket holding objects: Conflict, nothing deleted, nothing emptied', async () => {
    const cloud = world();
    const remove = actionOn('resource.delete', bucket('payments-full'));
    const refused = (
      await handler(cloud, 'resource.delete').execute(remove, contextFor(cloud, remove))
    )._unsafeUnwrapErr();
    expect(refused.code).toBe('Conflict');
    expect(refused.message).toContain('BucketNotEmpty');
    expect(refused.message).toContain('never empties');
    expect(cloud.calls.mutating()).toEqual([]);
    expect(cloud.source.buckets().find((found) => found.bucketName === 'payments-full')?.objectVersions).toBe(3);
  });

  it('refuse a bucket written to between the check and the delete (BucketNotEmpty), still never emptying it', async () => {
    const cloud = world();
    cloud.calls.onCall((call) => {
      if (call.operation === 'ListObjectVersions') void cloud.aws.s3.putObject('payments-empty', 'late.csv');
    });
    const remove = actionOn('resource.delete', bucket('payments-empty'));
    const refused = (
      await handler(cloud, 'resource.delete').execute(remove, contextFor(cloud, remove))
    )._unsafeUnwrapErr();
    expect(refused).toMatchObject({ code: 'Conflict' });
    expect(refused.message).toContain('written meanwhile');
    expect(cloud.source.buckets().find((found) => found.bucketName === 'payments-empty')?.objectVersions).toBe(1);
  });

  it('refuse another account’s bucket of the name (AccessDenied), and refuse to stop; lift is a no-op', async () => {
    const cloud = world();
    const remove = actionOn('resource.delete', bucket('payments-theirs'));
    const refused = await handler(cloud, 'resource.delete').execute(remove, contextFor(cloud, remove));
    expect(refused._unsafeUnwrapErr().code).toBe('AccessDenied');
    const stop = actionOn('resource.stop', bucket('payments-empty'));
    const notStopped = await handler(cloud, 'resource.stop').execute(stop, contextFor(cloud, stop));
    expect(notStopped._unsafeUnwrapErr()).toMatchObject({ code: 'InvalidInput' });
    expect(notStopped._unsafeUnwrapErr().message).toContain('cannot be stopped');
    expect(await runToEnd(cloud, actionOn('protection.lift', bucket('payments-empty')))).toEqual({
      protection: 'none',
      type: AWS_TYPES.bucket,
    });
    expect(cloud.calls.mutating()).toEqual([]);
  });
});

describe('DynamoDB tables: retirement', () => {
  it('refuse to delete a protected table until protection is lifted, then delete it (DELETING, polled)', async () => {
    const cloud = world();
    const remove = actionOn('resource.delete', table('payments-ledger'));
    const refused = await handler(cloud, 'resource.delete').execute(remove, contextFor(cloud, remove));
    expect(refused._unsafeUnwrapErr()).toMatchObject({ code: 'Conflict' });
    expect(refused._unsafeUnwrapErr().message).toContain('deletion protection is on');
    expect(cloud.calls.mutating()).toEqual([]);
    const lift = actionOn('protection.lift', table('payments-ledger'));
    expect(await runToEnd(cloud, lift)).toEqual({ tableName: 'payments-ledger', deletionProtection: false });
    expect(cloud.calls.of('UpdateTable')).toHaveLength(1);
    const first = (await handler(cloud, 'resource.delete').execute(remove, contextFor(cloud, remove)))._unsafeUnwrap();
    expect(first.status).toBe('pending');
    expect((await cloud.providers.inventory.describe(table('payments-ledger')))._unsafeUnwrap()?.state).toBe(
      'DELETING',
    );
    expect(await runToEnd(cloud, remove)).toEqual({ tableName: 'payments-ledger', state: 'deleted' });
    expect(cloud.source.tables().map((found) => found.tableName)).toEqual(['payments-sessions']);
    expect(cloud.calls.of('DeleteTable')).toHaveLength(1);
  });

  it('reconcile a crash: lift and delete read back as absent before, pending while DELETING, done after', async () => {
    const cloud = world();
    const lift = actionOn('protection.lift', table('payments-ledger'));
    const remove = actionOn('resource.delete', table('payments-sessions'));
    const reconcile = (action: typeof lift) => handler(cloud, action.kind).reconcile(action, contextFor(cloud, action));
    expect((await reconcile(lift))._unsafeUnwrap()).toEqual({ status: 'absent' });
    expect((await reconcile(remove))._unsafeUnwrap()).toEqual({ status: 'absent' });
    (await handler(cloud, 'protection.lift').execute(lift, contextFor(cloud, lift)))._unsafeUnwrap();
    (await handler(cloud, 'resource.delete').execute(remove, contextFor(cloud, remove)))._unsafeUnwrap();
    expect((await reconcile(lift))._unsafeUnwrap().status).toBe('done');
    expect((await reconcile(remove))._unsafeUnwrap().status).toBe('pending');
    cloud.clock.advance(3 * 60_000);
    expect((await reconcile(remove))._unsafeUnwrap()).toEqual({
      status: 'done',
      result: { tableName: 'payments-sessions', state: 'deleted' },
    });
  });

  it('pass injected faults through (throttled DeleteTable: nothing deleted, a retry succeeds)', async () => {
    const cloud = world();
    cloud.faults.inject({ service: 'dynamodb', operation: 'DeleteTable', error: 'throttled', times: 1 });
    const remove = actionOn('resource.delete', table('payments-sessions'));
    const throttled = await handler(cloud, 'resource.delete').execute(remove, contextFor(cloud, remove));
    expect(throttled._unsafeUnwrapErr().code).toBe('Throttled');
    expect(cloud.source.tables().find((found) => found.tableName === 'payments-sessions')?.status).toBe('ACTIVE');
    expect(await runToEnd(cloud, remove)).toEqual({ tableName: 'payments-sessions', state: 'deleted' });
  });

  it('cannot be stopped', async () => {
    const cloud = world();
    const stop = actionOn('resource.stop', table('payments-sessions'));
    const refused = await handler(cloud, 'resource.stop').execute(stop, contextFor(cloud, stop));
    expect(refused._unsafeUnwrapErr().message).toContain(`a ${AWS_TYPES.table} cannot be stopped`);
  });
});

describe('Lambda functions: retirement', () => {
  it('stop with reserved concurrency 0, naming the previous value; a second stop changes nothing', async () => {
    const cloud = world();
    const stop = actionOn('resource.stop', lambda('payments-webhook'));
    expect(await runToEnd(cloud, stop)).toEqual({
      functionName: 'payments-webhook',
      reservedConcurrency: 0,
      previousReservedConcurrency: 5,
      state: 'stopped',
    });
    expect(await runToEnd(cloud, stop)).toEqual({
      functionName: 'payments-webhook',
      reservedConcurrency: 0,
      state: 'stopped',
    });
    expect(cloud.calls.of('PutFunctionConcurrency')).toHaveLength(1);
    expect((await cloud.providers.inventory.describe(lambda('payments-webhook')))._unsafeUnwrap()?.state).toBe(
      'stopped',
    );
  });

  it('delete with DeleteFunction (gone = done), lift nothing, and reconcile a crash by reading back', async () => {
    const cloud = world();
    const stop = actionOn('resource.stop', lambda('payments-cron'));
    const remove = actionOn('resource.delete', lambda('payments-cron'));
    const reconcile = (action: typeof stop) => handler(cloud, action.kind).reconcile(action, contextFor(cloud, action));
    expect((await reconcile(stop))._unsafeUnwrap()).toEqual({ status: 'absent' });
    expect((await reconcile(remove))._unsafeUnwrap()).toEqual({ status: 'absent' });
    (await handler(cloud, 'resource.stop').execute(stop, contextFor(cloud, stop)))._unsafeUnwrap();
    expect((await reconcile(stop))._unsafeUnwrap()).toMatchObject({ status: 'done', result: { state: 'stopped' } });
    (await handler(cloud, 'resource.delete').execute(remove, contextFor(cloud, remove)))._unsafeUnwrap();
    expect((await reconcile(remove))._unsafeUnwrap()).toEqual({
      status: 'done',
      result: { functionName: 'payments-cron', state: 'deleted' },
    });
    expect(await runToEnd(cloud, remove)).toEqual({ id: 'payments-cron', alreadyGone: true });
    expect(cloud.source.functions().map((found) => found.functionName)).not.toContain('payments-cron');
    const lift = actionOn('protection.lift', lambda('payments-webhook'));
    expect(await runToEnd(cloud, lift)).toEqual({ protection: 'none', type: AWS_TYPES.function });
  });

  it('refuse PutFunctionConcurrency below zero (the fake API keeps AWS’s rule)', async () => {
    const cloud = world();
    const refused = await cloud.aws.lambda.putFunctionConcurrency(REGION, 'payments-cron', -1);
    expect(refused._unsafeUnwrapErr().message).toMatch(/^InvalidParameterValueException/);
  });
});

describe('bad input', () => {
  it.each([
    ['an S3 object', 'arn:aws:s3:::payments-empty/report.csv'],
    ['a DynamoDB stream', `${table('payments-sessions')}/stream/2026-11-01T00:00:00.000`],
    ['a Lambda alias', `${lambda('payments-cron')}:live`],
  ])('an action on %s ARN is InvalidInput naming it, with nothing done', async (_what, arn) => {
    const cloud = world();
    for (const kind of ['resource.stop', 'resource.delete', 'protection.lift']) {
      const action = actionOn(kind, arn);
      const refused = (await handler(cloud, kind).execute(action, contextFor(cloud, action)))._unsafeUnwrapErr();
      expect(refused.code).toBe('InvalidInput');
      expect(refused.message).toContain(arn);
    }
    expect(cloud.calls.mutating()).toEqual([]);
  });

  it('a seed that puts a modelled type among otherResources is refused', () => {
    expect(() =>
      createFakeCloud({
        source: { otherResources: [{ type: AWS_TYPES.bucket, name: 'b', arn: 'arn:aws:s3:::b' }] },
      }),
    ).toThrow(/models AWS::S3::Bucket/);
  });
});
