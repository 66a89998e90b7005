import { createHash } from 'node:crypto';
import type { ContainerClient } from '@azure/storage-blob';
import {
  type ActionHandler,
  type ArtifactRef,
  type ArtifactsPort,
  type DecomError,
  decomError,
  errAsync,
  okAsync,
  PORT_SPECIFICATION_VERSION,
  type ResultAsync,
} from '@decomkit/core';
import { artifactPutInput, done, sha256 } from '@decomkit/provider-kit';
import { azureCall } from '../azure-call.js';

/** The blob metadata key that holds an artifact's SHA-256 (hex). */
export const SHA256_METADATA = 'sha256';

/** A stored blob's hash and size, or null when there is none. */
interface Stored {
  readonly sha256: string | undefined;
  readonly size: number;
  readonly contentType: string;
  readonly uri: string;
}

/**
 * How archived artifacts are locked against change and deletion, blob by blob
 * (the container needs version-level immutability; Azure refuses the upload
 * otherwise, and nothing is stored).
 */
export interface BlobRetention {
  /** Days each artifact stays immutable after its upload (a time-based retention policy), 1 to 146,000. */
  readonly retainDays?: number;
  /** `Unlocked` (default: an administrator can still shorten or remove it) or `Locked` (it can only be extended). */
  readonly mode?: 'Unlocked' | 'Locked';
  /** A legal hold on each artifact, kept until someone clears it. */
  readonly legalHold?: boolean;
}

/** The retention's problems, as input issues (none when it is valid). */
function retentionIssues(retention: BlobRetention): { path: string; message: string }[] {
  const issues: { path: string; message: string }[] = [];
  const days = retention.retainDays;
  if (days !== undefined && !(Number.isInteger(days) && days >= 1 && days <= 146_000))
    issues.push({ path: 'archive.retention.retainDays', message: 'an integer from 1 to 146000' });
  if (retention.mode !== undefined && retention.mode !== 'Unlocked' && retention.mode !== 'Locked')
    issues.push({ path: 'archive.retention.mode', message: 'Unlocked or Locked' });
  if (retention.mode !== undefined && days === undefined)
    issues.push({ path: 'archive.retention.mode', message: 'needs retainDays' });
  if (retention.legalHold !== undefined && typeof retention.legalHold !== 'boolean')
    issues.push({ path: 'archive.retention.legalHold', message: 'true or false' });
  return issues;
}

/**
 * Port `artifacts` over an Azure Blob Storage container (`@azure/storage-blob`):
 * `put` uploads a block blob with `If-None-Match: *`, so a name is never
 * overwritten (a second put of the same name is a `Conflict` unless it holds
 * the very same bytes), with the SHA-256 in its metadata and Content-MD5 in
 * its headers (the service checks the bytes it received); `get` downloads
 * (null when missing). `artifact.put` is done when the blob holds the same
 * hash; reconcile checks presence and hash. With a `retention`, each upload
 * carries its immutability policy (`x-ms-immutability-policy-until-date`,
 * `-mode`) and legal hold (`x-ms-legal-hold`), set in the same request, so an
 * artifact is never stored unprotected; an invalid retention is InvalidInput
 * before anything is sent.
 *
 * @example
 * ```ts
 * const container = new BlobServiceClient(accountUrl, credential).getContainerClient('decomkit');
 * const artifacts = azureBlobArtifactsPort(container, { retainDays: 2555, mode: 'Locked' });
 * ```
 */
