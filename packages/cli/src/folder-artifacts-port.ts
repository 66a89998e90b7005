import { closeSync, fsyncSync, mkdirSync, openSync, readFileSync, writeSync } from 'node:fs';
import { dirname, relative, resolve, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  type ActionHandler,
  type ArtifactRef,
  type ArtifactsPort,
  type DecomError,
  decomError,
  err,
  errAsync,
  ok,
  okAsync,
  PORT_SPECIFICATION_VERSION,
  type Result,
  type ResultAsync,
} from '@decomkit/core';
import { artifactPutInput, done, sha256 } from '@decomkit/provider-kit';

/**
 * Port `artifacts` over a folder on this machine: each artifact is a file
 * under `directory` (its name a relative path that may not leave the folder),
 * written once with `O_EXCL` and fsynced, never overwritten (a second put of
 * the same name is done when it holds the very same bytes, a `Conflict`
 * otherwise). `artifact.put` is done when the file holds the same hash;
 * reconcile checks presence and hash. For evidence that must outlive this
 * machine, archive in Azure Blob instead (`azure.archive`).
 *
 * @example
 * ```ts
 * const artifacts = folderArtifactsPort('/var/lib/decomkit/evidence');
 * ```
 */
export function folderArtifactsPort(directory: string): ArtifactsPort {
  const root = resolve(directory);
  const pathOf = (name: string): Result<string, DecomError> => {
    const path = resolve(root, name);
    const inside = relative(root, path);
    if (inside === '' || inside.startsWith(`..${sep}`) || inside === '..' || resolve(inside) === inside)
      return err(
        decomError.invalidInput(`artifact name ${name} leaves the folder ${root}`, [
          { path: 'name', message: 'a relative path inside the artifacts folder' },
        ]),
      );
    return ok(path);
  };
  const read = (name: string): Result<Uint8Array | null, DecomError> =>
    pathOf(name).andThen((path) => {
      try {
        return ok(new Uint8Array(readFileSync(path)));
      } catch (cause) {
        if ((cause as NodeJS.ErrnoException).code === 'ENOENT') return ok(null);
        return err(failure(`cannot read artifact ${path}`, cause));
      }
    });
  const put = (name: string, body: Uint8Array, contentType: string): ResultAsync<ArtifactRef, DecomError> => {
    const path = pathOf(name);
    if (path.isErr()) return errAsync(path.error);
    const hash = sha256(body);
    const ref: ArtifactRef = {
      name,
      uri: pathToFileURL(path.value).href,
      sha256: hash,
      size: body.byteLength,
      contentType,
    };
    try {
      mkdirSync(dirname(path.value), { recursive: true });
      const descriptor = openSync(path.value, 'wx');
      try {
        writeSync(descriptor, body);
        fsyncSync(descriptor);
      } finally {
        closeSync(descriptor);
      }
      return okAsync(ref);
    } catch (cause) {
      if ((cause as NodeJS.ErrnoException).code !== 'EEXIST')
        return errAsync(failure(`cannot write artifact ${path.value}`, cause));
      const existing = read(name);
      if (existing.isErr()) return errAsync(existing.error);
      if (existing.value !== null && sha256(existing.value) === hash) return okAsync(ref);
      return errAsync(
        decomError.conflict({
          message: `artifact ${path.value} already exists with other content: never overwritten`,
          resource: ref.uri,
        }),
      );
    }
  };
  const putHandler: ActionHandler<'artifact.put'> = {
    execute: (action) => {
      const input = artifactPutInput(action);
      if (input.isErr()) return errAsync(input.error);
      const { name, contentType, body } = input.value;
      return put(name, body, contentType).map((stored) =>
        done({ name: stored.name, uri: stored.uri, sha256: stored.sha256, size: stored.size }),
      );
    },
    reconcile: (action) => {
      const input = artifactPutInput(action);
      if (input.isErr()) return errAsync(input.error);
      const { name, body } = input.value;
      const hash = sha256(body);
      const existing = read(name);
      if (existing.isErr()) return errAsync(existing.error);
      return okAsync(
        existing.value !== null && sha256(existing.value) === hash
          ? done({ name, sha256: hash, size: body.byteLength })
          : { status: 'absent' as const },
      );
    },
  };
  return {
    specificationVersion: PORT_SPECIFICATION_VERSION,
    handlers: { 'artifact.put': putHandler },
    put,
    get: (name) => {
      const stored = read(name);
      return stored.isErr() ? errAsync(stored.error) : okAsync(stored.value);
    },
  };
}

function failure(message: string, cause: unknown): DecomError {
  return decomError.providerFailure({ message, retryable: false, cause });
}
