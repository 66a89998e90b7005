import type {
  Action,
  ActionHandler,
  DecomError,
  HandlerOutcome,
  JsonObject,
  ReconcileOutcome,
  Resource,
  RetireBlocker,
} from '@decomkit/core';
import { decomError, errAsync, okAsync, ResultAsync } from '@decomkit/core';
import { bucketArn } from '../source/arns.js';
import { AWS_TYPES } from '../source/resource-types.js';
import { type FakeS3, isNoSuchTagSet } from '../source/s3.js';
import type { FakeTagging } from '../source/tagging.js';
import { defineFakeResourceKind } from './define-fake-resource-kind.js';
import { claimsOn, done, goneRead, type ResourceKind, taggedPages, targetId } from './resource-kind.js';

const TYPE = AWS_TYPES.bucket;
/** What a refusal to empty a bucket adds. */
const NEVER_UNLESS_POLICY = ` (decomkit never empties a bucket unless the workload's policy says so: policies["${AWS_TYPES.bucket}"].emptyContents)`;

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
 * stoppable; no protection. Under Object Lock and holding objects: a retire
 * blocker. Delete: see {@link bucketDelete}.
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
          lockedBlocker(s3, name, check),
        ] as const).map(
          ([tags, createdAt, locked]): Resource => ({
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
            ...(locked === null ? {} : { retireBlockers: [locked] }),
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
    retire: { claims: claimsOn('s3', 'default'), delete: bucketDelete(s3) },
  });
}

/** The blocker of a bucket under Object Lock that holds objects, or null. */
function lockedBlocker(s3: FakeS3, name: string, check: { expectedBucketOwner: string }) {
  return s3
    .getObjectLockConfiguration(name, check)
    .andThen((lock) =>
      lock.enabled ? s3.listObjectVersions(name, { ...check, maxKeys: 1 }) : okAsync({ keyCount: 0 }),
    )
    .map((listed): RetireBlocker | null =>
      listed.keyCount === 0
        ? null
        : {
            code: 'bucket-object-lock',
            message: `${bucketArn(name)} has S3 Object Lock enabled and holds object versions: versions under retention or legal hold cannot be deleted, and decomkit never bypasses them: not touched`,
          },
    );
}

/**
 * The delete of a bucket, as the AWS provider's: an empty one is deleted; one
 * that holds objects is refused (Conflict, BucketNotEmpty) unless the action
 * carries `emptyContents` (the workload's explicit policy): then, unless under
 * Object Lock (Conflict), its versions are counted (count and bytes in the
 * result) and removed 1,000 a DeleteObjects call (`delete-versions`), or left
 * to a lifecycle rule, pending until it is empty (`expire-by-lifecycle`).
 */
function bucketDelete(s3: FakeS3): ActionHandler {
  const type = { type: TYPE, idOf: bucketNameOf };
  const refuse = (name: string, detail: string) =>
    errAsync(
      decomError.conflict({
        message: `s3:DeleteBucket on ${bucketArn(name)}: ${detail}`,
        resource: bucketArn(name),
      }),
    );
  const remove = (name: string, action: Action, evidence: JsonObject): ResultAsync<HandlerOutcome, DecomError> =>
    s3
      .deleteBucket(name, ownerOf(action))
      .map(() => done({ bucket: name, state: 'deleted', ...evidence }))
      .orElse((error) =>
        error.code === 'NotFound'
          ? okAsync(done({ id: name, ...evidence, alreadyGone: true }))
          : error.code === 'Conflict' && error.message.startsWith('BucketNotEmpty:')
            ? refuse(name, `BucketNotEmpty: objects were written meanwhile${NEVER_UNLESS_POLICY}`)
            : errAsync(error),
      );
  const emptyBatches = (name: string, action: Action, sent: number): ResultAsync<number, DecomError> =>
    s3.listObjectVersions(name, ownerOf(action)).andThen((page) => {
      if (page.keyCount === 0) return okAsync(sent);
      return s3
        .deleteObjects(name, page.keyCount, ownerOf(action))
        .andThen((deleted) =>
          deleted.errors > 0
            ? refuse(name, `DeleteObjects refused ${deleted.errors} keys (AccessDenied)`)
            : emptyBatches(name, action, sent + 1),
        );
    });
  // S3 runs lifecycle rules about once a day: an hourly look is enough.
  const pending = (checkpoint: JsonObject): HandlerOutcome => ({
    status: 'pending',
    checkpoint,
    pollAfterMilliseconds: 3_600_000,
  });
  return {
    rateLimits: claimsOn('s3', 'default'),
    execute: (action) =>
      targetId(type, action).andThen((name) => {
        const mode = action.params.emptyContents;
        if (mode !== undefined && mode !== 'delete-versions' && mode !== 'expire-by-lifecycle') {
          return errAsync(
            decomError.invalidInput(
              `${action.key}: params.emptyContents must be 'delete-versions' or 'expire-by-lifecycle'`,
            ),
          );
        }
        return s3
          .listObjectVersions(name, { ...ownerOf(action), maxKeys: Number.MAX_SAFE_INTEGER })
          .andThen((all): ResultAsync<HandlerOutcome, DecomError> => {
            if (all.keyCount === 0) return remove(name, action, {});
            if (mode === undefined) return refuse(name, `BucketNotEmpty: it holds objects${NEVER_UNLESS_POLICY}`);
            const evidence = {
              contentsBefore: {
                objectVersions: all.keyCount - all.deleteMarkers,
                deleteMarkers: all.deleteMarkers,
                bytes: all.bytes,
              },
              emptiedBy: mode,
            };
            return lockedBlocker(s3, name, ownerOf(action)).andThen((locked) => {
              if (locked !== null) return refuse(name, locked.message);
              if (mode === 'expire-by-lifecycle') {
                return s3.expireEverything(name, ownerOf(action)).map(() => pending({ bucket: name, ...evidence }));
              }
              return emptyBatches(name, action, 0).andThen((batches) =>
                remove(name, action, { ...evidence, deleteBatches: batches }),
              );
            });
          })
          .orElse((error) =>
            error.code === 'NotFound' ? okAsync(done({ id: name, alreadyGone: true })) : errAsync(error),
          );
      }),
    poll: (action, checkpoint) =>
      targetId(type, action).andThen((name) => {
        const { bucket: _name, ...evidence } = checkpoint;
        return s3
          .listObjectVersions(name, { ...ownerOf(action), maxKeys: 1 })
          .andThen((listed) => (listed.keyCount > 0 ? okAsync(pending(checkpoint)) : remove(name, action, evidence)))
          .orElse((error) =>
            error.code === 'NotFound' ? okAsync(done({ id: name, ...evidence, alreadyGone: true })) : errAsync(error),
          );
      }),
    reconcile: (action) =>
      targetId(type, action).andThen((name) =>
        goneRead(s3.getBucketLocation(name, ownerOf(action)), { bucket: name, state: 'deleted' }).map(
          (result): ReconcileOutcome => (result === null ? { status: 'absent' } : done(result)),
        ),
      ),
  };
}
