import { type ArtifactRef, type ArtifactsPort, type DecomError, ok, type ResultAsync, sha256 } from '@decomkit/core';
import type { FakeWorld } from '../world.js';

/** An in-memory artifact store (stands in for Blob storage). */
export function fakeArtifactStore(world: FakeWorld): ArtifactsPort {
  return {
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
}
