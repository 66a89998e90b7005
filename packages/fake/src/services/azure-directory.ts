import { type DecomError, decomError, err, ok, type ResultAsync } from '@decomkit/core';
import type { FakeWorld } from '../world.js';
import type { FakeAdvisorRecommendation, FakeAzureResource } from './services-state.js';

const PAGE = 100;

/** The fake Azure Resource Graph (paged with $skipToken) and Azure Advisor. */
export class FakeAzureDirectory {
  constructor(private readonly world: FakeWorld) {}

  /** One page of the resources of a subscription (optionally some resource groups); `skipToken` continues. */
  resources(
    subscriptionId: string,
    resourceGroups: readonly string[] | undefined,
    skipToken: string | null,
  ): ResultAsync<{ data: FakeAzureResource[]; skipToken: string | null }, DecomError> {
    return this.world.call('resourcegraph', 'Resources', false, subscriptionId, () => {
      const start = skipToken === null ? 0 : Number(skipToken);
      if (!Number.isInteger(start) || start < 0) return err(decomError.invalidInput(`InvalidSkipToken: ${skipToken}`));
      const groups = resourceGroups?.map((group) => group.toLowerCase());
      const all = this.world.state.services.azureResources.filter(
        (resource) =>
          resource.subscriptionId === subscriptionId &&
          (groups === undefined || groups.length === 0 || groups.includes(resource.resourceGroup.toLowerCase())),
      );
      const next = start + PAGE < all.length ? String(start + PAGE) : null;
      return ok({ data: structuredClone(all.slice(start, start + PAGE)), skipToken: next });
    });
  }

  recommendations(subscriptionId: string): ResultAsync<FakeAdvisorRecommendation[], DecomError> {
    return this.world.call('advisor', 'ListRecommendations', false, subscriptionId, () =>
      ok(
        structuredClone(
          this.world.state.services.advisor.filter(
            (recommendation) => recommendation.subscriptionId === subscriptionId,
          ),
        ),
      ),
    );
  }
}
