import {
  DeleteBucketCommand,
  GetBucketLocationCommand,
  GetBucketTaggingCommand,
  ListBucketsCommand,
} from '@aws-sdk/client-s3';
import type {
  Action,
  ActionHandler,
  DecomError,
  EmptyContentsMode,
  HandlerOutcome,
  JsonObject,
  ReconcileOutcome,
  Resource,
} from '@decomkit/core';
import { decomError, err, errAsync, ok, okAsync, type Result, ResultAsync } from '@decomkit/core';
import { type Place, parseArn } from '../arns.js';
import { awsCall, awsErrorCode } from '../aws-call.js';
import type { AwsClients } from '../clients.js';
import { onResources, onTarget } from '../permissions/iam-grant.js';
import { defineAwsResourceType } from './define-resource-type.js';
import { claimsOn, done, limited, placeOf, tagRecord, targetId } from './resource-type.js';
import {
  type BucketAt,
  contentsEvidence,
  contentsFrom,
  countContents,
  deleteEveryVersion,
  expireEverything,
  holdsObjects,
  objectLockBlocker,
  ownedBy,
} from './s3-bucket-contents.js';

const TYPE = 'AWS::S3::Bucket';
/** Where GetBucketLocation is asked when the region is not known yet. */
const GLOBAL_REGION = 'us-east-1';
/** Buckets described at once during discovery. */
const CONCURRENCY = 8;
/** S3 control calls claim the engine's `default` bucket of the service. */
const claims = claimsOn('s3', 'default');
/** Polls of a lifecycle emptying, in the client's poll intervals: S3 expires objects about once a day. */
const LIFECYCLE_POLL_FACTOR = 60;

/** The bucket name of an S3 bucket ARN (`arn:aws:s3:::<name>`, not an object ARN), or null. */
export function bucketNameOf(arn: string): string | null {
  const parsed = parseArn(arn);
  if (parsed?.service !== 's3' || parsed.region !== '' || parsed.accountId !== '') return null;
  const name = parsed.resource;
  return /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(name) ? name : null;
}

/** The ARN of a bucket: S3 bucket ARNs carry neither region nor account. */
function bucketArn(place: Pick<Place, 'partition'>, name: string): string {
  return `arn:${place.partition ?? 'aws'}:s3:::${name}`;
}

/** The region a GetBucketLocation LocationConstraint names (none is us-east-1, `EU` is eu-west-1). */
export function regionOfLocation(constraint: string | undefined): string {
  if (constraint === undefined || constraint === '') return 'us-east-1';
  return constraint === 'EU' ? 'eu-west-1' : constraint;
}

/** The bucket's region, or null when the bucket does not exist. */
function locate(
  clients: AwsClients,
  region: string,
  name: string,
  accountId: string,
): ResultAsync<string | null, DecomError> {
  return awsCall({ operation: 's3:GetBucketLocation', resource: bucketArn({}, name) }, () =>
    clients.get('s3', region).send(new GetBucketLocationCommand({ Bucket: name, ...ownedBy(accountId) })),
  )
    .map((output): string | null => regionOfLocation(output.LocationConstraint))
    .orElse((error) => (error.code === 'NotFound' ? okAsync(null) : errAsync(error)));
}

/**
 * The bucket's CreationDate (ListBuckets by name prefix, asked in the bucket's
 * own region): what tells it from a bucket later created under the same
 * name. Null when the listing does not show it.
 */
function creationDateOf(clients: AwsClients, region: string, name: string): ResultAsync<string | null, DecomError> {
  return awsCall({ operation: 's3:ListBuckets', resource: bucketArn({}, name) }, () =>
    clients.get('s3', region).send(new ListBucketsCommand({ Prefix: name })),
  ).map((output) => output.Buckets?.find((bucket) => bucket.Name === name)?.CreationDate?.toISOString() ?? null);
}

/** The bucket's tags: none for `NoSuchTagSet`; null (unreadable) when the bucket vanished meanwhile. */
function tagsOf(clients: AwsClients, region: string, name: string, accountId: string) {
  return awsCall({ operation: 's3:GetBucketTagging', resource: bucketArn({}, name) }, () =>
    clients.get('s3', region).send(new GetBucketTaggingCommand({ Bucket: name, ...ownedBy(accountId) })),
  )
    .map((output): Record<string, string> | null => tagRecord(output.TagSet))
    .orElse((error) => {
      if (awsErrorCode(error.cause) === 'NoSuchTagSet') return okAsync({});
      return error.code === 'NotFound' ? okAsync(null) : errAsync(error);
    });
}

