import { type ArtifactRef, type ArtifactsPort, okAsync, sha256 } from '@decomkit/core';

/** An in-memory `artifacts` port for the tests: what is put is kept by name, with its hash. */
export function memoryArtifacts(): ArtifactsPort & {
  readonly stored: Map<string, ArtifactRef & { body: Uint8Array }>;
} {
  const stored = new Map<string, ArtifactRef & { body: Uint8Array }>();
  return {
    stored,
    put: (name, body, contentType) => {
      const ref = { name, uri: `memory://${name}`, sha256: sha256(body), size: body.byteLength, contentType };
      stored.set(name, { ...ref, body: new Uint8Array(body) });
      return okAsync(ref);
    },
    get: (name) => okAsync(stored.get(name)?.body ?? null),
  };
}
