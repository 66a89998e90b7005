import type { ResultAsync } from 'neverthrow';
import type { DecomError } from '../errors/decom-error.js';
import type { PortBase, PortHandlers } from './action-handler.js';

/** A configuration item. */
export interface ConfigurationItem {
  readonly id: string;
  readonly name: string;
  /** The instance's own status word, read from the CMDB (never hard-coded). */
  readonly status: string;
  readonly retired: boolean;
  readonly links: readonly string[];
}

/** Port `cmdb`: CIs; handlers for `cmdb.retire` and `review.schedule`. */
export interface CmdbPort extends PortBase {
  /** Handlers for `cmdb.retire`, `review.schedule`. */
  readonly handlers: PortHandlers<'cmdb.retire' | 'review.schedule'>;
  getItem(id: string): ResultAsync<ConfigurationItem | null, DecomError>;
}
