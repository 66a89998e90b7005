import {
  type ActionHandler,
  type ArtifactRef,
  type ArtifactsPort,
  type DecomError,
  decomError,
  errAsync,
  type JsonObject,
  ok,
  type ResultAsync,
  sha256,
} from '@decomkit/core';
import type { FakeWorld } from '../world.js';

/** An in-memory artifact store (stands in for Blob storage). */
export function fakeArtifactStore(world: FakeWorld): ArtifactsPort {
  const bodyOf = (params: JsonObject): Uint8Array | null =>
    typeof params.body === 'string'
      ? new TextEncoder().encode(params.body)
      : typeof params.bodyBase64 === 'string'
        ? new Uint8Array(Buffer.from(params.bodyBase64, 'base64'))
        : null;
  // artifact.put: idempotent by name and content (the same bytes again are done; reconcile checks the hash).
  const put: ActionHandler = {
    execute: (action) => {
      const name = action.params.name;
      const contentType = action.params.contentType;
      const body = bodyOf(action.params);
      if (typeof name !== 'string' || typeof contentType !== 'string' || body === null) {
        return errAsync(
          decomError.invalidInput(`${action.key}: artifact.put needs name, contentType and body or bodyBase64`),
        );
      }
      return store.put(name, body, contentType).map(
        (stored) =>
          ({
            status: 'done',
            result: { name: stored.name, uri: stored.uri, sha256: stored.sha256, size: stored.size },
          }) as const,
      );
    },
    reconcile: (action) => {
      const body = bodyOf(action.params);
      const name = action.params.name;
      if (typeof name !== 'string' || body === null)
        return errAsync(decomError.invalidInput(`${action.key}: artifact.put needs name and body`));
      return store
        .get(name)
        .map((stored) =>
          stored !== null && sha256(stored) === sha256(body)
            ? ({ status: 'done', result: { name, sha256: sha256(body), size: body.byteLength } } as const)
            : ({ status: 'absent' } as const),
        );
    },
  };
  const store: ArtifactsPort = {
    put(name: string, body: Uint8Array, contentType: string): ResultAsync<ArtifactRef, DecomError> {
      return world.call('artifacts', 'PutBlob', true, name, () => {
        const hash = sha256(body);
        const artifact = { name, base64: Buffer.from(body).toString('base64'), contentType, sha256: hash };
        world.state.artifacts = [...world.state.artifacts.filter((existing) => existing.name !== name), artifact];
        return ok({ name, uri: `memory://artifacts/${name}`, sha256: hash, size: body.byteLength, contentType });
      });
    },
    get(name: string): ResultAsync<Uint8Array | null, DecomError> {
      return world.call('artifacts', 'GetBlob', false, name, () => {
        const artifact = world.state.artifacts.find((existing) => existing.name === name);
        return ok(artifact === undefined ? null : new Uint8Array(Buffer.from(artifact.base64, 'base64')));
      });
    },
  };
  return { ...store, handlers: { 'artifact.put': put } };
}
