/**
 * The least wall time AWS's buckets allow for a set of requests: a bucket
 * that gave `tokens` tokens starting full needs at least
 * (tokens − size) / refill seconds, and the requests need at least the
 * largest of those over their buckets, however they are paced.
 */
import type { BucketLimit } from '@decomkit/core';
import type { BucketCounts } from './bucket-ledger.js';
import { limitName } from './classify.js';

/** One bucket's share of the bound. */
export interface BucketBound {
  /** `account/region/service/bucket`, as in the proxy's stats. */
  readonly key: string;
  readonly tokens: number;
  readonly limit: BucketLimit;
  /** max(0, tokens − size) / refill. */
  readonly seconds: number;
}

/**
 * Each limited bucket's least time for the tokens it gave, slowest first
 * (buckets with no limit, such as unsigned requests, have none).
 */
export function bucketBounds(
  stats: Readonly<Record<string, BucketCounts>>,
  limits: Readonly<Record<string, BucketLimit>>,
): BucketBound[] {
  const bounds: BucketBound[] = [];
  for (const [key, counts] of Object.entries(stats)) {
    const [, , service = '', bucket = ''] = key.split('/');
    const limit = limits[limitName(service, bucket)];
    if (limit === undefined) continue;
    const seconds = Math.max(0, counts.tokens - limit.capacity) / limit.refillPerSecond;
    bounds.push({ key, tokens: counts.tokens, limit, seconds });
  }
  return bounds.sort((left, right) => right.seconds - left.seconds);
}
