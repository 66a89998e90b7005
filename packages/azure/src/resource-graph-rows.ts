import type { QueryResponse } from '@azure/arm-resourcegraph';
import { type DecomError, decomError, errAsync, okAsync, type ResultAsync } from '@decomkit/core';
import { azureCall } from './azure-call.js';
import type { AzureClients } from './clients.js';

/** Rows per Resource Graph page: the API's maximum. */
const PAGE_SIZE = 1000;

/** One page: its rows and the token of the next one. */
interface Page {
  readonly rows: readonly Record<string, unknown>[];
  readonly skipToken: string | undefined;
}

/**
 * Every row a Resource Graph query answers (`ResourceGraphClient.resources`,
 * `POST /providers/Microsoft.ResourceGraph/resources`, api-version 2024-04-01),
 * 1,000 a page, each page followed through `$skipToken`. A body whose `data`
 * is not an array of objects, or a result cut short without a token
 * (`resultTruncated`), is a `ProviderFailure`: never a short list.
 *
 * @example
 * ```ts
 * resourceGraphRows(clients, [subscriptionId], 'Resources | project id, location');
 * ```
 */
export function resourceGraphRows(
  clients: AzureClients,
  subscriptions: readonly string[],
  query: string,
): ResultAsync<Record<string, unknown>[], DecomError> {
  const collect = (
    token: string | undefined,
    gathered: Record<string, unknown>[],
  ): ResultAsync<Record<string, unknown>[], DecomError> =>
    page(clients, subscriptions, query, token).andThen((found) => {
      const all = [...gathered, ...found.rows];
      return found.skipToken === undefined ? okAsync(all) : collect(found.skipToken, all);
    });
  return collect(undefined, []);
}

function page(
  clients: AzureClients,
  subscriptions: readonly string[],
  query: string,
  skipToken: string | undefined,
): ResultAsync<Page, DecomError> {
  const operation = 'ResourceGraph.resources';
  const resource = `subscription ${subscriptions.join(', ')}`;
  return azureCall({ operation, resource }, (options) =>
    clients.resourceGraph().resources(
      {
        subscriptions: [...subscriptions],
        query,
        options: { top: PAGE_SIZE, resultFormat: 'objectArray', ...(skipToken === undefined ? {} : { skipToken }) },
      },
      options,
    ),
  ).andThen((response) => {
    const read = pageOf(response);
    return typeof read === 'string'
      ? errAsync(
          decomError.providerFailure({ message: `${operation} on ${resource}: ${read}`, retryable: false, resource }),
        )
      : okAsync(read);
  });
}

/** A response as rows and its next token, or what is wrong with it. */
function pageOf(response: QueryResponse): Page | string {
  const data: unknown = response.data;
  if (!Array.isArray(data)) return 'malformed response: data is not an array of rows';
  const bad = data.findIndex((row) => typeof row !== 'object' || row === null || Array.isArray(row));
  if (bad >= 0) return `malformed response: row ${bad} is not an object`;
  const skipToken =
    typeof response.skipToken === 'string' && response.skipToken !== '' ? response.skipToken : undefined;
  if (skipToken === undefined && response.resultTruncated === 'true')
    return 'the result was truncated and no $skipToken was given (order the query by id)';
  return { rows: data as Record<string, unknown>[], skipToken };
}
