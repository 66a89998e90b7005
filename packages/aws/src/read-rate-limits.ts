import { AWS_DEFAULT_RATE_LIMITS, type ClockPort } from '@decomkit/core';
import { type BucketLimit, systemClock, TokenBucket } from '@decomkit/provider-kit';

/**
 * AWS's documented request-rate limits for the reads decomkit makes in bulk,
 * by SDK service name. EC2 throttles its non-mutating actions (Describe*)
 * per account and region at 100 requests at once, then 20 a second; a
 * discovery of 1,000 instances makes 2,000 DescribeInstanceAttribute calls,
 * which would exhaust the SDK's retries against that limit.
 */
export const AWS_READ_RATE_LIMITS: Readonly<Record<string, BucketLimit>> = {
  ec2: AWS_DEFAULT_RATE_LIMITS['ec2:non-mutating'] ?? { capacity: 100, refillPerSecond: 20 },
  // LookupEvents: 2 requests a second per account and region.
  cloudtrail: { capacity: 2, refillPerSecond: 2 },
};

/** The part of an SDK v3 client a request middleware is added through (the limiter, a request counter). */
export interface MiddlewareStackClient {
  readonly middlewareStack: {
    add(
      middleware: (
        next: (args: unknown) => Promise<unknown>,
        context: { readonly commandName?: string },
      ) => (args: unknown) => Promise<unknown>,
      options: { readonly step: 'finalizeRequest'; readonly priority: 'low'; readonly name: string },
    ): void;
  };
}

/** Whether an SDK command only reads (Describe*, List*, Get*). */
export function isReadCommand(commandName: string | undefined): boolean {
  return /^(Describe|List|Get)/.test(commandName ?? '');
}

/**
 * Paces one client's read requests with a token bucket of its own, at a fixed
 * `limit`. Two clients of one account and region paced this way hold two
 * buckets and can draw throttles together: the clients decomkit builds use
 * `paceRequests` on one shared, adaptive limiter instead.
 *
 * Paces a client's read requests with a token bucket of `limit`: one token
 * per attempt sent (retries included, as AWS counts them), taken after the
 * SDK's retry middleware; writes are paced by the engine's own buckets.
 * `clock` is the wall clock but in tests.
 *
 * @example
 * ```ts
 * const ec2 = new EC2Client({ region: 'eu-west-1' });
 * limitReads(ec2, { capacity: 100, refillPerSecond: 20 });
 * ```
 */
export function limitReads<Client extends object>(
  client: Client,
  limit: BucketLimit,
  clock: ClockPort = systemClock,
): Client {
  const bucket = new TokenBucket(limit, clock);
  (client as unknown as MiddlewareStackClient).middlewareStack.add(
    (next, context) => async (args) => {
      if (isReadCommand(context.commandName)) await bucket.take(1);
      return next(args);
    },
    { step: 'finalizeRequest', priority: 'low', name: 'decomkitReadRateLimit' },
  );
  return client;
}
