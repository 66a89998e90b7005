import { type ArtifactRef, type ArtifactsPort, decomError, errAsync, okAsync } from '@decomkit/core';
import { PORT_SPECIFICATION_VERSION, sha256 } from '@decomkit/provider-kit';

/**
 * An in-memory `artifacts` port for the tests: what is put is kept by name,
 * with its hash. Its `artifact.put` handler refuses: these tests write through
 * `put` (an assessment export), never through a planned action.
 */
export function memoryArtifacts(): ArtifactsPort & {
  readonly stored: Map<string, ArtifactRef & { body: Uint8Array }>;
} {
  const stored = new Map<string, ArtifactRef & { body: Uint8Array }>();
  const refuse = () => errAsync(decomError.invalidInput('the in-memory artifacts port takes no artifact.put actions'));
  return {
    specificationVersion: PORT_SPECIFICATION_VERSION,
    handlers: { 'artifact.put': { execute: refuse, reconcile: refuse } },
    stored,
    put: (name, body, contentType) => {
      const ref = { name, uri: `memory://${name}`, sha256: sha256(body), size: body.byteLength, contentType };
      stored.set(name, { ...ref, body: new Uint8Array(body) });
      return okAsync(ref);
    },
    get: (name) => okAsync(stored.get(name)?.body ?? null),
  };
}
