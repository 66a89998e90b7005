import type { Action, DecomError, JsonObject, Resource } from '@decomkit/core';
import { decomError, errAsync, okAsync, ResultAsync } from '@decomkit/core';
import { bucketArn } from '../source/arns.js';
import { AWS_TYPES } from '../source/resource-types.js';
import { type FakeS3, isNoSuchTagSet } from '../source/s3.js';
import type { FakeTagging } from '../source/tagging.js';
import { defineFakeResourceKind } from './define-fake-resource-kind.js';
import { claimsOn, goneRead, type ResourceKind, taggedPages } from './resource-kind.js';

const TYPE = AWS_TYPES.bucket;

/** The bucket name of an S3 bucket ARN (`arn:aws:s3:::<name>`, not an object ARN), or null. */
export function bucketNameOf(arn: string): string | null {
  return /^arn:aws[a-z-]*:s3:::([a-z0-9][a-z0-9.-]{1,61}[a-z0-9])$/.exec(arn)?.[1] ?? null;
}

/** The account a bucket call names as `ExpectedBucketOwner`: the action's (the caller's). */
const ownerOf = (action: Action) => ({ expectedBucketOwner: action.target.accountId ?? '' });

/**
 * S3 buckets, as the AWS provider treats them. The ARN names no region nor
 * account: the region comes from GetBucketLocation, the account is the
 * caller's, named as `ExpectedBucketOwner` on every call (another account's
 * bucket of that name is AccessDenied, never read nor deleted; discovery
 * leaves it out, as the real tagging API lists only the caller's). Not
 * stoppable; no protection. Delete is DeleteBucket of an empty bucket only: a
 * bucket holding any object version or delete marker is refused (Conflict,
 * nothing done) and never emptied.
 */
export function bucketKind(s3: FakeS3, tagging: FakeTagging, callerAccountId: () => string): ResourceKind {
  /** The bucket as a resource: null when it does not exist, or lives in another region than `region` (when given). */
  const describeBucket = (name: string, region: string | null): ResultAsync<Resource | null, DecomError> => {
    const check = { expectedBucketOwner: callerAccountId() };
    return s3
      .getBucketLocation(name, check)
      .map((location): string | null => location.region)
      .orElse((error) => (error.code === 'NotFound' ? okAsync(null) : errAsync(error)))
      .andThen((located) => {
        if (located === null || (region !== null && located !== region)) return okAsync(null);
        // The creation date tells this bucket from another later created under the same name.
        const created = s3
          .listBuckets(name)
          .map((buckets) => buckets.find((bucket) => bucket.name === name)?.createdAt);
        return ResultAsync.combine([
          s3.getBucketTagging(name, check).orElse((error): ResultAsync<Record<string, string> | null, DecomError> => {
            if (isNoSuchTagSet(error)) return okAsync({});
            // Unreadable tags: reported with `tags: null`, never touched.
            return error.code === 'AccessDenied' ? okAsync(null) : errAsync(error);
          }),
          created,
        ] as const).map(
          ([tags, createdAt]): Resource => ({
            arn: bucketArn(name),
            type: TYPE,
            accountId: check.expectedBucketOwner,
            region: located,
            name,
            tags,
            state: 'available',
            protection: { deletion: false, stop: false },
            dependsOn: [],
            ...(createdAt === undefined ? {} : { resourceIdentity: createdAt }),
          }),
        );
      });
  };
  return defineFakeResourceKind({
    type: TYPE,
    idOf: bucketNameOf,
    holdsData: true,
    list: (region) =>
      taggedPages(tagging, region, TYPE, (found) => {
        const name = bucketNameOf(found.arn);
        if (name === null) return okAsync(null);
        // The fake tagging API lists every account's buckets; the real one only the caller's.
        return describeBucket(name, region).orElse((error) =>
          error.code === 'AccessDenied' ? okAsync(null) : errAsync(error),
        );
      }),
    describe: (_arn, name) => describeBucket(name, null),
    retire: {
      claims: claimsOn('s3', 'default'),
      delete: {
        run: (name, action): ResultAsync<JsonObject, DecomError> => {
          const resource = bucketArn(name);
          const notEmpty = (detail: string) =>
            decomError.conflict({
              message: `s3:DeleteBucket on ${resource}: BucketNotEmpty: ${detail} (decomkit never empties a bucket)`,
              resource,
            });
          return s3
            .listObjectVersions(name, { ...ownerOf(action), maxKeys: 1 })
            .andThen((listed) => (listed.keyCount > 0 ? errAsync(notEmpty('it holds objects')) : okAsync(undefined)))
            .andThen(() =>
              s3
                .deleteBucket(name, ownerOf(action))
                .orElse((error) =>
                  error.code === 'Conflict' && error.message.startsWith('BucketNotEmpty:')
                    ? errAsync(notEmpty('objects were written meanwhile'))
                    : errAsync(error),
                ),
            )
            .map(() => ({ bucket: name, state: 'deleted' }));
        },
        readBack: (name, action) =>
          goneRead(s3.getBucketLocation(name, ownerOf(action)), { bucket: name, state: 'deleted' }),
      },
    },
  });
}
