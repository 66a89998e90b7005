import type { Action, RateLimitClaim } from '@decomkit/core';
import { placeOf } from './place-of.js';

/**
 * Rate-limit claims on `service`'s buckets, one token each, in the account
 * and region of the action's target.
 *
 * @example
 * ```ts
 * const handler = simpleHandler({ type, claims: claimsOn('ec2', 'mutate'), run, readBack });
 * ```
 */
export function claimsOn(service: string, ...buckets: string[]): (action: Action) => RateLimitClaim[] {
  return (action) => buckets.map((bucket) => ({ service, bucket, ...placeOf(action) }));
}
