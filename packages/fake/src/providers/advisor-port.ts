import type { AdvisorPort, AdvisorRecommendation } from '@decomkit/core';
import { PORT_SPECIFICATION_VERSION } from '@decomkit/provider-kit';
import type { FakeAdvisor } from '../target/advisor.js';

/** Advisor categories → Well-Architected pillars (Advisor's HighAvailability is the Reliability pillar). */
export const PILLAR_OF_CATEGORY: Readonly<Record<string, AdvisorRecommendation['pillar']>> = {
  Cost: 'Cost',
  Security: 'Security',
  HighAvailability: 'Reliability',
  OperationalExcellence: 'OperationalExcellence',
  Performance: 'Performance',
};

/** Port `advisor` over the fake Azure Advisor, categories mapped to pillars. */
export function fakeAdvisorPort(advisor: FakeAdvisor): AdvisorPort {
  return {
    specificationVersion: PORT_SPECIFICATION_VERSION,
    recommendations: (subscriptionId) =>
      advisor.listRecommendations(subscriptionId).map((found) =>
        found.map((recommendation) => ({
          id: recommendation.id,
          pillar: PILLAR_OF_CATEGORY[recommendation.category] ?? 'OperationalExcellence',
          impact: recommendation.impact,
          resourceId: recommendation.resourceId,
          summary: recommendation.problem,
        })),
      ),
  };
}
