/**
 * The AWS-limits proxy for benchmarks: `start({ target, rates?, scale? })` →
 * `{ url, stats(), limits, stop() }` (proxy.ts), the buckets and their sources
 * (rates.ts), the least wall time they allow for the requests let through
 * (bucket-bound.ts).
 * CLI: `pnpm bench:limits-proxy --target <moto endpoint>` (cli.ts).
 */
export { type BucketBound, bucketBounds } from './bucket-bound.js';
export type { BucketCounts } from './bucket-ledger.js';
export type { Ec2RequestBuckets } from './classify.js';
export { type LimitsProxy, type LimitsProxyOptions, startLimitsProxy, startLimitsProxy as start } from './proxy.js';
export { AWS_API_LIMITS, effectiveLimits } from './rates.js';