export function azureBlobArtifactsPort(
  container: ContainerClient,
  retention: BlobRetention = {},
  now: () => Date = () => new Date(),
): ArtifactsPort {
  const issues = retentionIssues(retention);
  const invalid =
    issues.length === 0
      ? null
      : decomError.invalidInput(
          `Blob archive retention: ${issues.map((issue) => `${issue.path} ${issue.message}`).join('; ')}`,
          issues,
        );
  const lock = () => ({
    ...(retention.retainDays === undefined
      ? {}
      : {
          immutabilityPolicy: {
            expiriesOn: new Date(now().getTime() + retention.retainDays * 86_400_000),
            policyMode: retention.mode ?? 'Unlocked',
          },
        }),
    ...(retention.legalHold === true ? { legalHold: true } : {}),
  });
  const stat = (name: string): ResultAsync<Stored | null, DecomError> =>
    azureCall({ operation: 'Blob.getProperties', resource: uriOf(container, name) }, (options) =>
      container.getBlockBlobClient(name).getProperties(options),
    )
      .map((properties): Stored | null => ({
        sha256: properties.metadata?.[SHA256_METADATA],
        size: properties.contentLength ?? 0,
        contentType: properties.contentType ?? '',
        uri: uriOf(container, name),
      }))
      .orElse((error) => (error.code === 'NotFound' ? okAsync(null) : errAsync(error)));
  const put = (name: string, body: Uint8Array, contentType: string): ResultAsync<ArtifactRef, DecomError> => {
    const hash = sha256(body);
    const uri = uriOf(container, name);
    const ref: ArtifactRef = { name, uri, sha256: hash, size: body.byteLength, contentType };
    if (invalid !== null) return errAsync(invalid);
    return azureCall({ operation: 'Blob.upload', resource: uri }, (options) =>
      container.getBlockBlobClient(name).upload(body, body.byteLength, {
        ...options,
        ...lock(),
        conditions: { ifNoneMatch: '*' },
        metadata: { [SHA256_METADATA]: hash },
        blobHTTPHeaders: { blobContentType: contentType, blobContentMD5: createHash('md5').update(body).digest() },
      }),
    )
      .map(() => ref)
      .orElse((error) =>
        error.code !== 'Conflict'
          ? errAsync(error)
          : stat(name).andThen((existing) =>
              existing?.sha256 === hash
                ? okAsync(ref)
                : errAsync(
                    decomError.conflict({
                      message: `artifact ${uri} already exists with other content (sha256 ${existing?.sha256 ?? 'unknown'}): never overwritten`,
                      resource: uri,
                      cause: error,
                    }),
                  ),
            ),
      );
  };
  const handler: ActionHandler<'artifact.put'> = {
    execute: (action) => {
      const input = artifactPutInput(action);
      if (input.isErr()) return errAsync(input.error);
      const { name, contentType, body } = input.value;
      return put(name, body, contentType).map((ref) =>
        done({ name: ref.name, uri: ref.uri, sha256: ref.sha256, size: ref.size }),
      );
    },
    reconcile: (action) => {
      const input = artifactPutInput(action);
      if (input.isErr()) return errAsync(input.error);
      const { name, body } = input.value;
      const hash = sha256(body);
      return stat(name).map((existing) =>
        existing?.sha256 === hash
          ? done({ name, uri: existing.uri, sha256: hash, size: existing.size })
          : ({ status: 'absent' } as const),
      );
    },
  };
  return {
    specificationVersion: PORT_SPECIFICATION_VERSION,
    handlers: { 'artifact.put': handler },
    put,
    get: (name) =>
      azureCall({ operation: 'Blob.download', resource: uriOf(container, name) }, (options) =>
        container.getBlockBlobClient(name).downloadToBuffer(undefined, undefined, options),
      )
        .map((buffer): Uint8Array | null => new Uint8Array(buffer))
        .orElse((error) => (error.code === 'NotFound' ? okAsync(null) : errAsync(error))),
  };
}

function uriOf(container: ContainerClient, name: string): string {
  return `${container.url.replace(/\?.*$/, '')}/${name}`;
}

/** The Azure RBAC data actions of this port: the upload (with its immutability policy), the read-back and the download. */
export const BLOB_ARTIFACTS_DATA_ACTIONS: readonly string[] = [
  'Microsoft.Storage/storageAccounts/blobServices/containers/blobs/read',
  'Microsoft.Storage/storageAccounts/blobServices/containers/blobs/write',
];
