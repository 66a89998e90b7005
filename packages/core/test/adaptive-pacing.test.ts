import { createEngine, createRateLimiter, memoryJournal, type RateLimitClaim, RateLimiter } from '@decomkit/core';
import { createFakeCloud, FakeClock } from '@decomkit/fake';
import { describe, expect, it } from 'vitest';
import { retireInstancesChecklist } from '../../../examples/retire-instances-steps.js';
import { AFTER_DELETE_DATE, paymentsInstances } from './support/harness.js';
import { paymentsWorkload } from './support/workloads.js';

const START = '2026-11-01T00:00:00Z';
const reads = (accountId = '111122223333', region = 'eu-west-1'): RateLimitClaim => ({
  service: 'ec2',
  bucket: 'non-mutating',
  accountId,
  region,
});
const elapsedSeconds = (clock: FakeClock) => (clock.now().getTime() - Date.parse(START)) / 1000;

/** Sends `count` requests on the claim's bucket, each answered without throttling. */
async function cleanRequests(limiter: RateLimiter, claim: RateLimitClaim, count: number): Promise<void> {
  for (let sent = 0; sent < count; sent += 1) {
    await limiter.acquire([claim]);
    limiter.report(claim, 'succeeded', limiter.epoch(claim));
  }
}

describe('adaptive pacing (AIMD per service, bucket, account and region)', () => {
  it('starts at the documented rate and raises it by a tenth of it every ten clean requests, up to the ceiling', async () => {
    const limiter = new RateLimiter(new FakeClock(START));
    expect(limiter.refillPerSecond(reads())).toBe(20);
    await cleanRequests(limiter, reads(), 9);
    expect(limiter.refillPerSecond(reads())).toBe(20);
    await cleanRequests(limiter, reads(), 1);
    expect(limiter.refillPerSecond(reads())).toBe(22);
    await cleanRequests(limiter, reads(), 90);
    expect(limiter.refillPerSecond(reads())).toBeCloseTo(40);
    await cleanRequests(limiter, reads(), 5_000);
    expect(limiter.refillPerSecond(reads())).toBe(200);
  });

  it('halves the rate on a throttle, once for a crowd of requests sent before the cut, and never below the floor', async () => {
    const limiter = new RateLimiter(new FakeClock(START));
    await cleanRequests(limiter, reads(), 100);
    expect(limiter.refillPerSecond(reads())).toBeCloseTo(40);
    const sentBefore = limiter.epoch(reads());
    limiter.report(reads(), 'throttled', sentBefore);
    expect(limiter.refillPerSecond(reads())).toBeCloseTo(20);
    // Three more answers to requests that were in flight at the old rate: the cut they call for is made.
    for (let late = 0; late < 3; late += 1) limiter.report(reads(), 'throttled', sentBefore);
    expect(limiter.refillPerSecond(reads())).toBeCloseTo(20);
    for (let cut = 0; cut < 10; cut += 1) limiter.report(reads(), 'throttled', limiter.epoch(reads()));
    expect(limiter.refillPerSecond(reads())).toBeCloseTo(0.4); // the floor: 2 % of 20 a second
  });

  it('empties the bucket on a throttle: the next request waits one interval at the cut rate', async () => {
    const clock = new FakeClock(START);
    const limiter = new RateLimiter(clock);
    await limiter.acquire([reads()]);
    limiter.report(reads(), 'throttled', limiter.epoch(reads()));
    expect(elapsedSeconds(clock)).toBe(0);
    await limiter.acquire([reads()]);
    expect(elapsedSeconds(clock)).toBe(0.1); // one token at 10 a second, though 99 of the burst were left
  });

  it('a clean streak is broken by a throttle: the count starts again after it', async () => {
    const limiter = new RateLimiter(new FakeClock(START));
    await cleanRequests(limiter, reads(), 9);
    limiter.report(reads(), 'throttled', limiter.epoch(reads()));
    await cleanRequests(limiter, reads(), 9);
    expect(limiter.refillPerSecond(reads())).toBe(10);
    await cleanRequests(limiter, reads(), 1);
    expect(limiter.refillPerSecond(reads())).toBe(12);
  });

  it('keeps one rate per account and region: a throttle in one leaves the others alone', async () => {
    const limiter = new RateLimiter(new FakeClock(START));
    limiter.report(reads(), 'throttled', 0);
    expect(limiter.refillPerSecond(reads())).toBe(10);
    expect(limiter.refillPerSecond(reads('444455556666'))).toBe(20);
    expect(limiter.refillPerSecond(reads('111122223333', 'us-east-1'))).toBe(20);
    expect(limiter.refillPerSecond({ ...reads(), bucket: 'mutating' })).toBe(5);
  });

  it('stays at the configured rate with adaptive pacing off', async () => {
    const limiter = createRateLimiter({ adaptive: false }, new FakeClock(START))._unsafeUnwrap();
    await cleanRequests(limiter, reads(), 100);
    limiter.report(reads(), 'throttled', limiter.epoch(reads()));
    expect(limiter.refillPerSecond(reads())).toBe(20);
  });

  it('follows the configured step, factor and bounds', async () => {
    const adaptive = { increaseEvery: 2, increaseStep: 0.5, decreaseFactor: 0.25, ceilingFactor: 2, floorFactor: 0.5 };
    const limiter = createRateLimiter({ adaptive }, new FakeClock(START))._unsafeUnwrap();
    await cleanRequests(limiter, reads(), 2);
    expect(limiter.refillPerSecond(reads())).toBe(30);
    await cleanRequests(limiter, reads(), 100);
    expect(limiter.refillPerSecond(reads())).toBe(40);
    limiter.report(reads(), 'throttled', limiter.epoch(reads()));
    expect(limiter.refillPerSecond(reads())).toBe(10);
  });

  it('refuses bad pacing options with a typed InvalidInput naming each field', () => {
    const refused = createRateLimiter({
      adaptive: {
        increaseEvery: 0,
        increaseStep: -1,
        decreaseFactor: 1,
        ceilingFactor: 0.5,
        floorFactor: 2,
        enabled: 'yes',
        faster: true,
      } as never,
    });
    expect(refused.isErr() && refused.error.code).toBe('InvalidInput');
    const paths =
      refused.isErr() && refused.error.code === 'InvalidInput' ? refused.error.issues.map((i) => i.path) : [];
    expect(paths.sort()).toEqual(
      [
        'rateLimits.adaptive.ceilingFactor',
        'rateLimits.adaptive.decreaseFactor',
        'rateLimits.adaptive.enabled',
        'rateLimits.adaptive.faster',
        'rateLimits.adaptive.floorFactor',
        'rateLimits.adaptive.increaseEvery',
        'rateLimits.adaptive.increaseStep',
      ].sort(),
    );
    expect(createRateLimiter({ adaptive: 'on' as never }).isErr()).toBe(true);
  });
});

