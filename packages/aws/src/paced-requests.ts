import type { RateLimitClaim, RateLimiter } from '@decomkit/core';
import { isThrottlingError } from './aws-call.js';
import type { MiddlewareStackClient } from './read-rate-limits.js';
import { type RequestBucket, requestBuckets } from './request-buckets.js';

/** How {@link paceRequests} paces one SDK client. */
export interface PacedRequestsOptions {
  /** The client's service, as {@link requestBuckets} names it (`ec2`, `rds`, `cloudtrail`). */
  readonly service: string;
  readonly region: string;
  /** The limiter every client of the account (and the engine, when shared) draws on. */
  readonly rateLimiter: RateLimiter;
  /** The account the client's credentials act in (looked up once, shared by the clients). */
  readonly accountId: () => Promise<string>;
}

/** The SDK middleware's name: a client carries it once. */
export const PACED_REQUESTS_MIDDLEWARE = 'decomkitRateLimit';

/** The attempt number the SDK's retry middleware writes on each attempt (`amz-sdk-request: attempt=2; max=3`). */
function attemptOf(args: unknown): number {
  const headers = (args as { request?: { headers?: Record<string, string> } }).request?.headers ?? {};
  const match = /attempt=(\d+)/.exec(headers['amz-sdk-request'] ?? '');
  return match === null ? 1 : Number(match[1]);
}

/**
 * Paces an SDK client's requests on the shared limiter and feeds every
 * answer back to it. The middleware sits after the SDK's retry middleware,
 * so it sees each attempt: before sending, it takes the request's tokens
 * (reads: every attempt; mutating calls: retries only, the engine's claim
 * having paid for the first) from the bucket of (service, bucket, account,
 * region) that every client of that account shares; after the answer, a
 * throttle (`RequestLimitExceeded`, `Throttling`, `ThrottlingException`,
 * `TooManyRequestsException`, HTTP 429…) cuts that bucket's rate and a
 * success counts towards raising it. The throttled attempt is then retried
 * by the SDK (and, when the SDK's attempts run out, by the engine), each
 * retry taking its tokens again.
 *
 * @example
 * ```ts
 * const rateLimiter = createRateLimiter()._unsafeUnwrap();
 * paceRequests(new EC2Client({ region }), { service: 'ec2', region, rateLimiter, accountId: async () => '111122223333' });
 * ```
 */
export function paceRequests<Client extends object>(client: Client, options: PacedRequestsOptions): Client {
  const stack = (client as unknown as MiddlewareStackClient).middlewareStack;
  stack.add(
    (next, context) => async (args) => {
      const buckets = requestBuckets(options.service, context.commandName, (args as { input?: unknown }).input);
      if (buckets.length === 0) return next(args);
      const accountId = await options.accountId();
      const retry = attemptOf(args) > 1;
      const claims = buckets.map((bucket) => claimOf(bucket, accountId, options.region));
      const toTake = claims.filter((_, index) => (buckets[index] as RequestBucket).paced === 'every-attempt' || retry);
      await options.rateLimiter.acquire(toTake);
      const epochs = claims.map((claim) => options.rateLimiter.epoch(claim));
      const report = (outcome: 'succeeded' | 'throttled') => {
        for (const [index, claim] of claims.entries()) options.rateLimiter.report(claim, outcome, epochs[index] ?? 0);
      };
      try {
        const answer = await next(args);
        report('succeeded');
        return answer;
      } catch (error) {
        if (isThrottlingError(error)) report('throttled');
        throw error;
      }
    },
    { step: 'finalizeRequest', priority: 'low', name: PACED_REQUESTS_MIDDLEWARE },
  );
  return client;
}

function claimOf(bucket: RequestBucket, accountId: string, region: string): RateLimitClaim {
  return { service: bucket.service, bucket: bucket.bucket, accountId, region, tokens: bucket.tokens };
}
