import type { Action } from '@decomkit/core';

/** Where a resource lives: its account and region (empty for a global resource's region). */
export interface Place {
  readonly accountId: string;
  readonly region: string;
}

/**
 * Where an action's target lives (empty strings for what the target does not
 * name), for its rate-limit claims and its client.
 *
 * @example
 * ```ts
 * const { accountId, region } = placeOf(action);
 * ```
 */
export function placeOf(action: Action): Place {
  return { accountId: action.target.accountId ?? '', region: action.target.region ?? '' };
}
