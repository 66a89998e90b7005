import { type DecomError, decomError, err, ok, type ResultAsync } from '@decomkit/core';
import type { FakeAdvisorRecommendation } from '../services/services-state.js';
import type { FakeWorld } from '../world.js';

const SUBSCRIPTION_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The fake Azure Advisor: seeded recommendations per subscription, listed (Recommendations - List). */
export class FakeAdvisor {
  constructor(private readonly world: FakeWorld) {}

  /** The subscription's recommendations, optionally of one category. */
  listRecommendations(
    subscriptionId: string,
    category?: FakeAdvisorRecommendation['category'],
  ): ResultAsync<FakeAdvisorRecommendation[], DecomError> {
    return this.world.call('advisor', 'ListRecommendations', false, subscriptionId, () => {
      if (!SUBSCRIPTION_ID.test(subscriptionId))
        return err(
          decomError.invalidInput(`InvalidSubscriptionId: "${subscriptionId}" is not a subscription id`, [
            { path: 'subscriptionId', message: 'not a GUID' },
          ]),
        );
      return ok(
        structuredClone(
          this.world.state.services.advisor.filter(
            (recommendation) =>
              recommendation.subscriptionId.toLowerCase() === subscriptionId.toLowerCase() &&
              (category === undefined || recommendation.category === category),
          ),
        ),
      );
    });
  }
}
