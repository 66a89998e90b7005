import { createFakeCloud } from '@decomkit/fake';
import { describe, expect, it } from 'vitest';
import { actionOn, contextFor, discoverAll, handler, runToEnd } from './support.js';

const tags = { workload: 'payments' };
const bucket = (name: string) => `arn:aws:s3:::${name}`;

function world() {
  return createFakeCloud({
    source: {
      buckets: [
        { bucketName: 'payments-exports', tags, objects: 2_500, objectBytes: 4 },
        { bucketName: 'payments-clickstream', tags, objects: 7, objectBytes: 10 },
        { bucketName: 'payments-legal', tags, objects: 2, objectLock: true },
      ],
    },
  });
}

const versionsOf = (cloud: ReturnType<typeof world>, name: string) =>
  cloud.source.buckets().find((found) => found.bucketName === name)?.objectVersions;

describe('S3 buckets that hold data on the fake cloud', () => {
  it('empties a bucket only when the action says so, 1,000 versions a DeleteObjects call, count and bytes in the result', async () => {
    const cloud = world();
    const refused = actionOn('resource.delete', bucket('payments-exports'));
    expect(
      (await handler(cloud, 'resource.delete').execute(refused, contextFor(cloud, refused)))._unsafeUnwrapErr().code,
    ).toBe('Conflict');
    expect(cloud.calls.mutating()).toEqual([]);

    const empty = actionOn('resource.delete', bucket('payments-exports'), { emptyContents: 'delete-versions' });
    expect(await runToEnd(cloud, empty)).toEqual({
      bucket: 'payments-exports',
      state: 'deleted',
      contentsBefore: { objectVersions: 2_500, deleteMarkers: 0, bytes: 10_000 },
      emptiedBy: 'delete-versions',
      deleteBatches: 3,
    });
    expect(cloud.calls.of('DeleteObjects')).toHaveLength(3);
    expect(cloud.source.buckets().map((found) => found.bucketName)).not.toContain('payments-exports');
  });

  it('expires a bucket with a lifecycle rule: pending until it is empty a day later, then deleted', async () => {
    const cloud = world();
    const expire = actionOn('resource.delete', bucket('payments-clickstream'), {
      emptyContents: 'expire-by-lifecycle',
    });
    const chosen = handler(cloud, 'resource.delete');
    const started = (await chosen.execute(expire, contextFor(cloud, expire)))._unsafeUnwrap();
    expect(started).toMatchObject({ status: 'pending', checkpoint: { emptiedBy: 'expire-by-lifecycle' } });
    expect(cloud.calls.of('PutBucketLifecycleConfiguration')).toHaveLength(1);
    expect(cloud.calls.of('DeleteObjects')).toEqual([]);
    expect(await runToEnd(cloud, expire)).toMatchObject({
      bucket: 'payments-clickstream',
      state: 'deleted',
      contentsBefore: { objectVersions: 7, bytes: 70 },
    });
    expect(versionsOf(cloud, 'payments-clickstream')).toBeUndefined();
  });

  it('reports a bucket under Object Lock as blocking and never empties it, whatever the action says', async () => {
    const cloud = world();
    const found = await discoverAll(cloud, { tags });
    expect(found.find((resource) => resource.arn === bucket('payments-legal'))?.retireBlockers).toEqual([
      expect.objectContaining({ code: 'bucket-object-lock' }),
    ]);
    for (const emptyContents of ['delete-versions', 'expire-by-lifecycle']) {
      const remove = actionOn('resource.delete', bucket('payments-legal'), { emptyContents });
      const refused = (
        await handler(cloud, 'resource.delete').execute(remove, contextFor(cloud, remove))
      )._unsafeUnwrapErr();
      expect(refused.code).toBe('Conflict');
      expect(refused.message).toContain('Object Lock');
    }
    expect(cloud.calls.mutating()).toEqual([]);
    expect(versionsOf(cloud, 'payments-legal')).toBe(2);
  });
});