/**
 * A bucket of `place.region` as a resource; null when it does not exist or
 * lives in another region. With no region (a bucket ARN has none), the bucket
 * wherever it lives, asked through us-east-1.
 */
function describeBucket(clients: AwsClients, place: Place, name: string): ResultAsync<Resource | null, DecomError> {
  const anywhere = place.region === '';
  return locate(clients, anywhere ? GLOBAL_REGION : place.region, name, place.accountId).andThen((region) => {
    if (region === null || (!anywhere && region !== place.region)) return okAsync(null);
    return ResultAsync.combine([
      tagsOf(clients, region, name, place.accountId),
      creationDateOf(clients, region, name),
      objectLockBlocker(clients, { region, name, accountId: place.accountId }),
    ] as const).map(
      ([tags, createdAt, locked]): Resource => ({
        arn: bucketArn(place, name),
        type: TYPE,
        accountId: place.accountId,
        region,
        name,
        tags,
        state: 'available',
        protection: { deletion: false, stop: false },
        dependsOn: [],
        ...(createdAt === null ? {} : { resourceIdentity: createdAt }),
        ...(locked === null ? {} : { retireBlockers: [locked] }),
      }),
    );
  });
}

/** How the delete action says to empty a bucket that holds objects: null for never; an error for a value of no known mode. */
function emptyModeOf(action: Action): Result<EmptyContentsMode | null, DecomError> {
  const mode = action.params.emptyContents;
  if (mode === undefined) return ok(null);
  return mode === 'delete-versions' || mode === 'expire-by-lifecycle'
    ? ok(mode)
    : err(
        decomError.invalidInput(
          `${action.key}: params.emptyContents must be 'delete-versions' or 'expire-by-lifecycle'`,
        ),
      );
}

/** DeleteBucket; `BucketNotEmpty` (written to meanwhile) is a Conflict, as `notEmpty` says. */
function deleteBucket(
  clients: AwsClients,
  bucket: BucketAt,
  signal: AbortSignal,
  notEmpty: (detail: string) => DecomError,
): ResultAsync<unknown, DecomError> {
  return awsCall({ operation: 's3:DeleteBucket', resource: bucketArn({}, bucket.name), signal }, (options) =>
    clients
      .get('s3', bucket.region)
      .send(new DeleteBucketCommand({ Bucket: bucket.name, ...ownedBy(bucket.accountId) }), options),
  ).orElse((error) =>
    awsErrorCode(error.cause) === 'BucketNotEmpty'
      ? errAsync(notEmpty('objects were written meanwhile'))
      : errAsync(error),
  );
}

/**
 * The delete of a bucket. An empty bucket: DeleteBucket. One that holds
 * objects: refused (Conflict, `BucketNotEmpty`, nothing sent) unless the
 * action carries `emptyContents`, which the engine allows only where the
 * workload's policy for `AWS::S3::Bucket` says so, and only after the
 * bucket's backup (or its explicit waiver). Then, unless Object Lock is
 * enabled (refused, nothing deleted): every version and delete marker is
 * counted (the evidence keeps the count and the bytes), and either removed
 * in batches of 1,000 keys then the bucket deleted (`delete-versions`), or
 * left to a lifecycle rule that expires everything, the action pending until
 * the bucket is empty, then deleted (`expire-by-lifecycle`). Reconcile after
 * a crash: gone is done; still there is absent (emptying again is safe).
 */
