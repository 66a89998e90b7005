import { type DecomError, decomError, err, ok, type Result, type ResultAsync } from '@decomkit/core';
import type { FakeWorld } from '../world.js';
import { bucketArn } from './arns.js';
import { awsError } from './aws-errors.js';
import { recordConfigChange } from './config.js';
import { AWS_TYPES } from './resource-types.js';
import type { FakeBucket } from './source-types.js';

/** What every bucket call may name: the account that must own the bucket (`ExpectedBucketOwner`). */
export interface BucketOwnerCheck {
  readonly expectedBucketOwner?: string;
}

/** Whether an error of `getBucketTagging` is S3's `NoSuchTagSet` (a bucket without tags), not a missing bucket. */
export function isNoSuchTagSet(error: DecomError): boolean {
  return error.code === 'NotFound' && error.message.startsWith('NoSuchTagSet:');
}

/**
 * The fake S3 control plane for buckets, with AWS's rules: bucket names are
 * global, a bucket lives in one region (GetBucketLocation) and belongs to one
 * account; a call naming `expectedBucketOwner` on another account's bucket is
 * `AccessDenied`; GetBucketTagging of a bucket without tags is `NoSuchTagSet`;
 * DeleteBucket refuses a bucket holding any object version or delete marker
 * (`BucketNotEmpty`). DeleteObjects removes up to 1,000 versions a call, none under Object Lock; a
 * lifecycle rule that expires everything empties the bucket a day after it is set.
 */
export class FakeS3 {
  constructor(private readonly world: FakeWorld) {}

  /** ListBuckets with a name prefix: the caller's buckets, each with its region and CreationDate. */
  listBuckets(prefix = ''): ResultAsync<{ name: string; region: string; createdAt: string }[], DecomError> {
    return this.world.call('s3', 'ListBuckets', false, prefix === '' ? null : prefix, () =>
      ok(
        this.world.state.buckets
          .filter((bucket) => bucket.accountId === this.world.state.accountId && bucket.bucketName.startsWith(prefix))
          .map((bucket) => ({ name: bucket.bucketName, region: bucket.region, createdAt: bucket.createdAt })),
      ),
    );
  }

  /** GetBucketLocation: the bucket's region; `NoSuchBucket` when it does not exist. */
  getBucketLocation(name: string, check: BucketOwnerCheck = {}): ResultAsync<{ region: string }, DecomError> {
    return this.world.call('s3', 'GetBucketLocation', false, bucketArn(name), () =>
      this.bucket(name, check).map((bucket) => ({ region: bucket.region })),
    );
  }

  /** GetBucketTagging: the bucket's tags; `NoSuchTagSet` when it has none, `AccessDenied` when they cannot be read. */
  getBucketTagging(name: string, check: BucketOwnerCheck = {}): ResultAsync<Record<string, string>, DecomError> {
    return this.world.call('s3', 'GetBucketTagging', false, bucketArn(name), () =>
      this.bucket(name, check).andThen((bucket) => {
        if (!bucket.tagsReadable)
          return err(
            decomError.accessDenied({
              message: `AccessDenied: s3:GetBucketTagging on ${bucket.arn} is not allowed`,
              resource: bucket.arn,
            }),
          );
        if (Object.keys(bucket.tags).length === 0)
          return err(awsError.notFound('NoSuchTagSet', `the TagSet of ${name} does not exist`, bucket.arn));
        return ok({ ...bucket.tags });
      }),
    );
  }

  /**
   * ListObjectVersions: how many versions and delete markers (at most `maxKeys`, S3's page of 1,000 by
   * default) the bucket holds, how many of those are delete markers (listed after the versions), and
   * the versions' bytes.
   */
  listObjectVersions(
    name: string,
    input: BucketOwnerCheck & { readonly maxKeys?: number } = {},
  ): ResultAsync<{ keyCount: number; isTruncated: boolean; deleteMarkers: number; bytes: number }, DecomError> {
    return this.world.call('s3', 'ListObjectVersions', false, bucketArn(name), () =>
      this.bucket(name, input).map((bucket) => {
        const keyCount = Math.min(bucket.objectVersions, input.maxKeys ?? 1000);
        const versions = Math.min(keyCount, bucket.objectVersions - (bucket.deleteMarkers ?? 0));
        return {
          keyCount,
          isTruncated: bucket.objectVersions > keyCount,
          deleteMarkers: keyCount - versions,
          bytes: versions * (bucket.objectBytes ?? 0),
        };
      }),
    );
  }

