import { DEFAULT_RETRY_POLICY } from '@decomkit/core';
import { TokenBucket } from '@decomkit/core/provider-kit';
import { FakeClock } from '@decomkit/fake';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { RateLimiter } from '../src/engine/rate-limits.js';
import { backoffDelay } from '../src/engine/retry.js';
import { AFTER_DELETE_DATE, instanceIdsIn, paymentsInstances, retireHarness } from './support/harness.js';
import { paymentsWorkload } from './support/workloads.js';

const START = '2026-11-01T00:00:00Z';
const elapsedSeconds = (clock: FakeClock) => (clock.now().getTime() - Date.parse(START)) / 1000;

describe('token buckets', () => {
  it('lets a burst of `capacity` through at once, then runs at the refill rate', async () => {
    const clock = new FakeClock(START);
    const bucket = new TokenBucket({ capacity: 50, refillPerSecond: 5 }, clock);
    await Promise.all(Array.from({ length: 50 }, () => bucket.take()));
    expect(elapsedSeconds(clock)).toBe(0);
    await Promise.all(Array.from({ length: 100 }, () => bucket.take()));
    expect(elapsedSeconds(clock)).toBe(20);
  });

  it('serves waiters first come, first served', async () => {
    const clock = new FakeClock(START);
    const bucket = new TokenBucket({ capacity: 1, refillPerSecond: 1 }, clock);
    const order: number[] = [];
    await Promise.all([1, 2, 3, 4].map((turn) => bucket.take().then(() => order.push(turn))));
    expect(order).toEqual([1, 2, 3, 4]);
    expect(elapsedSeconds(clock)).toBe(3);
  });

  it('keeps one bucket per service, bucket, account and region', async () => {
    const clock = new FakeClock(START);
    const limiter = new RateLimiter(clock, { limits: { 'ec2:mutating': { capacity: 2, refillPerSecond: 1 } } });
    const claim = (accountId: string, region: string) => [{ service: 'ec2', bucket: 'mutating', accountId, region }];
    await Promise.all([
      limiter.acquire(claim('111122223333', 'eu-west-1')),
      limiter.acquire(claim('111122223333', 'eu-west-1')),
      limiter.acquire(claim('111122223333', 'us-east-1')),
      limiter.acquire(claim('444455556666', 'eu-west-1')),
    ]);
    expect(elapsedSeconds(clock)).toBe(0);
    await limiter.acquire(claim('111122223333', 'eu-west-1'));
    expect(elapsedSeconds(clock)).toBe(1);
  });

  it('stops waiting when aborted', async () => {
    const clock = new FakeClock(START);
    const bucket = new TokenBucket({ capacity: 1, refillPerSecond: 0.001 }, clock);
    await bucket.take();
    const controller = new AbortController();
    const waiting = bucket.take(1, controller.signal);
    controller.abort(new Error('stop'));
    await expect(waiting).rejects.toThrow('stop');
  });

  it('throttles the engine: 70 protection lifts on a 50 burst / 5 per second bucket take 4 s beyond the burst', async () => {
    const workload = paymentsWorkload({ policies: { 'AWS::EC2::Instance': { liftProtection: true } } });
    const { engine, cloud } = retireHarness(
      { source: { instances: paymentsInstances(70, { terminationProtection: true }) } },
      workload,
      16,
    );
    cloud.clock.set(AFTER_DELETE_DATE);
    const run = (await engine.plan().andThen((plan) => engine.apply(plan, { approve: () => true })))._unsafeUnwrap();
    expect(run.status).toBe('completed');
    // ModifyInstanceAttribute is one call per instance on the EC2 mutating bucket: (70 - 50) / 5 = 4 s at least.
    const lifts = cloud.calls.of('ModifyInstanceAttribute');
    expect(lifts).toHaveLength(70);
    const seconds = (Date.parse(lifts.at(-1)?.at ?? '') - Date.parse(lifts[0]?.at ?? '')) / 1000;
    expect(seconds).toBeGreaterThanOrEqual(4);
    expect(seconds).toBeLessThan(8);
  });

  it('batches terminations: one request token per call, one resource token per instance', async () => {
    const { engine, cloud } = retireHarness({ source: { instances: paymentsInstances(60) } }, undefined, 16);
    cloud.clock.set(AFTER_DELETE_DATE);
    const run = (await engine.plan().andThen((plan) => engine.apply(plan, { approve: () => true })))._unsafeUnwrap();
    expect(run.status).toBe('completed');
    const terminations = cloud.calls.of('TerminateInstances');
    expect(instanceIdsIn(terminations)).toHaveLength(60);
    expect(terminations.length).toBeLessThan(60);
    expect(cloud.source.instances().every((instance) => instance.state === 'terminated')).toBe(true);
  });
});

describe('back-off', () => {
  it('stays within [0, min(max, base * 2^(attempt-1))) for any attempt and random value', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 40 }),
        fc.double({ min: 0, max: 0.999999, noNaN: true }),
        (attempt, random) => {
          const delay = backoffDelay(DEFAULT_RETRY_POLICY, attempt, () => random);
          const ceiling = Math.min(
            DEFAULT_RETRY_POLICY.maxDelayMilliseconds,
            DEFAULT_RETRY_POLICY.baseDelayMilliseconds * 2 ** (attempt - 1),
          );
          return delay >= 0 && delay < ceiling;
        },
      ),
      { seed: 7, numRuns: 500 },
    );
  });
});
