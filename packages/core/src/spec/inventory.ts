import type { Result, ResultAsync } from 'neverthrow';
import type { DecomError } from '../errors/decom-error.js';
import type { Resource } from '../model/resource.js';
import type { Workload } from '../model/workload-schema.js';
import type { PortBase } from './action-handler.js';

/** Source port `inventory`: what is there, read-only. */
export interface InventoryPort extends PortBase {
  /**
   * Streams the resources the selector matches, a page at a time, so a
   * 100,000-resource account is never held in memory at once. Resources
   * whose tags cannot be read come with `tags: null`.
   */
  discover(source: Workload['source']): AsyncIterable<Result<readonly Resource[], DecomError>>;
  /** Re-reads one resource; `null` when it no longer exists. */
  describe(arn: string): ResultAsync<Resource | null, DecomError>;
}
