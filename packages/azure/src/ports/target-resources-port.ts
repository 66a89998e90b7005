import {
  type AzureResource,
  type DecomError,
  decomError,
  errAsync,
  okAsync,
  PORT_SPECIFICATION_VERSION,
  type TargetResourcesPort,
} from '@decomkit/core';
import type { AzureClients } from '../clients.js';
import { resourceGraphRows } from '../resource-graph-rows.js';

/** Resource group names: letters, digits, `_`, `-`, `.`, `(`, `)` (so they are safe inside a KQL string). */
const RESOURCE_GROUP = /^[-\w.()]{1,90}$/u;
const DEFAULT_PROJECTION = '| project id, name, type, location, resourceGroup, tags';

/**
 * Port `targetResources` over Azure Resource Graph (`ResourceGraphClient.resources`,
 * `POST /providers/Microsoft.ResourceGraph/resources`, api-version 2024-04-01):
 * the subscription's resources, narrowed to the resource groups given
 * (case-insensitive) or by the workload's own KQL, every page followed
 * through `$skipToken` (see {@link resourceGraphRows}). A row without an id,
 * name or type is an error, never dropped.
 *
 * @example
 * ```ts
 * const port = azureTargetResourcesPort(clients);
 * const found = await port.list({ subscriptionId, resourceGroups: ['rg-payments'] });
 * ```
 */
export function azureTargetResourcesPort(clients: AzureClients): TargetResourcesPort {
  return {
    specificationVersion: PORT_SPECIFICATION_VERSION,
    list: (scope) => {
      const query = queryOf(scope);
      if (typeof query !== 'string') return errAsync(query);
      return resourceGraphRows(clients, [scope.subscriptionId], query).andThen((rows) => {
        const resources: AzureResource[] = [];
        for (const [index, row] of rows.entries()) {
          const resource = resourceOf(row);
          if (resource === null)
            return errAsync(
              decomError.providerFailure({
                message: `ResourceGraph.resources on subscription ${scope.subscriptionId}: malformed response: row ${index} has no id, name or type`,
                retryable: false,
                resource: `subscription ${scope.subscriptionId}`,
              }),
            );
          resources.push(resource);
        }
        return okAsync(resources);
      });
    },
  };
}

/** The KQL for a scope: its own query or all resources, narrowed to its resource groups. */
function queryOf(scope: Parameters<TargetResourcesPort['list']>[0]): string | DecomError {
  const groups = scope.resourceGroups ?? [];
  const bad = groups.findIndex((group) => !RESOURCE_GROUP.test(group));
  if (bad >= 0)
    return decomError.invalidInput(`"${groups[bad]}" is not an Azure resource group name`, [
      { path: `resourceGroups.${bad}`, message: 'letters, digits, _ - . ( ) only, at most 90' },
    ]);
  const base = scope.query ?? `Resources ${DEFAULT_PROJECTION}`;
  if (groups.length === 0) return base;
  return `${base} | where resourceGroup in~ (${groups.map((group) => `'${group}'`).join(', ')})`;
}

function resourceOf(row: Record<string, unknown>): AzureResource | null {
  const { id, name, type, location, resourceGroup, tags } = row;
  if (typeof id !== 'string' || typeof name !== 'string' || typeof type !== 'string') return null;
  return {
    id,
    name,
    type,
    location: typeof location === 'string' ? location : '',
    resourceGroup:
      typeof resourceGroup === 'string' ? resourceGroup : (/\/resourceGroups\/([^/]+)/i.exec(id)?.[1] ?? ''),
    tags: tagsOf(tags),
  };
}

function tagsOf(tags: unknown): Readonly<Record<string, string>> {
  const record: Record<string, string> = Object.create(null);
  if (typeof tags !== 'object' || tags === null) return record;
  for (const [key, value] of Object.entries(tags)) if (typeof value === 'string') record[key] = value;
  return record;
}

/**
 * The Azure RBAC actions of this port's reads. Resource Graph answers only
 * with the resources the caller may read, so reading the target's resources
 * of every type (`*\/read` on the workload's resource groups) is what keeps
 * the query from missing some silently.
 */
export const TARGET_RESOURCES_ACTIONS: readonly string[] = [
  'Microsoft.ResourceGraph/resources/read',
  'Microsoft.Resources/subscriptions/resourceGroups/read',
  '*/read',
];