function deleteHandler(clients: AwsClients): ActionHandler {
  const type = { type: TYPE, idOf: bucketNameOf };
  const bucketOf = (action: Action, name: string): BucketAt => ({ ...placeOf(action), name });
  const notEmptyOf = (name: string) => (detail: string) =>
    decomError.conflict({
      message: `s3:DeleteBucket on ${bucketArn({}, name)}: BucketNotEmpty: ${detail} (decomkit never empties a bucket unless the workload's policy says so: policies["${TYPE}"].emptyContents)`,
      resource: bucketArn({}, name),
    });
  const goneIsDone = (name: string, result: JsonObject) => (error: DecomError) =>
    error.code === 'NotFound' ? okAsync(done({ id: name, ...result, alreadyGone: true })) : errAsync(error);
  const emptyThenDelete = (
    bucket: BucketAt,
    mode: EmptyContentsMode,
    signal: AbortSignal,
  ): ResultAsync<HandlerOutcome, DecomError> =>
    objectLockBlocker(clients, bucket)
      .andThen((blocker) =>
        blocker === null
          ? countContents(clients, bucket, signal)
          : errAsync(decomError.conflict({ message: blocker.message, resource: bucketArn({}, bucket.name) })),
      )
      .andThen((before): ResultAsync<HandlerOutcome, DecomError> => {
        if (mode === 'expire-by-lifecycle') {
          return expireEverything(clients, bucket, signal).map(() => ({
            status: 'pending',
            checkpoint: { bucket: bucket.name, ...contentsEvidence(before, mode) },
            pollAfterMilliseconds: clients.pollMilliseconds * LIFECYCLE_POLL_FACTOR,
          }));
        }
        return deleteEveryVersion(clients, bucket, signal).andThen((batches) =>
          deleteBucket(clients, bucket, signal, notEmptyOf(bucket.name)).map(() =>
            done({ bucket: bucket.name, state: 'deleted', ...contentsEvidence(before, mode, batches) }),
          ),
        );
      });
  return {
    rateLimits: claims,
    execute: (action, context) =>
      targetId(type, action).andThen((name) => {
        const bucket = bucketOf(action, name);
        const notEmpty = notEmptyOf(name);
        return emptyModeOf(action)
          .asyncAndThen((mode) =>
            holdsObjects(clients, bucket).andThen((holds): ResultAsync<HandlerOutcome, DecomError> => {
              if (!holds) {
                return deleteBucket(clients, bucket, context.signal, notEmpty).map(() =>
                  done({ bucket: name, state: 'deleted' }),
                );
              }
              if (mode === null) return errAsync(notEmpty('it holds objects'));
              return emptyThenDelete(bucket, mode, context.signal);
            }),
          )
          .orElse(goneIsDone(name, {}));
      }),
    // Waiting for the lifecycle rule: still holding objects is still pending; empty, the bucket is deleted.
    poll: (action, checkpoint, context) =>
      targetId(type, action).andThen((name) => {
        const bucket = bucketOf(action, name);
        const before = contentsFrom(checkpoint.contentsBefore);
        const evidence = before === null ? {} : contentsEvidence(before, 'expire-by-lifecycle');
        return holdsObjects(clients, bucket)
          .andThen((holds): ResultAsync<HandlerOutcome, DecomError> => {
            if (holds) {
              return okAsync({
                status: 'pending',
                checkpoint,
                pollAfterMilliseconds: clients.pollMilliseconds * LIFECYCLE_POLL_FACTOR,
              });
            }
            return deleteBucket(clients, bucket, context.signal, notEmptyOf(name)).map(() =>
              done({ bucket: name, state: 'deleted', ...evidence }),
            );
          })
          .orElse(goneIsDone(name, evidence));
      }),
    reconcile: (action) =>
      targetId(type, action).andThen((name) =>
        locate(clients, placeOf(action).region, name, placeOf(action).accountId).map(
          (region): ReconcileOutcome =>
            region === null ? done({ bucket: name, state: 'deleted' }) : { status: 'absent' },
        ),
      ),
  };
}

/**
 * S3 buckets. The ARN carries no region nor account: the region comes from
 * GetBucketLocation (discovery keeps the buckets of the region it describes),
 * the account is the caller's, and every call names it as
 * `ExpectedBucketOwner` (another account's bucket of the same name is never
 * read nor deleted: AccessDenied). Not stoppable; no protection. A bucket
 * with Object Lock enabled that holds objects is a blocking finding
 * (`bucket-object-lock`). Delete: see the handler: a bucket that holds
 * objects is emptied only by the workload's explicit policy
 * (`policies["AWS::S3::Bucket"].emptyContents`), never otherwise.
 *
 * @example
 * ```ts
 * const retirement = awsRetirementPort(clients, [S3_BUCKET]);
 * ```
 */
export const S3_BUCKET = defineAwsResourceType({
  iam: {
    read: ['s3:ListAllMyBuckets', 's3:GetBucketLocation', 's3:GetBucketTagging'],
    delete: [
      onTarget(
        's3:GetBucketObjectLockConfiguration',
        's3:ListBucketVersions',
        's3:PutLifecycleConfiguration',
        's3:DeleteBucket',
      ),
      onResources((arn) => [`${arn}/*`], 's3:DeleteObject', 's3:DeleteObjectVersion'),
    ],
  },
  type: TYPE,
  arnShape: { service: 's3', prefix: '' },
  config: { pattern: /^([a-z0-9][a-z0-9.-]{1,61}[a-z0-9])$/, lookup: 'id' },
  holdsData: true,
  idOf: bucketNameOf,
  arnOf: bucketArn,
  describeMany: (clients, place, ids) =>
    limited(ids, CONCURRENCY, (name) => describeBucket(clients, place, name)).map((found) =>
      found.filter((resource): resource is Resource => resource !== null),
    ),
  delete: deleteHandler,
});
