import { err, ok, type Result } from 'neverthrow';
import { decomError, type InputIssue, type InvalidInputError } from '../errors/decom-error.js';
import type { RateLimitClaim } from '../spec/action-handler.js';
import { type ClockPort, systemClock } from '../spec/clock.js';
import { isFieldObject, numberIssues, unknownFieldIssues } from '../util/input-shape.js';
import {
  type AdaptivePacing,
  type AdaptivePacingOptions,
  checkAdaptivePacing,
  DEFAULT_ADAPTIVE_PACING,
  FIXED_PACING,
} from './adaptive-pacing.js';
import { PacedBucket } from './paced-bucket.js';
import type { BucketLimit } from './token-bucket.js';

/**
 * AWS's documented API throttling defaults, by `service:bucket`.
 * EC2: mutating actions 50 burst / 5 per second, reads 100 / 20 (unfiltered,
 * unpaginated ones 50 / 10), Stop and TerminateInstances resource buckets
 * 1,000 / 20 per second. RDS: 300 / 12 per second. CloudTrail LookupEvents: 2 / 2.
 */
export const AWS_DEFAULT_RATE_LIMITS: Readonly<Record<string, BucketLimit>> = {
  'ec2:mutating': { capacity: 50, refillPerSecond: 5 },
  'ec2:non-mutating': { capacity: 100, refillPerSecond: 20 },
  // Describe* of instances, images, volumes… without a filter, pagination or ids.
  'ec2:unfiltered-non-mutating': { capacity: 50, refillPerSecond: 10 },
  'ec2:terminate-instances-resource': { capacity: 1000, refillPerSecond: 20 },
  'ec2:stop-instances-resource': { capacity: 1000, refillPerSecond: 20 },
  'rds:default': { capacity: 300, refillPerSecond: 12 },
  // CloudTrail LookupEvents: 2 requests a second per account and region.
  'cloudtrail:lookup-events': { capacity: 2, refillPerSecond: 2 },
};

/** The bucket used for a claim whose `service:bucket` has no limit configured. */
export const FALLBACK_RATE_LIMIT: BucketLimit = { capacity: 20, refillPerSecond: 5 };

/** Options for the engine's rate limiter. */
export interface RateLimitOptions {
  /** Limits by `service:bucket`, merged over {@link AWS_DEFAULT_RATE_LIMITS}. */
  readonly limits?: Readonly<Record<string, BucketLimit>>;
  /** Limit for buckets not named in `limits`. */
  readonly fallback?: BucketLimit;
  /**
   * Adaptive pacing of every bucket (additive increase while unthrottled,
   * multiplicative decrease on a throttle; see {@link AdaptivePacingOptions}
   * for the defaults), or `false` to keep each bucket at its limit. On by
   * default. Rates move only on the outcomes reported to
   * {@link RateLimiter.report} (the AWS provider's clients report every attempt).
   */
  readonly adaptive?: AdaptivePacingOptions | false;
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
  const issues = unknownFieldIssues(input, ['limits', 'fallback', 'adaptive'], 'rateLimits');
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
  const adaptive = checkAdaptivePacing(input.adaptive, 'rateLimits.adaptive');
  issues.push(...adaptive.issues);
  const options: RateLimitOptions = {
    limits: Object.fromEntries(limits),
    ...(fallback === undefined ? {} : { fallback: fallback.limit }),
    ...(input.adaptive === undefined ? {} : { adaptive: adaptive.pacing.enabled ? adaptive.pacing : false }),
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

/** A request's outcome as the server gave it: answered (even with an error that is not a throttle), or throttled. */
export type PacingOutcome = 'succeeded' | 'throttled';

/**
 * One paced token bucket per (service, bucket, account, region), made on
 * first use, each starting at its configured limit (AWS's documented one by
 * default) and, with adaptive pacing on, moving with the outcomes reported.
 * One object serves every caller given it: the engine's claims and every SDK
 * client of a provider (pass the same limiter to `createEngine({ rateLimiter })`
 * and `awsSource({ rateLimiter })`), so two clients of one account and region
 * draw on one bucket. It holds no global state: share it by passing it.
 */
export class RateLimiter {
  private readonly buckets = new Map<string, PacedBucket>();
  private readonly limits: ReadonlyMap<string, BucketLimit>;
  private readonly fallback: BucketLimit;
  private readonly pacing: AdaptivePacing;

  /** Options are taken as valid: check a caller's with {@link createRateLimiter}. */
  constructor(
    private readonly clock: ClockPort,
    options: RateLimitOptions = {},
  ) {
    this.limits = new Map(Object.entries({ ...AWS_DEFAULT_RATE_LIMITS, ...options.limits }));
    this.fallback = options.fallback ?? FALLBACK_RATE_LIMIT;
    this.pacing =
      options.adaptive === false ? FIXED_PACING : { ...DEFAULT_ADAPTIVE_PACING, ...(options.adaptive ?? {}) };
  }

  /** Takes the tokens of every claim, in order. */
  async acquire(claims: readonly RateLimitClaim[], signal?: AbortSignal): Promise<void> {
    for (const claim of claims) await this.bucketFor(claim).take(claim.tokens ?? 1, signal);
  }

  /** The epoch of the claim's bucket: note it when a request is sent and hand it to {@link RateLimiter.report}. */
  epoch(claim: RateLimitClaim): number {
    return this.bucketFor(claim).epoch;
  }

  /** The server's answer to a request on the claim's bucket, sent at `epoch`: raises or cuts its rate. */
  report(claim: RateLimitClaim, outcome: PacingOutcome, epoch: number): void {
    const bucket = this.bucketFor(claim);
    if (outcome === 'throttled') bucket.throttled(epoch);
    else bucket.succeeded(epoch);
  }

  /** The refill rate of the claim's bucket now, per second (reports, tests). */
  refillPerSecond(claim: RateLimitClaim): number {
    return this.bucketFor(claim).refillPerSecond;
  }

  private bucketFor(claim: RateLimitClaim): PacedBucket {
    const id = `${claim.service}:${claim.bucket}:${claim.accountId}:${claim.region}`;
    let bucket = this.buckets.get(id);
    if (bucket === undefined) {
      const limit = this.limits.get(`${claim.service}:${claim.bucket}`) ?? this.fallback;
      bucket = new PacedBucket(limit, this.pacing, this.clock);
      this.buckets.set(id, bucket);
    }
    return bucket;
  }
}

/**
 * A rate limiter to share between the engine and the providers, from the
 * caller's options (checked: a typed `InvalidInput` names each bad field) on
 * `clock` (the wall clock by default).
 *
 * @example
 * ```ts
 * const rateLimiter = createRateLimiter({ adaptive: { ceilingFactor: 5 } })._unsafeUnwrap();
 * const source = awsSource({ region: 'eu-west-1', rateLimiter });
 * const engine = createEngine({ checklist, providers: { ...source }, journal, rateLimiter });
 * ```
 */
export function createRateLimiter(
  options?: RateLimitOptions,
  clock: ClockPort = systemClock,
): Result<RateLimiter, InvalidInputError> {
  const checked = checkRateLimitOptions(options);
  if (checked.issues.length > 0) return err(decomError.invalidInput('invalid rate limits', checked.issues));
  return ok(new RateLimiter(clock, checked.options));
}
