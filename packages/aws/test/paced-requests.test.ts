import { Readable } from 'node:stream';
import { DescribeInstancesCommand, EC2Client, TerminateInstancesCommand } from '@aws-sdk/client-ec2';
import { AwsClients, PACED_REQUESTS_MIDDLEWARE, paceRequests, requestBuckets } from '@decomkit/aws';
import { createRateLimiter, type RateLimitClaim, RateLimiter } from '@decomkit/core';
import { FakeClock } from '@decomkit/fake';
import { describe, expect, it } from 'vitest';
import { TEST_CREDENTIALS } from './support/moto.js';

const ACCOUNT = '111122223333';
const START = '2026-11-26T00:00:00Z';
const reads: RateLimitClaim = { service: 'ec2', bucket: 'non-mutating', accountId: ACCOUNT, region: 'eu-west-1' };
const mutating: RateLimitClaim = { ...reads, bucket: 'mutating' };

/**
 * An EC2 client whose requests never leave the process: the first
 * `throttles` requests are answered 503 RequestLimitExceeded (EC2's own
 * format), every other one with an empty success. `sent` lists each attempt.
 */
function offlineEc2(sent: string[], throttles = 0) {
  let refused = 0;
  return new EC2Client({
    region: 'eu-west-1',
    credentials: TEST_CREDENTIALS,
    maxAttempts: 3,
    requestHandler: {
      handle: async (request: { body?: string }) => {
        const action = new URLSearchParams(request.body ?? '').get('Action') ?? 'Unknown';
        sent.push(action);
        if (refused < throttles) {
          refused += 1;
          const body =
            '<Response><Errors><Error><Code>RequestLimitExceeded</Code><Message>Request limit exceeded.</Message></Error></Errors><RequestID>r</RequestID></Response>';
          return {
            response: { statusCode: 503, headers: { 'content-type': 'text/xml' }, body: Readable.from([body]) },
          };
        }
        const body = `<${action}Response xmlns="http://ec2.amazonaws.com/doc/2016-11-15/"><requestId>r</requestId></${action}Response>`;
        return { response: { statusCode: 200, headers: { 'content-type': 'text/xml' }, body: Readable.from([body]) } };
      },
    },
  });
}

const paced = (client: EC2Client, rateLimiter: RateLimiter) =>
  paceRequests(client, { service: 'ec2', region: 'eu-west-1', rateLimiter, accountId: async () => ACCOUNT });

