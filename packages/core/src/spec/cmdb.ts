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

/**
 * A CI found by the cloud id of a resource: discovery tools keep the
 * instance id, ARN or resource id on the CI (ServiceNow Cloud Discovery in
 * `object_id` / `correlation_id`).
 */
export interface CloudConfigurationItem {
  /** The cloud id the CI carries: exactly one of those asked for. */
  readonly cloudId: string;
  readonly id: string;
  readonly name: string;
  /** The instance's own status word, read from the CMDB (never hard-coded). */
  readonly status: string;
  readonly retired: boolean;
}

/** Port `cmdb`: CIs; handlers for `cmdb.retire` and `review.schedule`. */
export interface CmdbPort extends PortBase {
  /** Handlers for `cmdb.retire`, `review.schedule`. */
  readonly handlers: PortHandlers<'cmdb.retire' | 'review.schedule'>;
  getItem(id: string): ResultAsync<ConfigurationItem | null, DecomError>;
  /**
   * Optional: the CIs that carry one of `cloudIds` (ARNs, instance ids,
   * resource ids) as their cloud identity, compared exactly (no prefix, no
   * case folding). A read: it never writes. Each CI once, naming the cloud id
   * it carries; a CI that matches none is never returned. The clean-up step
   * offers the CIs found for the resources it retires as planned retirements.
   */
  findByCloudIds?(cloudIds: readonly string[]): ResultAsync<readonly CloudConfigurationItem[], DecomError>;
}
