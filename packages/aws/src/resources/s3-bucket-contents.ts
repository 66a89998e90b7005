import {
  DeleteObjectsCommand,
  GetObjectLockConfigurationCommand,
  ListObjectVersionsCommand,
  type ListObjectVersionsCommandOutput,
  PutBucketLifecycleConfigurationCommand,
} from '@aws-sdk/client-s3';
import type { DecomError, JsonObject, RetireBlocker } from '@decomkit/core';
import { decomError, errAsync, okAsync, type ResultAsync } from '@decomkit/core';
import { awsCall, awsErrorCode } from '../aws-call.js';
import type { AwsClients } from '../clients.js';

/** Keys one DeleteObjects call removes at most (S3's limit), and one ListObjectVersions page lists. */
export const DELETE_BATCH_SIZE = 1000;
/** The ids of the lifecycle rules decomkit sets to expire a bucket's every object. */
export const EXPIRE_RULE_IDS = ['decomkit-expire-every-version', 'decomkit-expire-delete-markers'] as const;

/** Where a bucket call is made: the bucket's region and name, and the caller's account (`ExpectedBucketOwner`). */
export interface BucketAt {
  readonly region: string;
  readonly name: string;
  readonly accountId: string;
}

/** What a bucket held before decomkit emptied it, as the evidence records it. */
export interface BucketContents {
  /** Object versions (the current one of each key included). */
  readonly objectVersions: number;
  readonly deleteMarkers: number;
  /** The bytes of every version. */
  readonly bytes: number;
}

/** The bucket's ARN, as errors name it. */
function arnOf(bucket: BucketAt): string {
  return `arn:aws:s3:::${bucket.name}`;
}

/** `ExpectedBucketOwner` for the caller's account: a bucket of another account answers AccessDenied. */
export function ownedBy(accountId: string): { ExpectedBucketOwner?: string } {
  return accountId === '' ? {} : { ExpectedBucketOwner: accountId };
}

/** One page of ListObjectVersions from the given markers (none: the first page). */
function versionsPage(
  clients: AwsClients,
  bucket: BucketAt,
  maxKeys: number,
  from: { KeyMarker?: string; VersionIdMarker?: string } = {},
  signal?: AbortSignal,
): ResultAsync<ListObjectVersionsCommandOutput, DecomError> {
  return awsCall({ operation: 's3:ListObjectVersions', resource: arnOf(bucket), ...(signal ? { signal } : {}) }, () =>
    clients
      .get('s3', bucket.region)
      .send(
        new ListObjectVersionsCommand({ Bucket: bucket.name, MaxKeys: maxKeys, ...from, ...ownedBy(bucket.accountId) }),
      ),
  );
}

/** Whether the bucket holds any object version or delete marker (one key is enough). */
export function holdsObjects(clients: AwsClients, bucket: BucketAt): ResultAsync<boolean, DecomError> {
  return versionsPage(clients, bucket, 1).map(
    (output) => (output.Versions?.length ?? 0) + (output.DeleteMarkers?.length ?? 0) > 0,
  );
}

/** Every version and delete marker counted, with the bytes of the versions: every page of ListObjectVersions. */
export function countContents(
  clients: AwsClients,
  bucket: BucketAt,
  signal?: AbortSignal,
): ResultAsync<BucketContents, DecomError> {
  const page = (
    from: { KeyMarker?: string; VersionIdMarker?: string },
    sum: BucketContents,
  ): ResultAsync<BucketContents, DecomError> =>
    versionsPage(clients, bucket, DELETE_BATCH_SIZE, from, signal).andThen((output) => {
      const versions = output.Versions ?? [];
      const next: BucketContents = {
        objectVersions: sum.objectVersions + versions.length,
        deleteMarkers: sum.deleteMarkers + (output.DeleteMarkers?.length ?? 0),
        bytes: sum.bytes + versions.reduce((total, version) => total + (version.Size ?? 0), 0),
      };
      return output.IsTruncated === true
        ? page(
            {
              ...(output.NextKeyMarker === undefined ? {} : { KeyMarker: output.NextKeyMarker }),
              ...(output.NextVersionIdMarker === undefined ? {} : { VersionIdMarker: output.NextVersionIdMarker }),
            },
            next,
          )
        : okAsync(next);
    });
  return page({}, { objectVersions: 0, deleteMarkers: 0, bytes: 0 });
}

/**
 * Removes every version and delete marker: list the first page (up to 1,000
 * keys), DeleteObjects exactly those, again until the listing is empty. A key
 * S3 refuses to delete (under Object Lock, say) fails the whole emptying
 * (Conflict naming it): nothing is forced, nothing bypassed. Returns the
 * number of DeleteObjects batches sent.
 */
