import type { ResultAsync } from 'neverthrow';
import type { DecomError } from '../errors/decom-error.js';
import type { PortBase } from './action-handler.js';

/** What AWS Config records about one resource. */
export interface ConfigRecord {
  readonly arn: string;
  readonly type: string;
  /** `ResourceDeleted` once Config has recorded the deletion. */
  readonly status: string;
  readonly capturedAt: string;
}

/** Source port `configInventory` (AWS Config): the out-of-band record used to confirm deletion. */
export interface ConfigInventoryPort extends PortBase {
  records(arns: readonly string[]): ResultAsync<readonly ConfigRecord[], DecomError>;
}
