import type { InputIssue } from '../errors/decom-error.js';
import type { RateLimitClaim } from '../spec/action-handler.js';
import type { ClockPort } from '../spec/clock.js';
import { isFieldObject, numberIssues, unknownFieldIssues } from '../util/input-shape.js';
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

/** The largest bucket size and refill rate accepted: a billion, in effect unlimited. */
export const MAX_RATE_LIMIT = 1e9;

/**
 * Checks the caller's rate-limit options: only `limits` (an object of
 * buckets) and `fallback`; each bucket exactly `{ capacity, refillPerSecond }`,
 * the capacity an integer from 1 to {@link MAX_RATE_LIMIT}, the refill finite,
 * above 0, at most {@link MAX_RATE_LIMIT}. The options are a plain copy.
 */
export function checkRateLimitOptions(input: unknown): {
  readonly options: RateLimitOptions;
  readonly issues: InputIssue[];
} {
  if (input === undefined) return { options: {}, issues: [] };
  if (!isFieldObject(input)) return { options: {}, issues: [{ path: 'rateLimits', message: 'must be an object' }] };
  const issues = unknownFieldIssues(input, ['limits', 'fallback'], 'rateLimits');
  const limits = new Map<string, BucketLimit>();
  if (input.limits !== undefined && !isFieldObject(input.limits)) {
    issues.push({ path: 'rateLimits.limits', message: 'must be an object of service:bucket to limit' });
  } else {
    for (const [name, limit] of Object.entries(input.limits ?? {})) {
      const checked = checkBucketLimit(limit, `rateLimits.limits.${name}`);
      issues.push(...checked.issues);
      limits.set(name, checked.limit);
    }
  }
  const fallback = input.fallback === undefined ? undefined : checkBucketLimit(input.fallback, 'rateLimits.fallback');
  if (fallback !== undefined) issues.push(...fallback.issues);
  const options: RateLimitOptions = {
    limits: Object.fromEntries(limits),
    ...(fallback === undefined ? {} : { fallback: fallback.limit }),
  };
  return { options, issues };
}

function checkBucketLimit(
  input: unknown,
  path: string,
): { readonly limit: BucketLimit; readonly issues: InputIssue[] } {
  if (!isFieldObject(input)) {
    return { limit: FALLBACK_RATE_LIMIT, issues: [{ path, message: 'must be { capacity, refillPerSecond }' }] };
  }
  const limit = { capacity: input.capacity, refillPerSecond: input.refillPerSecond } as BucketLimit;
  const issues = [
    ...unknownFieldIssues(input, ['capacity', 'refillPerSecond'], path),
    ...numberIssues(limit.capacity, `${path}.capacity`, { min: 1, max: MAX_RATE_LIMIT, integer: true }),
    ...numberIssues(limit.refillPerSecond, `${path}.refillPerSecond`, {
      min: 0,
      max: MAX_RATE_LIMIT,
      exclusiveMin: true,
    }),
  ];
  return { limit, issues };
}

/** One token bucket per (service, bucket, account, region), made on first use. */
export class RateLimiter {
  private readonly buckets = new Map<string, TokenBucket>();
  private readonly limits: ReadonlyMap<string, BucketLimit>;
  private readonly fallback: BucketLimit;

  constructor(
    private readonly clock: ClockPort,
    options: RateLimitOptions = {},
  ) {
    this.limits = new Map(Object.entries({ ...AWS_DEFAULT_RATE_LIMITS, ...options.limits }));
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
      bucket = new TokenBucket(this.limits.get(`${claim.service}:${claim.bucket}`) ?? this.fallback, this.clock);
      this.buckets.set(id, bucket);
    }
    return bucket;
  }
}