describe('requests paced on a shared, adaptive rate limiter', () => {
  it('makes two clients of one account and region draw on one bucket', async () => {
    const clock = new FakeClock(START);
    const rateLimiter = createRateLimiter(
      { limits: { 'ec2:non-mutating': { capacity: 2, refillPerSecond: 10 } }, adaptive: false },
      clock,
    )._unsafeUnwrap();
    const sent: string[] = [];
    const first = paced(offlineEc2(sent), rateLimiter);
    const second = paced(offlineEc2(sent), rateLimiter);
    await Promise.all(
      Array.from({ length: 6 }, (_, index) =>
        (index % 2 === 0 ? first : second).send(new DescribeInstancesCommand({ MaxResults: 5 })),
      ),
    );
    // One bucket of 2 at once and 10 a second for both: 400 ms on the clock (two buckets would take 200 ms).
    expect(clock.now().getTime() - Date.parse(START)).toBe(400);
    expect(sent).toHaveLength(6);
  });

  it('raises the read rate while answers come back unthrottled', async () => {
    const rateLimiter = new RateLimiter(new FakeClock(START));
    const ec2 = paced(offlineEc2([]), rateLimiter);
    for (let sent = 0; sent < 20; sent += 1) await ec2.send(new DescribeInstancesCommand({ InstanceIds: ['i-1'] }));
    expect(rateLimiter.refillPerSecond(reads)).toBe(24);
  });

  it('halves the bucket the throttled request drew on, and the SDK retry takes its token again and succeeds', async () => {
    const rateLimiter = new RateLimiter(new FakeClock(START));
    const taken: string[] = [];
    const counting = new (class extends RateLimiter {
      override acquire(claims: readonly RateLimitClaim[], signal?: AbortSignal): Promise<void> {
        for (const claim of claims) taken.push(`${claim.bucket}×${claim.tokens ?? 1}`);
        return rateLimiter.acquire(claims, signal);
      }
      override epoch(claim: RateLimitClaim): number {
        return rateLimiter.epoch(claim);
      }
      override report(claim: RateLimitClaim, outcome: 'succeeded' | 'throttled', epoch: number): void {
        rateLimiter.report(claim, outcome, epoch);
      }
    })(new FakeClock(START));
    const sent: string[] = [];
    const ec2 = paced(offlineEc2(sent, 1), counting);
    await ec2.send(new DescribeInstancesCommand({ InstanceIds: ['i-1'] }));
    expect(sent).toEqual(['DescribeInstances', 'DescribeInstances']);
    expect(taken).toEqual(['non-mutating×1', 'non-mutating×1']);
    expect(rateLimiter.refillPerSecond(reads)).toBe(10);

    // A write: its first attempt was paid for by the engine's claim; its retry takes the tokens again.
    taken.length = 0;
    sent.length = 0;
    const writes = paced(offlineEc2(sent, 1), counting);
    await writes.send(new TerminateInstancesCommand({ InstanceIds: ['i-1', 'i-2', 'i-3'] }));
    expect(sent).toEqual(['TerminateInstances', 'TerminateInstances']);
    expect(taken).toEqual(['mutating×1', 'terminate-instances-resource×3']);
    expect(rateLimiter.refillPerSecond(mutating)).toBe(2.5);
  });

  it('names the buckets each command draws on', () => {
    expect(requestBuckets('ec2', 'DescribeInstanceAttributeCommand', {})).toEqual([
      { service: 'ec2', bucket: 'non-mutating', paced: 'every-attempt', tokens: 1 },
    ]);
    // Unfiltered, unpaginated DescribeInstances draws on EC2's smaller bucket; with ids or a filter, on the reads'.
    expect(requestBuckets('ec2', 'DescribeInstancesCommand', {}).map((bucket) => bucket.bucket)).toEqual([
      'unfiltered-non-mutating',
    ]);
    expect(
      requestBuckets('ec2', 'DescribeInstancesCommand', { InstanceIds: ['i-1'] }).map((bucket) => bucket.bucket),
    ).toEqual(['non-mutating']);
    expect(
      requestBuckets('ec2', 'DescribeInstancesCommand', { Filters: [{ Name: 'tag:app', Values: ['x'] }] })[0]?.bucket,
    ).toBe('non-mutating');
    expect(requestBuckets('ec2', 'StopInstancesCommand', { InstanceIds: ['i-1', 'i-2'] })).toEqual([
      { service: 'ec2', bucket: 'mutating', paced: 'retries', tokens: 1 },
      { service: 'ec2', bucket: 'stop-instances-resource', paced: 'retries', tokens: 2 },
    ]);
    expect(requestBuckets('rds', 'DescribeDBSnapshotsCommand', {})).toEqual([
      { service: 'rds', bucket: 'default', paced: 'every-attempt', tokens: 1 },
    ]);
    expect(requestBuckets('s3', 'ListBucketsCommand', {})).toEqual([]);
  });

  it('gives every client decomkit builds the one limiter of the source, or the one passed in', () => {
    const stack = (client: object) =>
      (client as { middlewareStack: { identify(): string[] } }).middlewareStack.identify().join(' ');
    const rateLimiter = new RateLimiter(new FakeClock(START));
    const clients = new AwsClients({ credentials: TEST_CREDENTIALS, rateLimiter });
    expect(clients.rateLimiter).toBe(rateLimiter);
    expect(stack(clients.get('ec2', 'eu-west-1'))).toContain(PACED_REQUESTS_MIDDLEWARE);
    expect(stack(clients.get('rds', 'us-east-1'))).toContain(PACED_REQUESTS_MIDDLEWARE);
    expect(stack(clients.get('s3', 'eu-west-1'))).not.toContain(PACED_REQUESTS_MIDDLEWARE);
    const own = new AwsClients({ credentials: TEST_CREDENTIALS });
    expect(own.rateLimiter).toBeInstanceOf(RateLimiter);
    expect(own.rateLimiter).not.toBe(rateLimiter);
    const lifted = new AwsClients({ credentials: TEST_CREDENTIALS, readRateLimits: false });
    expect(stack(lifted.get('ec2', 'eu-west-1'))).not.toContain(PACED_REQUESTS_MIDDLEWARE);
  });
});
