import {
  CreateBucketCommand,
  DeleteObjectCommand,
  GetBucketLifecycleConfigurationCommand,
  ListObjectVersionsCommand,
  PutBucketTaggingCommand,
  PutBucketVersioningCommand,
  PutObjectCommand,
  PutObjectLockConfigurationCommand,
} from '@aws-sdk/client-s3';
import { S3_BUCKET } from '@decomkit/aws';
import { beforeEach, describe, expect, it } from 'vitest';
import { DELETE_BATCH_SIZE, EXPIRE_RULE_IDS } from '../src/resources/s3-bucket-contents.js';
import { motoClients, recordedRequests, resetMoto, TEST_REGION, withOwnMoto } from './support/moto.js';
import {
  actionOn,
  contextFor,
  discoverAll,
  handler,
  portsOn,
  reconcile,
  run,
  tagList,
} from './support/retirement-harness.js';

withOwnMoto();

const s3 = () => motoClients().get('s3', TEST_REGION);
const ports = () => portsOn([S3_BUCKET]);
const bucketArn = (name: string) => `arn:aws:s3:::${name}`;

/** A tagged bucket of the workload; with Object Lock enabled when asked (which turns versioning on). */
async function seedBucket(name: string, options: { readonly objectLock?: boolean; readonly versioned?: boolean } = {}) {
  await s3().send(
    new CreateBucketCommand({
      Bucket: name,
      CreateBucketConfiguration: { LocationConstraint: TEST_REGION },
      ...(options.objectLock === true ? { ObjectLockEnabledForBucket: true } : {}),
    }),
  );
  await s3().send(
    new PutBucketTaggingCommand({ Bucket: name, Tagging: { TagSet: tagList({ workload: 'payments' }) } }),
  );
  if (options.versioned === true) {
    await s3().send(new PutBucketVersioningCommand({ Bucket: name, VersioningConfiguration: { Status: 'Enabled' } }));
  }
  return bucketArn(name);
}

/** Writes `count` objects of `body`, a few at a time. */
async function putObjects(name: string, count: number, body: string, prefix = 'object') {
  for (let start = 0; start < count; start += 25) {
    const keys = Array.from({ length: Math.min(25, count - start) }, (_, index) => `${prefix}-${start + index}`);
    await Promise.all(keys.map((Key) => s3().send(new PutObjectCommand({ Bucket: name, Key, Body: body }))));
  }
}

/** Every version and delete marker the bucket still holds. */
async function keysLeft(name: string): Promise<number> {
  const listed = await s3().send(new ListObjectVersionsCommand({ Bucket: name }));
  return (listed.Versions?.length ?? 0) + (listed.DeleteMarkers?.length ?? 0);
}

async function bucketExists(name: string): Promise<boolean> {
  return (await reconcileDelete(name)).status === 'absent';
}

const reconcileDelete = (name: string) => reconcile(ports().retirement, actionOn(bucketArn(name), 'resource.delete'));

/** The S3 requests moto recorded of one method and query word (`POST` + `delete`: DeleteObjects). */
async function requestsOf(method: string, query: string) {
  return (await recordedRequests()).filter(
    (request) => request.method === method && new URL(request.url).searchParams.has(query),
  );
}

