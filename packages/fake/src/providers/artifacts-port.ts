import type { ActionHandler, ArtifactsPort } from '@decomkit/core';
import { errAsync, okAsync } from '@decomkit/core';
import { artifactPutInput, PORT_SPECIFICATION_VERSION, sha256 } from '@decomkit/provider-kit';
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
      const input = artifactPutInput(action);
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
      const input = artifactPutInput(action);
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
