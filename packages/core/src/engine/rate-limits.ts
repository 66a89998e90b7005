import type { RateLimitClaim } from '../spec/action-handler.js';
import type { ClockPort } from '../spec/clock.js';
import { type BucketLimit, TokenBucket } from './token-bucket.js';

/**
 * AWS's documented API throttling defaults, by `service:bucket`.
 * EC2: mutating actions 50 burst / 5 per second, TerminateInstances resource
 * bucket 1,000 / 20 per second. RDS: 300 / 12 per second.
 */
export const AWS_DEFAULT_RATE_LIMITS: Readonly<Record<string, BucketLimit>> = {
  'ec2:mutating': { capacity: 50, refillPerSecond: 5 },
  'ec2:non-mutating': { capacity: 100, refillPerSecond: 20 },
  'ec2:terminate-instances-resource': { capacity: 1000, refillPerSecond: 20 },
  'ec2:stop-instances-resource': { capacity: 1000, refillPerSecond: 20 },
  'rds:default': { capacity: 300, refillPerSecond: 12 },
};

/** The bucket used for a claim whose `service:bucket` has no limit configured. */
export const FALLBACK_RATE_LIMIT: BucketLimit = { capacity: 20, refillPerSecond: 5 };

/** Options for the engine's rate limiter. */
export interface RateLimitOptions {
  /** Limits by `service:bucket`, merged over {@link AWS_DEFAULT_RATE_LIMITS}. */
  readonly limits?: Readonly<Record<string, BucketLimit>>;
  /** Limit for buckets not named in `limits`. */
  readonly fallback?: BucketLimit;
}

/** One token bucket per (service, bucket, account, region), made on first use. */
export class RateLimiter {
  private readonly buckets = new Map<string, TokenBucket>();
  private readonly limits: Readonly<Record<string, BucketLimit>>;
  private readonly fallback: BucketLimit;

  constructor(
    private readonly clock: ClockPort,
    options: RateLimitOptions = {},
  ) {
    this.limits = { ...AWS_DEFAULT_RATE_LIMITS, ...options.limits };
    this.fallback = options.fallback ?? FALLBACK_RATE_LIMIT;
  }

  /** Takes the tokens of every claim, in order. */
  async acquire(claims: readonly RateLimitClaim[], signal?: AbortSignal): Promise<void> {
    for (const claim of claims) await this.bucketFor(claim).take(claim.tokens ?? 1, signal);
  }

  private bucketFor(claim: RateLimitClaim): TokenBucket {
    const id = `${claim.service}:${claim.bucket}:${claim.accountId}:${claim.region}`;
    let bucket = this.buckets.get(id);
    if (bucket === undefined) {
      bucket = new TokenBucket(this.limits[`${claim.service}:${claim.bucket}`] ?? this.fallback, this.clock);
      this.buckets.set(id, bucket);
    }
    return bucket;
  }
}
