import { type ArtifactRef, type DecomError, decomError, err, ok, type ResultAsync } from '@decomkit/core';
import { sha256 } from '@decomkit/provider-kit';
import type { FakeArtifact, FakeWorld } from '../world.js';

const MAX_NAME = 1024;

/** An in-memory blob container standing in for Azure Blob storage: put (overwrites) and get by name. */
export class FakeArtifactStore {
  constructor(private readonly world: FakeWorld) {}

  /** Put Blob: stores the bytes under `name`, replacing any blob of that name. */
  putBlob(name: string, body: Uint8Array, contentType: string): ResultAsync<ArtifactRef, DecomError> {
    return this.world.call('artifacts', 'PutBlob', true, name, () => {
      if (name === '' || name.length > MAX_NAME || name.endsWith('/'))
        return err(
          decomError.invalidInput(`InvalidResourceName: blob name "${name}"`, [
            { path: 'name', message: `1–${MAX_NAME} characters, not ending in /` },
          ]),
        );
      const hash = sha256(body);
      const artifact: FakeArtifact = { name, base64: Buffer.from(body).toString('base64'), contentType, sha256: hash };
      this.world.state.artifacts = [
        ...this.world.state.artifacts.filter((existing) => existing.name !== name),
        artifact,
      ];
      return ok(refOf(artifact, body.byteLength));
    });
  }

  /** Get Blob: the stored artifact, or null. */
  getBlob(name: string): ResultAsync<FakeArtifact | null, DecomError> {
    return this.world.call('artifacts', 'GetBlob', false, name, () => {
      const artifact = this.world.state.artifacts.find((existing) => existing.name === name);
      return ok(artifact === undefined ? null : { ...artifact });
    });
  }
}

/** The reference of a stored artifact. */
export function refOf(artifact: FakeArtifact, size: number): ArtifactRef {
  return {
    name: artifact.name,
    uri: `memory://artifacts/${artifact.name}`,
    sha256: artifact.sha256,
    size,
    contentType: artifact.contentType,
  };
}