describe('a rate limiter shared with the engine', () => {
  it('refuses rateLimits beside a shared rateLimiter, and anything that is not a RateLimiter', () => {
    const cloud = createFakeCloud({ source: { instances: paymentsInstances(1) } });
    const base = {
      checklist: retireInstancesChecklist(paymentsWorkload()),
      providers: cloud.providers,
      journal: memoryJournal(),
    };
    const rateLimiter = createRateLimiter(undefined, cloud.clock)._unsafeUnwrap();
    const both = createEngine({ ...base, rateLimiter, rateLimits: {} });
    expect(both.isErr() && both.error.code === 'InvalidInput' && both.error.issues[0]?.path).toBe('rateLimits');
    const notOne = createEngine({ ...base, rateLimiter: { acquire: async () => undefined } as never });
    expect(notOne.isErr() && notOne.error.code === 'InvalidInput' && notOne.error.issues[0]?.path).toBe('rateLimiter');
    const badPacing = createEngine({ ...base, rateLimits: { adaptive: { decreaseFactor: 2 } } });
    expect(badPacing.isErr() && badPacing.error.code === 'InvalidInput' && badPacing.error.issues[0]?.path).toBe(
      'rateLimits.adaptive.decreaseFactor',
    );
  });

  it("draws the engine's claims from the limiter given, and takes them again for each retry of a throttled call", async () => {
    /** The ec2:mutating tokens the protection lifts of three instances take, and the lifts sent, with `throttles` of them throttled. */
    const mutatingTokens = async (throttles: number) => {
      const workload = paymentsWorkload({ policies: { 'AWS::EC2::Instance': { liftProtection: true } } });
      const cloud = createFakeCloud({ source: { instances: paymentsInstances(3, { terminationProtection: true }) } });
      cloud.clock.set(AFTER_DELETE_DATE);
      const taken: string[] = [];
      class CountingLimiter extends RateLimiter {
        override acquire(claims: readonly RateLimitClaim[], signal?: AbortSignal): Promise<void> {
          for (const claim of claims) taken.push(`${claim.service}:${claim.bucket}`);
          return super.acquire(claims, signal);
        }
      }
      if (throttles > 0)
        cloud.faults.inject({ operation: 'ModifyInstanceAttribute', error: 'throttled', times: throttles });
      const engine = createEngine({
        checklist: retireInstancesChecklist(workload),
        providers: cloud.providers,
        journal: memoryJournal(),
        random: () => 0.5,
        rateLimiter: new CountingLimiter(cloud.clock),
      })._unsafeUnwrap();
      const run = (await engine.plan().andThen((plan) => engine.apply(plan, { approve: () => true })))._unsafeUnwrap();
      expect(run.status).toBe('completed');
      const sent = (operation: string) => cloud.calls.of(operation).length;
      // Stop and Terminate take one ec2:mutating token per (batched) call; the rest are the lifts'.
      const liftTokens =
        taken.filter((name) => name === 'ec2:mutating').length - sent('StopInstances') - sent('TerminateInstances');
      return { liftTokens, liftsSent: sent('ModifyInstanceAttribute') };
    };
    expect(await mutatingTokens(0)).toEqual({ liftTokens: 3, liftsSent: 3 });
    // Two lifts throttled once each, then retried by the engine: five requests sent, five tokens taken.
    expect(await mutatingTokens(2)).toEqual({ liftTokens: 5, liftsSent: 5 });
  });
});
