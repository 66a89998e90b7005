import type { ActionHandler, ArtifactsPort, DecomError, PlannedAction, Result } from '@decomkit/core';
import { err, errAsync, ok, okAsync } from '@decomkit/core';
import { actionParamsError, PORT_SPECIFICATION_VERSION, sha256 } from '@decomkit/provider-kit';
import type { FakeArtifactStore } from '../target/artifact-store.js';
import { done } from './resource-kind.js';

/**
 * Port `artifacts` over the fake blob container. `artifact.put` (params
 * `name`, `contentType`, and `body` as text or `bodyBase64`) publishes a
 * document as a planned action: the same name with the same hash is already
 * done (nothing written); reconcile checks presence and hash.
 */
export function fakeArtifactsPort(store: FakeArtifactStore): ArtifactsPort {
  const put: ActionHandler<'artifact.put'> = {
    execute: (action) => {
      const input = putInput(action);
      if (input.isErr()) return errAsync(input.error);
      const { name, contentType, body } = input.value;
      const hash = sha256(body);
      return store
        .getBlob(name)
        .andThen((existing) =>
          existing?.sha256 === hash
            ? okAsync(done({ name, sha256: hash, size: body.byteLength, unchanged: true }))
            : store
                .putBlob(name, body, contentType)
                .map((ref) => done({ name: ref.name, uri: ref.uri, sha256: ref.sha256, size: ref.size })),
        );
    },
    reconcile: (action) => {
      const input = putInput(action);
      if (input.isErr()) return errAsync(input.error);
      const { name, body } = input.value;
      const hash = sha256(body);
      return store
        .getBlob(name)
        .map((existing) =>
          existing?.sha256 === hash
            ? done({ name, sha256: hash, size: body.byteLength })
            : { status: 'absent' as const },
        );
    },
  };
  return {
    specificationVersion: PORT_SPECIFICATION_VERSION,
    handlers: { 'artifact.put': put },
    put: (name, body, contentType) => store.putBlob(name, body, contentType),
    get: (name) =>
      store
        .getBlob(name)
        .map((artifact) => (artifact === null ? null : new Uint8Array(Buffer.from(artifact.base64, 'base64')))),
  };
}

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

function putInput(
  action: PlannedAction<'artifact.put'>,
): Result<{ name: string; contentType: string; body: Uint8Array }, DecomError> {
  const { name, contentType, body, bodyBase64 } = action.params;
  const issues: { path: string; message: string }[] = [];
  if (typeof name !== 'string' || name === '') issues.push({ path: 'params.name', message: 'required' });
  if (typeof contentType !== 'string' || contentType === '')
    issues.push({ path: 'params.contentType', message: 'required' });
  const hasText = typeof body === 'string';
  const hasBase64 = typeof bodyBase64 === 'string';
  if (hasText === hasBase64) issues.push({ path: 'params.body', message: 'exactly one of body (text) or bodyBase64' });
  if (hasBase64 && (bodyBase64.length % 4 !== 0 || !BASE64.test(bodyBase64)))
    issues.push({ path: 'params.bodyBase64', message: 'not base64' });
  const invalid = actionParamsError(action, issues);
  if (invalid !== null) return err(invalid);
  return ok({
    name: name as string,
    contentType: contentType as string,
    body: hasText
      ? new TextEncoder().encode(body as string)
      : new Uint8Array(Buffer.from(bodyBase64 as string, 'base64')),
  });
}
