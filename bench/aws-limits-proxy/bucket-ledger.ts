/**
 * The limits proxy's token buckets and their counts: one bucket per account,
 * region, service and bucket name, created full on first use, refilled
 * continuously (AWS adds a second's refill at once; the sustained rate is the
 * same, a drained bucket just lets its next request through a little sooner
 * here), taken from only when every bucket a request draws from has
 * the tokens (a request either passes whole or is throttled whole).
 */
import type { BucketLimit } from '@decomkit/core';
import { type BucketCharge, limitName, type RequestScope } from './classify.js';

/** Requests one bucket let through and throttled, and the tokens the allowed ones took. */
export interface BucketCounts {
  allowed: number;
  throttled: number;
  /** Tokens taken: the allowed requests, or for a resource bucket the instances they named. */
  tokens: number;
}

interface BucketState {
  tokens: number;
  refilledAt: number;
  readonly limit: BucketLimit;
}

/** Buckets by `account/region/service/bucket`, with their counts. */
export class BucketLedger {
  private readonly buckets = new Map<string, BucketState>();
  private readonly counts = new Map<string, BucketCounts>();
  private readonly requests = { allowed: 0, throttled: 0 };

  constructor(
    private readonly limits: Readonly<Record<string, BucketLimit>>,
    private readonly now: () => number = () => performance.now(),
  ) {}

  /**
   * Takes every charge's tokens if all buckets hold enough, and answers true;
   * otherwise takes none, counts a throttle on each bucket short of tokens,
   * and answers false. Charges on a bucket with no limit configured pass and
   * are counted under that bucket.
   */
  take(scope: RequestScope, charges: readonly BucketCharge[]): boolean {
    const states = charges.map((charge) => ({
      charge,
      key: this.key(scope, charge.bucket),
      state: this.state(scope, charge),
    }));
    const short = states.filter(({ charge, state }) => state !== null && state.tokens < charge.tokens);
    if (short.length > 0) {
      for (const { key } of short) this.count(key).throttled += 1;
      this.requests.throttled += 1;
      return false;
    }
    for (const { charge, key, state } of states) {
      if (state !== null) state.tokens -= charge.tokens;
      const counts = this.count(key);
      counts.allowed += 1;
      counts.tokens += charge.tokens;
    }
    this.requests.allowed += 1;
    return true;
  }

  /** Requests let through and throttled, each counted once however many buckets it drew from. */
  totals(): { readonly allowed: number; readonly throttled: number } {
    return { ...this.requests };
  }

  /** A copy of the counts, by `account/region/service/bucket`. */
  stats(): Record<string, BucketCounts> {
    return Object.fromEntries([...this.counts].map(([key, counts]) => [key, { ...counts }]));
  }

  private key(scope: RequestScope, bucket: string): string {
    return `${scope.account}/${scope.region}/${scope.service}/${bucket}`;
  }

  private count(key: string): BucketCounts {
    let counts = this.counts.get(key);
    if (counts === undefined) {
      counts = { allowed: 0, throttled: 0, tokens: 0 };
      this.counts.set(key, counts);
    }
    return counts;
  }

  /** The bucket refilled to now; null when its service:bucket has no limit. */
  private state(scope: RequestScope, charge: BucketCharge): BucketState | null {
    const limit = this.limits[limitName(scope.service, charge.bucket)];
    if (limit === undefined) return null;
    const key = this.key(scope, charge.bucket);
    const now = this.now();
    let state = this.buckets.get(key);
    if (state === undefined) {
      state = { tokens: limit.capacity, refilledAt: now, limit };
      this.buckets.set(key, state);
    }
    const elapsedSeconds = Math.max(0, now - state.refilledAt) / 1000;
    state.tokens = Math.min(limit.capacity, state.tokens + elapsedSeconds * limit.refillPerSecond);
    state.refilledAt = now;
    return state;
  }
}
