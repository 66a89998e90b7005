/**
 * The token buckets the AWS-limits proxy enforces, by `service:bucket`, each
 * figure with its source. Buckets are per account and region (the proxy keys
 * them by access key id, region, service and bucket name).
 *
 * | bucket | size | refill /s | source |
 * | --- | --- | --- | --- |
 * | `ec2:non-mutating` (Describe*, Get*, List*, Search*) | 100 | 20 | EC2 API throttling page (1) |
 * | `ec2:unfiltered-non-mutating` | 50 | 10 | EC2 API throttling page (1) |
 * | `ec2:mutating` (everything else) | 50 | 5 | issue 14 and core's `AWS_DEFAULT_RATE_LIMITS`; see the note (a) |
 * | `ec2:run-instances-resource` (per instance launched) | 1000 | 2 | EC2 API throttling page (1), resource token table |
 * | `ec2:start-instances-resource` (per instance id) | 1000 | 2 | EC2 API throttling page (1), resource token table |
 * | `ec2:stop-instances-resource` (per instance id) | 1000 | 20 | EC2 API throttling page (1), resource token table |
 * | `ec2:terminate-instances-resource` (per instance id) | 1000 | 20 | EC2 API throttling page (1), resource token table |
 * | `rds:default` (every action) | 300 | 12 | RDS API throttling page (2): "up to 300 requests in a burst and a sustained 12 requests per second" |
 * | `autoscaling:default` (every action) | 20 | 5 | ASSUMPTION (b) |
 * | `elbv2:non-mutating` (Describe*) | 40 | 10 | ELB API throttling page (3) |
 * | `elbv2:registration` (RegisterTargets, DeregisterTargets) | 20 | 4 | ASSUMPTION (c) |
 * | `elbv2:mutating` (everything else) | 10 | 2 | ASSUMPTION (c) |
 *
 * (1) https://docs.aws.amazon.com/ec2/latest/devguide/ec2-api-throttling.html
 * (2) https://docs.aws.amazon.com/AmazonRDS/latest/UserGuide/rds-api-throttling.html
 * (3) https://docs.aws.amazon.com/elasticloadbalancing/latest/userguide/elb-api-throttling.html
 *
 * (a) The EC2 page's request-token table was not in the stored excerpts read
 *     for this file (only its worked example: non-mutating 100 / 20). Older
 *     versions of the table list "mutating" larger than 50 and a separate
 *     "resource-intensive" 50 / 5; 50 / 5 for every mutating action is the
 *     lower, hence conservative, choice and the one issue 14 measured with.
 *     The current page also says each API is evaluated individually (a bucket
 *     per action, sized by its category); the proxy shares one bucket per
 *     category by default (stricter) and can do either (`ec2RequestBuckets`).
 * (b) AWS publishes no figure for EC2 Auto Scaling. Its knowledge-center
 *     article (https://repost.aws/knowledge-center/autoscaling-api-calls-throttled)
 *     says every Auto Scaling API call shares one bucket per account and
 *     region; 20 / 5 is an assumed, conservative size for it.
 * (c) The ELB page documents non-mutating 40 / 10 (its worked example); the
 *     rows for registration and other mutating actions were not in the stored
 *     excerpts, so 20 / 4 and 10 / 2 are assumptions (conservative). ELB API
 *     version 1 (Classic) has buckets of its own on AWS; the proxy gives it
 *     the same figures under `elb:…`.
 */
import type { BucketLimit } from '@decomkit/core';

/** AWS's API throttling buckets as the proxy enforces them, by `service:bucket` (sources in this file's header). */
export const AWS_API_LIMITS: Readonly<Record<string, BucketLimit>> = {
  'ec2:non-mutating': { capacity: 100, refillPerSecond: 20 },
  'ec2:unfiltered-non-mutating': { capacity: 50, refillPerSecond: 10 },
  'ec2:mutating': { capacity: 50, refillPerSecond: 5 },
  'ec2:run-instances-resource': { capacity: 1000, refillPerSecond: 2 },
  'ec2:start-instances-resource': { capacity: 1000, refillPerSecond: 2 },
  'ec2:stop-instances-resource': { capacity: 1000, refillPerSecond: 20 },
  'ec2:terminate-instances-resource': { capacity: 1000, refillPerSecond: 20 },
  'rds:default': { capacity: 300, refillPerSecond: 12 },
  'autoscaling:default': { capacity: 20, refillPerSecond: 5 },
  'elbv2:non-mutating': { capacity: 40, refillPerSecond: 10 },
  'elbv2:registration': { capacity: 20, refillPerSecond: 4 },
  'elbv2:mutating': { capacity: 10, refillPerSecond: 2 },
  'elb:non-mutating': { capacity: 40, refillPerSecond: 10 },
  'elb:registration': { capacity: 20, refillPerSecond: 4 },
  'elb:mutating': { capacity: 10, refillPerSecond: 2 },
};

/**
 * The limits in force: `overrides` merged over {@link AWS_API_LIMITS}, then
 * every size and refill multiplied by `scale` (a size never below one token).
 */
export function effectiveLimits(
  overrides: Readonly<Record<string, BucketLimit>> = {},
  scale = 1,
): Readonly<Record<string, BucketLimit>> {
  if (!(scale > 0 && Number.isFinite(scale))) throw new Error(`rate scale must be a positive number, got ${scale}`);
  const merged = { ...AWS_API_LIMITS, ...overrides };
  return Object.fromEntries(
    Object.entries(merged).map(([name, limit]) => [
      name,
      {
        capacity: Math.max(1, Math.round(limit.capacity * scale)),
        refillPerSecond: limit.refillPerSecond * scale,
      },
    ]),
  );
}
