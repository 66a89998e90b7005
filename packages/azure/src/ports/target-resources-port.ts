import type { QueryResponse } from '@azure/arm-resourcegraph';
import {
  type AzureResource,
  type DecomError,
  decomError,
  errAsync,
  okAsync,
  PORT_SPECIFICATION_VERSION,
  type ResultAsync,
  type TargetResourcesPort,
} from '@decomkit/core';
import { azureCall } from '../azure-call.js';
import type { AzureClients } from '../clients.js';

/** Rows per Resource Graph page: the API's maximum. */
const PAGE_SIZE = 1000;
/** Resource group names: letters, digits, `_`, `-`, `.`, `(`, `)` (so they are safe inside a KQL string). */
const RESOURCE_GROUP = /^[-\w.()]{1,90}$/u;
const DEFAULT_PROJECTION = '| project id, name, type, location, resourceGroup, tags';

/** One page as the port reads it. */
interface Page {
  readonly rows: readonly AzureResource[];
  readonly skipToken: string | undefined;
}

/**
 * Port `targetResources` over Azure Resource Graph (`ResourceGraphClient.resources`,
 * `POST /providers/Microsoft.ResourceGraph/resources`, api-version 2024-04-01):
 * the subscription's resources, narrowed to the resource groups given
 * (case-insensitive) or by the workload's own KQL, 1,000 rows a page, every
 * page followed through `$skipToken`. A response cut short without a token
 * (`resultTruncated`) is an error, never a short list.
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
      const collect = (
        token: string | undefined,
        gathered: AzureResource[],
      ): ResultAsync<AzureResource[], DecomError> =>
        page(clients, scope.subscriptionId, query, token).andThen((found) => {
          const all = [...gathered, ...found.rows];
          return found.skipToken === undefined ? okAsync(all) : collect(found.skipToken, all);
        });
      return collect(undefined, []);
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

function page(
  clients: AzureClients,
  subscriptionId: string,
  query: string,
  skipToken: string | undefined,
): ResultAsync<Page, DecomError> {
  const operation = 'ResourceGraph.resources';
  return azureCall({ operation, resource: `subscription ${subscriptionId}` }, (options) =>
    clients.resourceGraph().resources(
      {
        subscriptions: [subscriptionId],
        query,
        options: { top: PAGE_SIZE, resultFormat: 'objectArray', ...(skipToken === undefined ? {} : { skipToken }) },
      },
      options,
    ),
  ).andThen((response) => {
    const read = pageOf(response);
    return typeof read === 'string'
      ? errAsync(
          decomError.providerFailure({
            message: `${operation} on subscription ${subscriptionId}: ${read}`,
            retryable: false,
            resource: `subscription ${subscriptionId}`,
          }),
        )
      : okAsync(read);
  });
}

/** A response as rows and its next token, or what is wrong with it. */
function pageOf(response: QueryResponse): Page | string {
  if (!Array.isArray(response.data)) return 'malformed response: data is not an array of rows';
  const rows: AzureResource[] = [];
  for (const [index, row] of (response.data as unknown[]).entries()) {
    const resource = resourceOf(row);
    if (resource === null) return `malformed response: row ${index} has no id, name, type or location`;
    rows.push(resource);
  }
  const skipToken =
    typeof response.skipToken === 'string' && response.skipToken !== '' ? response.skipToken : undefined;
  if (skipToken === undefined && response.resultTruncated === 'true')
    return 'the result was truncated and no $skipToken was given (order the query by id)';
  return { rows, skipToken };
}

function resourceOf(row: unknown): AzureResource | null {
  if (typeof row !== 'object' || row === null) return null;
  const { id, name, type, location, resourceGroup, tags } = row as Record<string, unknown>;
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