export function deleteEveryVersion(
  clients: AwsClients,
  bucket: BucketAt,
  signal: AbortSignal,
): ResultAsync<number, DecomError> {
  const resource = arnOf(bucket);
  const batch = (sent: number): ResultAsync<number, DecomError> =>
    versionsPage(clients, bucket, DELETE_BATCH_SIZE, {}, signal).andThen((output) => {
      const keys = [...(output.Versions ?? []), ...(output.DeleteMarkers ?? [])]
        .slice(0, DELETE_BATCH_SIZE)
        .map((entry) => ({
          Key: entry.Key ?? '',
          ...(entry.VersionId === undefined ? {} : { VersionId: entry.VersionId }),
        }));
      if (keys.length === 0) return okAsync(sent);
      return awsCall({ operation: 's3:DeleteObjects', resource, signal }, (options) =>
        clients.get('s3', bucket.region).send(
          new DeleteObjectsCommand({
            Bucket: bucket.name,
            Delete: { Objects: keys, Quiet: true },
            ...ownedBy(bucket.accountId),
          }),
          options,
        ),
      ).andThen((deleted) => {
        const [first, ...more] = deleted.Errors ?? [];
        if (first === undefined) return batch(sent + 1);
        return errAsync(
          decomError.conflict({
            message:
              `s3:DeleteObjects on ${resource}: ${1 + more.length} keys not deleted, first ${first.Key ?? '?'} (version ${first.VersionId ?? 'null'}): ${first.Code ?? 'error'} ${first.Message ?? ''}`.trim(),
            resource,
          }),
        );
      });
    });
  return batch(0);
}

/**
 * Sets the lifecycle rules that expire every current and noncurrent version,
 * abort unfinished uploads and remove expired delete markers after a day
 * (replacing the bucket's lifecycle configuration: the bucket is being
 * retired). S3 then empties the bucket on its own; the delete waits for that.
 */
export function expireEverything(
  clients: AwsClients,
  bucket: BucketAt,
  signal: AbortSignal,
): ResultAsync<unknown, DecomError> {
  const [versionsRule, markersRule] = EXPIRE_RULE_IDS;
  return awsCall({ operation: 's3:PutBucketLifecycleConfiguration', resource: arnOf(bucket), signal }, (options) =>
    clients.get('s3', bucket.region).send(
      new PutBucketLifecycleConfigurationCommand({
        Bucket: bucket.name,
        ...ownedBy(bucket.accountId),
        LifecycleConfiguration: {
          Rules: [
            {
              ID: versionsRule,
              Status: 'Enabled',
              Filter: { Prefix: '' },
              Expiration: { Days: 1 },
              NoncurrentVersionExpiration: { NoncurrentDays: 1 },
              AbortIncompleteMultipartUpload: { DaysAfterInitiation: 1 },
            },
            {
              ID: markersRule,
              Status: 'Enabled',
              Filter: { Prefix: '' },
              Expiration: { ExpiredObjectDeleteMarker: true },
            },
          ],
        },
      }),
      options,
    ),
  );
}

/** The bucket's Object Lock: null when not enabled; else its default retention, in words (`none` without one). */
export function objectLockOf(clients: AwsClients, bucket: BucketAt): ResultAsync<string | null, DecomError> {
  return awsCall({ operation: 's3:GetObjectLockConfiguration', resource: arnOf(bucket) }, () =>
    clients
      .get('s3', bucket.region)
      .send(new GetObjectLockConfigurationCommand({ Bucket: bucket.name, ...ownedBy(bucket.accountId) })),
  )
    .map((output): string | null => {
      const lock = output.ObjectLockConfiguration;
      if (lock?.ObjectLockEnabled !== 'Enabled') return null;
      const retention = lock.Rule?.DefaultRetention;
      if (retention === undefined) return 'no default retention';
      const period = retention.Days === undefined ? `${retention.Years ?? '?'} years` : `${retention.Days} days`;
      return `default retention ${retention.Mode ?? '?'} ${period}`;
    })
    .orElse((error) =>
      awsErrorCode(error.cause) === 'ObjectLockConfigurationNotFoundError' ? okAsync(null) : errAsync(error),
    );
}

/**
 * Why a bucket cannot be emptied: it has Object Lock enabled and holds object
 * versions (any may be under retention or a legal hold, which decomkit never
 * bypasses). Null when it can; a bucket without Object Lock reads one call.
 */
export function objectLockBlocker(
  clients: AwsClients,
  bucket: BucketAt,
): ResultAsync<RetireBlocker | null, DecomError> {
  return objectLockOf(clients, bucket).andThen((lock) => {
    if (lock === null) return okAsync(null);
    return holdsObjects(clients, bucket).map((holds) =>
      holds
        ? {
            code: 'bucket-object-lock',
            message: `${arnOf(bucket)} has S3 Object Lock enabled (${lock}) and holds object versions: versions under retention or legal hold cannot be deleted, and decomkit never bypasses them: not touched`,
          }
        : null,
    );
  });
}

/** The evidence of an emptying: what the bucket held before, and how it was emptied. */
export function contentsEvidence(before: BucketContents, emptiedBy: string, batches?: number): JsonObject {
  return {
    contentsBefore: { ...before },
    emptiedBy,
    ...(batches === undefined ? {} : { deleteBatches: batches }),
  };
}

/** Reads a `contentsBefore` back from a checkpoint; null when it holds none. */
export function contentsFrom(value: unknown): BucketContents | null {
  if (typeof value !== 'object' || value === null) return null;
  const { objectVersions, deleteMarkers, bytes } = value as Record<string, unknown>;
  return typeof objectVersions === 'number' && typeof deleteMarkers === 'number' && typeof bytes === 'number'
    ? { objectVersions, deleteMarkers, bytes }
    : null;
}
