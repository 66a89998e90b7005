import {
  DeleteBucketCommand,
  GetBucketLocationCommand,
  GetBucketTaggingCommand,
  ListBucketsCommand,
  ListObjectVersionsCommand,
} from '@aws-sdk/client-s3';
import type { DecomError, JsonObject, Resource } from '@decomkit/core';
import { decomError, errAsync, okAsync, ResultAsync } from '@decomkit/core';
import { type Place, parseArn } from '../arns.js';
import { awsCall, awsErrorCode } from '../aws-call.js';
import type { AwsClients } from '../clients.js';
import { defineAwsResourceType } from './define-resource-type.js';
import { claimsOn, goneRead, limited, placeOf, simpleHandler, tagRecord } from './resource-type.js';

const TYPE = 'AWS::S3::Bucket';
/** Where GetBucketLocation is asked when the region is not known yet. */
const GLOBAL_REGION = 'us-east-1';
/** Buckets described at once during discovery. */
const CONCURRENCY = 8;
/** S3 control calls claim the engine's `default` bucket of the service. */
const claims = claimsOn('s3', 'default');

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

/** `ExpectedBucketOwner` for the caller's account: a bucket of another account answers AccessDenied. */
function ownedBy(accountId: string): { ExpectedBucketOwner?: string } {
  return accountId === '' ? {} : { ExpectedBucketOwner: accountId };
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
    ] as const).map(
      ([tags, createdAt]): Resource => ({
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
      }),
    );
  });
}

/** Whether the bucket holds any object version or delete marker (one ListObjectVersions key is enough). */
function holdsObjects(clients: AwsClients, region: string, name: string, accountId: string) {
  return awsCall({ operation: 's3:ListObjectVersions', resource: bucketArn({}, name) }, () =>
    clients.get('s3', region).send(new ListObjectVersionsCommand({ Bucket: name, MaxKeys: 1, ...ownedBy(accountId) })),
  ).map((output) => (output.Versions?.length ?? 0) + (output.DeleteMarkers?.length ?? 0) > 0);
}

/**
 * S3 buckets. The ARN carries no region nor account: the region comes from
 * GetBucketLocation (discovery keeps the buckets of the region it describes),
 * the account is the caller's, and every call names it as
 * `ExpectedBucketOwner` (another account's bucket of the same name is never
 * read nor deleted: AccessDenied). Not stoppable; no protection. Delete is DeleteBucket
 * on an empty bucket only: a bucket holding any object version or delete
 * marker is refused (Conflict, as `BucketNotEmpty`) and never emptied.
 *
 * @example
 * ```ts
 * const retirement = awsRetirementPort(clients, [S3_BUCKET]);
 * ```
 */
export const S3_BUCKET = defineAwsResourceType({
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
  delete: (clients) =>
    simpleHandler({
      type: { type: TYPE, idOf: bucketNameOf },
      claims,
      run: (name, action, signal): ResultAsync<JsonObject, DecomError> => {
        const { region, accountId } = placeOf(action);
        const resource = bucketArn({}, name);
        const notEmpty = (detail: string) =>
          decomError.conflict({
            message: `s3:DeleteBucket on ${resource}: BucketNotEmpty: ${detail} (decomkit never empties a bucket)`,
            resource,
          });
        return holdsObjects(clients, region, name, accountId)
          .andThen((holds) => (holds ? errAsync(notEmpty('it holds objects')) : okAsync(undefined)))
          .andThen(() =>
            awsCall({ operation: 's3:DeleteBucket', resource, signal }, (options) =>
              clients.get('s3', region).send(new DeleteBucketCommand({ Bucket: name, ...ownedBy(accountId) }), options),
            ).orElse((error) =>
              awsErrorCode(error.cause) === 'BucketNotEmpty'
                ? errAsync(notEmpty('objects were written meanwhile'))
                : errAsync(error),
            ),
          )
          .map(() => ({ bucket: name, state: 'deleted' }));
      },
      readBack: (name, action) =>
        goneRead(
          locate(clients, placeOf(action).region, name, placeOf(action).accountId).map((region) => region !== null),
          { bucket: name, state: 'deleted' },
        ),
      goneIsDone: true,
    }),
});
