import type { ResultAsync } from 'neverthrow';
import type { DecomError } from '../errors/decom-error.js';
import type { PortBase } from './action-handler.js';

/** One Azure Advisor recommendation. */
export interface AdvisorRecommendation {
  readonly id: string;
  readonly pillar: 'Cost' | 'Security' | 'Reliability' | 'OperationalExcellence' | 'Performance';
  readonly impact: 'High' | 'Medium' | 'Low';
  readonly resourceId: string;
  readonly summary: string;
}

/** Azure Advisor's score of one Well-Architected pillar (or `Advisor`, the overall one), as last refreshed. */
export interface AdvisorScore {
  readonly pillar: AdvisorRecommendation['pillar'] | 'Advisor';
  /** The score, 0–100. */
  readonly score: number;
  readonly impactedResourceCount: number;
  /** When Advisor last refreshed it (ISO 8601). */
  readonly refreshedAt: string;
}

/** Target port `advisor`. */
export interface AdvisorPort extends PortBase {
  recommendations(subscriptionId: string): ResultAsync<readonly AdvisorRecommendation[], DecomError>;
  /** The per-pillar Advisor score, for the review snapshot (a provider without it leaves it out). */
  scores?(subscriptionId: string): ResultAsync<readonly AdvisorScore[], DecomError>;
}