describe('AWS::S3::Bucket that holds data, on moto_server', () => {
  beforeEach(async () => {
    await resetMoto();
  });

  it('empties a versioned bucket only when the action says so: every version and delete marker in batches of 1,000, count and bytes in the result', async () => {
    const arn = await seedBucket('payments-ledger-exports', { versioned: true });
    // 600 keys written twice (1,200 versions of 4 bytes) and 5 of them deleted (5 delete markers): two batches.
    await putObjects('payments-ledger-exports', 600, 'v1-a');
    await putObjects('payments-ledger-exports', 600, 'v2-b');
    for (let index = 0; index < 5; index += 1) {
      await s3().send(new DeleteObjectCommand({ Bucket: 'payments-ledger-exports', Key: `object-${index}` }));
    }
    const { retirement } = ports();

    const refused = (await run(retirement, actionOn(arn, 'resource.delete')))._unsafeUnwrapErr();
    expect(refused).toMatchObject({ code: 'Conflict', resource: arn });
    expect(refused.message).toContain('policies["AWS::S3::Bucket"].emptyContents');
    expect(await requestsOf('POST', 'delete')).toEqual([]);
    expect(await keysLeft('payments-ledger-exports')).toBe(1000);

    const empty = actionOn(arn, 'resource.delete', { emptyContents: 'delete-versions' });
    expect((await run(retirement, empty))._unsafeUnwrap()).toEqual({
      status: 'done',
      result: {
        bucket: 'payments-ledger-exports',
        state: 'deleted',
        contentsBefore: { objectVersions: 1200, deleteMarkers: 5, bytes: 4800 },
        emptiedBy: 'delete-versions',
        deleteBatches: 2,
      },
    });
    expect(await requestsOf('POST', 'delete')).toHaveLength(2);
    expect(DELETE_BATCH_SIZE).toBe(1000);
    expect(await bucketExists('payments-ledger-exports')).toBe(false);
    expect(await reconcile(retirement, empty)).toMatchObject({ status: 'done', result: { state: 'deleted' } });
  });

  it('refuses and names a bucket under Object Lock: a blocking finding at discovery, nothing deleted even with emptyContents', async () => {
    const locked = await seedBucket('payments-legal-archive', { objectLock: true });
    await s3().send(
      new PutObjectLockConfigurationCommand({
        Bucket: 'payments-legal-archive',
        ObjectLockConfiguration: {
          ObjectLockEnabled: 'Enabled',
          Rule: { DefaultRetention: { Mode: 'GOVERNANCE', Days: 30 } },
        },
      }),
    );
    await putObjects('payments-legal-archive', 2, 'kept');
    const emptyLocked = await seedBucket('payments-locked-empty', { objectLock: true });
    const found = await discoverAll(ports());

    expect(found.get(locked)?.retireBlockers).toEqual([
      {
        code: 'bucket-object-lock',
        message: expect.stringContaining(
          'arn:aws:s3:::payments-legal-archive has S3 Object Lock enabled (default retention GOVERNANCE 30 days)',
        ),
      },
    ]);
    // Object Lock on an empty bucket holds nothing back.
    expect(found.get(emptyLocked)?.retireBlockers).toBeUndefined();

    const { retirement } = ports();
    for (const mode of ['delete-versions', 'expire-by-lifecycle']) {
      const refused = (
        await run(retirement, actionOn(locked, 'resource.delete', { emptyContents: mode }))
      )._unsafeUnwrapErr();
      expect(refused).toMatchObject({ code: 'Conflict', resource: locked });
      expect(refused.message).toContain('Object Lock');
    }
    expect(await requestsOf('POST', 'delete')).toEqual([]);
    expect(await requestsOf('PUT', 'lifecycle')).toEqual([]);
    expect(await keysLeft('payments-legal-archive')).toBe(2);
    expect((await run(retirement, actionOn(emptyLocked, 'resource.delete')))._unsafeUnwrap()).toMatchObject({
      status: 'done',
      result: { state: 'deleted' },
    });
  });

  it('expires a very large bucket with a lifecycle rule: pending until S3 has emptied it, then deleted', async () => {
    const arn = await seedBucket('payments-clickstream', { versioned: true });
    await putObjects('payments-clickstream', 3, 'event-data');
    const chosen = handler(ports().retirement, 'resource.delete');
    const expire = actionOn(arn, 'resource.delete', { emptyContents: 'expire-by-lifecycle' });

    const started = (await chosen.execute(expire, contextFor(expire)))._unsafeUnwrap();
    const before = { objectVersions: 3, deleteMarkers: 0, bytes: 30 };
    expect(started).toMatchObject({
      status: 'pending',
      checkpoint: { bucket: 'payments-clickstream', contentsBefore: before, emptiedBy: 'expire-by-lifecycle' },
    });
    if (started.status !== 'pending') throw new Error('pending expected');
    const rules = await s3().send(new GetBucketLifecycleConfigurationCommand({ Bucket: 'payments-clickstream' }));
    expect((rules.Rules ?? []).map((rule) => rule.ID)).toEqual([...EXPIRE_RULE_IDS]);
    expect(await requestsOf('POST', 'delete')).toEqual([]);

    // Still holding objects: still pending, nothing deleted.
    expect((await chosen.poll?.(expire, started.checkpoint, contextFor(expire)))?._unsafeUnwrap()).toMatchObject({
      status: 'pending',
    });
    expect(await bucketExists('payments-clickstream')).toBe(true);

    // S3 expires the objects (moto runs no lifecycle: removed here, as the rule would).
    const listed = await s3().send(new ListObjectVersionsCommand({ Bucket: 'payments-clickstream' }));
    for (const version of listed.Versions ?? []) {
      await s3().send(
        new DeleteObjectCommand({ Bucket: 'payments-clickstream', Key: version.Key, VersionId: version.VersionId }),
      );
    }
    expect((await chosen.poll?.(expire, started.checkpoint, contextFor(expire)))?._unsafeUnwrap()).toEqual({
      status: 'done',
      result: {
        bucket: 'payments-clickstream',
        state: 'deleted',
        contentsBefore: before,
        emptiedBy: 'expire-by-lifecycle',
      },
    });
    expect(await bucketExists('payments-clickstream')).toBe(false);
    expect(await reconcile(ports().retirement, expire)).toMatchObject({ status: 'done' });
  });

  it('refuses an emptyContents of no known mode (InvalidInput), touching nothing', async () => {
    const arn = await seedBucket('payments-scratch');
    await putObjects('payments-scratch', 1, 'x');
    const refused = (
      await run(ports().retirement, actionOn(arn, 'resource.delete', { emptyContents: 'everything' }))
    )._unsafeUnwrapErr();
    expect(refused.code).toBe('InvalidInput');
    expect(refused.message).toContain('emptyContents');
    expect(await keysLeft('payments-scratch')).toBe(1);
  });
});
