import type { ResultAsync } from 'neverthrow';
import type { DecomError } from '../errors/decom-error.js';
import type { PortBase, PortHandlers } from './action-handler.js';

/** A stored artifact and its hash. */
export interface ArtifactRef {
  readonly name: string;
  readonly uri: string;
  readonly sha256: string;
  readonly size: number;
  readonly contentType: string;
}

/** Port `artifacts`: where reports, exports and baselines are archived (Blob storage, a folder, memory). */
export interface ArtifactsPort extends PortBase {
  /** Handlers for `artifact.put`. */
  readonly handlers: PortHandlers<'artifact.put'>;
  put(name: string, body: Uint8Array, contentType: string): ResultAsync<ArtifactRef, DecomError>;
  get(name: string): ResultAsync<Uint8Array | null, DecomError>;
}

/** The artifact store as handlers and helpers use it (`HandlerContext.ports.artifacts`): its handlers hidden. */
export type ArtifactStore = Omit<ArtifactsPort, 'handlers'>;
