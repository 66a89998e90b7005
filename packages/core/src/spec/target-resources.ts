import type { ResultAsync } from 'neverthrow';
import type { DecomError } from '../errors/decom-error.js';
import type { PortBase } from './action-handler.js';

/** An Azure resource as Resource Graph returns it. */
export interface AzureResource {
  readonly id: string;
  readonly name: string;
  readonly type: string;
  readonly location: string;
  readonly resourceGroup: string;
  readonly tags: Readonly<Record<string, string>>;
}

/** Target port `targetResources` (Azure Resource Graph). */
export interface TargetResourcesPort extends PortBase {
  list(scope: {
    readonly subscriptionId: string;
    readonly resourceGroups?: readonly string[];
    readonly query?: string;
  }): ResultAsync<readonly AzureResource[], DecomError>;
}