  /** GetObjectLockConfiguration: whether Object Lock is enabled. */
  getObjectLockConfiguration(
    name: string,
    check: BucketOwnerCheck = {},
  ): ResultAsync<{ enabled: boolean }, DecomError> {
    return this.world.call('s3', 'GetObjectLockConfiguration', false, bucketArn(name), () =>
      this.bucket(name, check).map((bucket) => ({ enabled: bucket.objectLock === true })),
    );
  }

  /**
   * DeleteObjects of `count` listed versions (at most 1,000, S3's limit): under Object Lock each is
   * refused (`errors`, AccessDenied as S3 answers), nothing deleted.
   */
  deleteObjects(
    name: string,
    count: number,
    check: BucketOwnerCheck = {},
  ): ResultAsync<{ deleted: number; errors: number }, DecomError> {
    return this.world.call('s3', 'DeleteObjects', true, bucketArn(name), () =>
      this.bucket(name, check).andThen((bucket) => {
        if (count > 1000)
          return err(awsError.invalid('MalformedXML', `DeleteObjects takes at most 1,000 keys, not ${count}`));
        const keys = Math.min(count, bucket.objectVersions);
        if (bucket.objectLock === true) return ok({ deleted: 0, errors: keys });
        // The versions are listed (and so deleted) first, the delete markers after them.
        const markers = bucket.deleteMarkers ?? 0;
        bucket.deleteMarkers = Math.max(0, markers - Math.max(0, keys - (bucket.objectVersions - markers)));
        bucket.objectVersions -= keys;
        return ok({ deleted: keys, errors: 0 });
      }),
    );
  }

  /** PutBucketLifecycleConfiguration expiring everything: the bucket is empty a day later (as S3's daily run). */
  expireEverything(name: string, check: BucketOwnerCheck = {}): ResultAsync<{ expiresAt: string }, DecomError> {
    return this.world.call('s3', 'PutBucketLifecycleConfiguration', true, bucketArn(name), () =>
      this.bucket(name, check).map((bucket) => {
        bucket.expiresAt ??= new Date(this.world.clock.now().getTime() + 86_400_000).toISOString();
        return { expiresAt: bucket.expiresAt };
      }),
    );
  }

  /** PutObject: one more object version in the bucket (for tests that write while decomkit works). */
  putObject(name: string, key: string, check: BucketOwnerCheck = {}): ResultAsync<{ key: string }, DecomError> {
    return this.world.call('s3', 'PutObject', true, `${bucketArn(name)}/${key}`, () =>
      this.bucket(name, check).map((bucket) => {
        bucket.objectVersions += 1;
        return { key };
      }),
    );
  }

  /** DeleteBucket: only an empty bucket (`BucketNotEmpty` otherwise); Config records the deletion. */
  deleteBucket(name: string, check: BucketOwnerCheck = {}): ResultAsync<{ bucket: string }, DecomError> {
    return this.world.call('s3', 'DeleteBucket', true, bucketArn(name), () =>
      this.bucket(name, check).andThen((bucket) => {
        if (bucket.objectVersions > 0)
          return err(
            awsError.conflict('BucketNotEmpty', `the bucket ${name} you tried to delete is not empty`, bucket.arn),
          );
        this.world.state.buckets = this.world.state.buckets.filter((candidate) => candidate !== bucket);
        recordConfigChange(this.world, bucket.arn, AWS_TYPES.bucket, 'ResourceDeleted');
        return ok({ bucket: name });
      }),
    );
  }

  private bucket(name: string, check: BucketOwnerCheck): Result<FakeBucket, DecomError> {
    const bucket = this.world.state.buckets.find((candidate) => candidate.bucketName === name);
    if (bucket === undefined)
      return err(awsError.notFound('NoSuchBucket', `the specified bucket ${name} does not exist`, bucketArn(name)));
    // Object Lock keeps what a lifecycle rule would expire.
    if (
      bucket.expiresAt != null &&
      bucket.objectLock !== true &&
      Date.parse(bucket.expiresAt) <= this.world.clock.now().getTime()
    ) {
      bucket.objectVersions = 0;
      bucket.deleteMarkers = 0;
    }
    const owner = check.expectedBucketOwner;
    if (owner !== undefined && owner !== '' && owner !== bucket.accountId)
      return err(
        decomError.accessDenied({
          message: `AccessDenied: ${bucket.arn} is not owned by the expected bucket owner ${owner}`,
          resource: bucket.arn,
        }),
      );
    return ok(bucket);
  }
}
