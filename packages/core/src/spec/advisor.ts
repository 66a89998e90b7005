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

/** Target port `advisor`. */
export interface AdvisorPort extends PortBase {
  recommendations(subscriptionId: string): ResultAsync<readonly AdvisorRecommendation[], DecomError>;
}
