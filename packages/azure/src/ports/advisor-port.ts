import type { ResourceRecommendationBase } from '@azure/arm-advisor';
import { createPipelineRequest } from '@azure/core-rest-pipeline';
import {
  type AdvisorPort,
  type AdvisorRecommendation,
  type AdvisorScore,
  type DecomError,
  decomError,
  errAsync,
  okAsync,
  PORT_SPECIFICATION_VERSION,
  type ResultAsync,
} from '@decomkit/core';
import { azureCall } from '../azure-call.js';
import type { AzureClients } from '../clients.js';

/** Advisor's categories → the Well-Architected pillars (HighAvailability is the Reliability pillar). */
export const PILLAR_OF_ADVISOR_CATEGORY: Readonly<Record<string, AdvisorRecommendation['pillar']>> = {
  Cost: 'Cost',
  Security: 'Security',
  HighAvailability: 'Reliability',
  OperationalExcellence: 'OperationalExcellence',
  Performance: 'Performance',
};

/** The Advisor REST API version the port asks for (recommendations and scores). */
export const ADVISOR_API_VERSION = '2023-01-01';
const IMPACTS = new Set(['High', 'Medium', 'Low']);

/**
 * Port `advisor` over Azure Advisor (`@azure/arm-advisor`, api-version
 * 2023-01-01): every recommendation of the subscription (`Recommendations.list`,
 * all pages through `nextLink`), each category mapped to its Well-Architected
 * pillar (HighAvailability → Reliability); and `scores`, Advisor's score per
 * pillar (`GET …/providers/Microsoft.Advisor/advisorScore`, which the SDK has
 * no method for). A recommendation of a category or impact Advisor does not
 * document is an error naming it, never filed under another pillar.
 *
 * @example
 * ```ts
 * const advisor = azureAdvisorPort(clients);
 * const found = await advisor.recommendations(subscriptionId);
 * ```
 */
export function azureAdvisorPort(clients: AzureClients): AdvisorPort {
  return {
    specificationVersion: PORT_SPECIFICATION_VERSION,
    recommendations: (subscriptionId) =>
      sameSubscription(clients, subscriptionId).andThen(() =>
        azureCall(
          { operation: 'Advisor.recommendations.list', resource: `subscription ${subscriptionId}` },
          async () => {
            const found: ResourceRecommendationBase[] = [];
            for await (const recommendation of clients.advisor().recommendations.list()) found.push(recommendation);
            return found;
          },
        ).andThen((found) => {
          const mapped: AdvisorRecommendation[] = [];
          for (const recommendation of found) {
            const one = recommendationOf(recommendation);
            if (typeof one === 'string')
              return errAsync(
                decomError.providerFailure({
                  message: `Advisor recommendation ${recommendation.id ?? '(no id)'}: ${one}`,
                  retryable: false,
                  resource: recommendation.id ?? `subscription ${subscriptionId}`,
                }),
              );
            mapped.push(one);
          }
          return okAsync(mapped);
        }),
      ),
    scores: (subscriptionId) =>
      sameSubscription(clients, subscriptionId).andThen(() => {
        const url = `${clients.settings.cloud.resourceManager}/subscriptions/${subscriptionId}/providers/Microsoft.Advisor/advisorScore?api-version=${ADVISOR_API_VERSION}`;
        const resource = `subscription ${subscriptionId}`;
        return azureCall({ operation: 'Advisor.advisorScore.list', resource }, async () => {
          const response = await clients.advisor().sendRequest(createPipelineRequest({ url, method: 'GET' }));
          if (response.status !== 200)
            throw Object.assign(new Error(`HTTP ${response.status}: ${response.bodyAsText ?? ''}`), {
              name: 'RestError',
              statusCode: response.status,
            });
          return JSON.parse(response.bodyAsText ?? '') as unknown;
        }).andThen((body) => {
          const scores = scoresOf(body);
          return typeof scores === 'string'
            ? errAsync(
                decomError.providerFailure({
                  message: `Advisor.advisorScore.list on ${resource}: malformed response: ${scores}`,
                  retryable: false,
                  resource,
                }),
              )
            : okAsync(scores);
        });
      }),
  };
}

function sameSubscription(clients: AzureClients, subscriptionId: string): ResultAsync<void, DecomError> {
  return subscriptionId.toLowerCase() === clients.subscriptionId.toLowerCase()
    ? okAsync(undefined)
    : errAsync(
        decomError.invalidInput(
          `Advisor: subscription ${subscriptionId} is not the target's (${clients.subscriptionId})`,
          [{ path: 'subscriptionId', message: `the subscription azureTarget was given (${clients.subscriptionId})` }],
        ),
      );
}

function recommendationOf(recommendation: ResourceRecommendationBase): AdvisorRecommendation | string {
  const pillar = PILLAR_OF_ADVISOR_CATEGORY[recommendation.category ?? ''];
  if (pillar === undefined) return `category ${recommendation.category ?? '(none)'} is not one Advisor documents`;
  if (!IMPACTS.has(recommendation.impact ?? ''))
    return `impact ${recommendation.impact ?? '(none)'} is not High, Medium or Low`;
  if (recommendation.id === undefined) return 'no id';
  return {
    id: recommendation.id,
    pillar,
    impact: recommendation.impact as AdvisorRecommendation['impact'],
    resourceId: recommendation.resourceMetadata?.resourceId ?? recommendation.impactedValue ?? '',
    summary: recommendation.shortDescription?.problem ?? recommendation.shortDescription?.solution ?? '',
  };
}

function scoresOf(body: unknown): AdvisorScore[] | string {
  const value = (body as { value?: unknown } | null)?.value;
  if (!Array.isArray(value)) return 'value is not an array';
  const scores: AdvisorScore[] = [];
  for (const [index, entry] of value.entries()) {
    const name = (entry as { name?: unknown }).name;
    const last = (entry as { properties?: { lastRefreshedScore?: Record<string, unknown> } }).properties
      ?.lastRefreshedScore;
    const pillar = name === 'Advisor' ? 'Advisor' : PILLAR_OF_ADVISOR_CATEGORY[String(name)];
    if (pillar === undefined) return `entry ${index}: category ${String(name)} is not one Advisor documents`;
    if (typeof last?.score !== 'number' || typeof last.date !== 'string')
      return `entry ${index}: no lastRefreshedScore`;
    scores.push({
      pillar,
      score: last.score,
      impactedResourceCount: typeof last.impactedResourceCount === 'number' ? last.impactedResourceCount : 0,
      refreshedAt: last.date,
    });
  }
  return scores;
}

/** The Azure RBAC actions of this port's reads. */
export const ADVISOR_ACTIONS: readonly string[] = [
  'Microsoft.Advisor/recommendations/read',
  'Microsoft.Advisor/advisorScore/read',
];
