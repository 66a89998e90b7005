import { backoffDelay, DEFAULT_RETRY_POLICY, TokenBucket } from '@decomkit/core';
import { FakeClock } from '@decomkit/fake';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { RateLimiter } from '../src/engine/rate-limits.js';
import { AFTER_DELETE_DATE, paymentsInstances, retireHarness } from './support/harness.js';

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

  it('throttles the engine: 60 terminations at 50 burst / 5 per second take 2 s of fake time beyond the burst', async () => {
    const { engine, cloud } = retireHarness({ source: { instances: paymentsInstances(60) } }, undefined, 16);
    cloud.clock.set(AFTER_DELETE_DATE);
    const plan = (await engine.plan())._unsafeUnwrap();
    const startedAt = cloud.clock.now().getTime();
    const run = (await engine.apply(plan, { approve: () => true }))._unsafeUnwrap();
    expect(run.status).toBe('completed');
    // 120 mutating EC2 calls (60 stops + 60 terminations) on one 50/5 bucket need (120-50)/5 = 14 s at least;
    // backups take 10 fake minutes first. The run cannot be faster than the bucket allows.
    const stopsAndTerminations = cloud.calls.mutating().filter((call) => call.service === 'ec2');
    expect(stopsAndTerminations).toHaveLength(120);
    const firstEc2 = Date.parse(stopsAndTerminations[0]?.at ?? '');
    const lastEc2 = Date.parse(stopsAndTerminations.at(-1)?.at ?? '');
    expect((lastEc2 - firstEc2) / 1000).toBeGreaterThanOrEqual(14);
    expect(lastEc2).toBeGreaterThan(startedAt);
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
