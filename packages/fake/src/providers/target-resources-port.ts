import { type DecomError, okAsync, type ResultAsync, type TargetResourcesPort } from '@decomkit/core';
import { PORT_SPECIFICATION_VERSION } from '@decomkit/provider-kit';
import type { FakeAzureResource } from '../services/services-state.js';
import type { FakeResourceGraph } from '../target/resource-graph.js';

/**
 * Port `targetResources` over the fake Resource Graph: the subscription's
 * resources (narrowed to `resourceGroups`, case-insensitive, and by `query`),
 * every page followed through `$skipToken`.
 */
export function fakeTargetResourcesPort(graph: FakeResourceGraph): TargetResourcesPort {
  return {
    specificationVersion: PORT_SPECIFICATION_VERSION,
    list: (scope) => {
      const groups = scope.resourceGroups ?? [];
      const base = scope.query ?? 'Resources';
      const query =
        groups.length === 0
          ? base
          : `${base} | where resourceGroup in~ (${groups.map((group) => `'${group.replace(/'/g, '')}'`).join(', ')})`;
      const collect = (
        token: string | undefined,
        gathered: FakeAzureResource[],
      ): ResultAsync<FakeAzureResource[], DecomError> =>
        graph
          .resources({
            subscriptions: [scope.subscriptionId],
            query,
            options: token === undefined ? {} : { $skipToken: token },
          })
          .andThen((page) => {
            const all = [...gathered, ...page.data];
            return page.$skipToken === null ? okAsync(all) : collect(page.$skipToken, all);
          });
      return collect(undefined, []).map((resources) =>
        resources.map(({ id, name, type, location, resourceGroup, tags }) => ({
          id,
          name,
          type,
          location,
          resourceGroup,
          tags,
        })),
      );
    },
  };
}
