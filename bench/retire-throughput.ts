/**
 * Benchmark (not a test): retire 1,000 EC2 instances and 100 RDS DB instances
 * on the fake cloud with AWS's documented token buckets, on the fake clock,
 * and compare the fake-clock time with the theoretical minimum.
 *
 *   pnpm bench:retire
 *   DECOMKIT_BENCH_SCALE=2 pnpm bench:retire   # 2,000 instances and 200 databases
 *
 * The minimum: each bucket allows `capacity` requests at once, then
 * `refillPerSecond`; batching means StopInstances / TerminateInstances need
 * ceil(n / 1000) requests (plus one resource token per instance), RDS one
 * request per database per operation; an RDS delete then takes the fake's
 * modelled deletion time. EC2 and RDS proceed side by side: the minimum is
 * the longer path. Target (issue 3): minimum / achieved ≥ 0.9, with no
 * throttling failure.
 */
import {
  AWS_DEFAULT_RATE_LIMITS,
  createChecklist,
  createEngine,
  defineStep,
  defineWorkload,
  finalBackups,
  memoryJournal,
  retireResources,
  verified,
} from '@decomkit/core';
import { createFakeCloud } from '@decomkit/fake';
import type { BucketLimit } from '@decomkit/provider-kit';

const SCALE = Number(process.env.DECOMKIT_BENCH_SCALE ?? '1');
if (!(SCALE > 0 && SCALE <= 20)) throw new Error(`DECOMKIT_BENCH_SCALE must be in (0, 20], got ${SCALE}`);
const INSTANCES = Math.max(1, Math.round(1_000 * SCALE));
const DATABASES = Math.max(1, Math.round(100 * SCALE));
const INSTANCE_BATCH = 1_000;
const RDS_DELETE_MINUTES = 5;

const cloud = createFakeCloud({
  now: '2026-12-16T00:00:00Z',
  rdsDeleteMinutes: RDS_DELETE_MINUTES,
  source: {
    instances: Array.from({ length: INSTANCES }, (_, index) => ({
      id: `i-${index.toString(16).padStart(8, '0')}`,
      tags: { workload: 'bench' },
    })),
    dbInstances: Array.from({ length: DATABASES }, (_, index) => ({ id: `db-${index}`, tags: { workload: 'bench' } })),
  },
});
const workload = defineWorkload({
  id: 'bench',
  source: { accountId: '111122223333', regions: ['eu-west-1'], select: { tags: { workload: 'bench' } } },
  target: { subscriptionId: '6f1c2a0e-3b1d-4c59-9d2e-0b6a8e4f7c11', resourceGroups: ['rg-bench'] },
  sunset: { stopAt: '2026-12-01', deleteAt: '2026-12-15' },
  backups: { vault: 'decom-archive', retainDays: 30 },
  // Backups are measured elsewhere; here the retirement itself (RDS still keeps its final snapshot).
  policies: { 'AWS::EC2::Instance': { backup: 'none' }, 'AWS::RDS::DBInstance': { backup: 'none' } },
})._unsafeUnwrap();
const cutover = defineStep({
  id: 'confirm-cutover-traffic',
  item: 'cutover',
  title: 'Cutover (given)',
  needs: [],
  plan: () => ({ actions: [] }),
  verify: () => verified('given'),
});
const engine = createEngine({
  checklist: createChecklist(workload, [cutover, finalBackups, retireResources]),
  providers: cloud.providers,
  journal: memoryJournal(),
  concurrency: Number(process.env.DECOMKIT_BENCH_CONCURRENCY ?? 16),
  // The minimum below is at AWS's documented rates, and the fake never throttles: adaptive pacing would
  // climb past them and beat a "minimum" no real account allows.
  rateLimits: { adaptive: false },
})._unsafeUnwrap();

const plan = (await engine.plan())._unsafeUnwrap();
const started = cloud.clock.now().getTime();
const wallStarted = performance.now();
const run = (await engine.apply(plan, { approve: () => true }))._unsafeUnwrap();
const achievedSeconds = (cloud.clock.now().getTime() - started) / 1000;
const wallSeconds = (performance.now() - wallStarted) / 1000;

const minimumFor = (requests: number, limit: BucketLimit | undefined) =>
  limit === undefined ? 0 : Math.max(0, requests - limit.capacity) / limit.refillPerSecond;
const ec2Requests = 2 * Math.ceil(INSTANCES / INSTANCE_BATCH);
// The EC2 and RDS work go on side by side: the minimum is the longer of the two paths, each as its
// buckets allow (an RDS delete then takes the fake's deletion time), not their sum.
const ec2Seconds = Math.max(
  minimumFor(ec2Requests, AWS_DEFAULT_RATE_LIMITS['ec2:mutating']),
  minimumFor(INSTANCES, AWS_DEFAULT_RATE_LIMITS['ec2:stop-instances-resource']),
  minimumFor(INSTANCES, AWS_DEFAULT_RATE_LIMITS['ec2:terminate-instances-resource']),
);
const rdsBucketSeconds = minimumFor(2 * DATABASES, AWS_DEFAULT_RATE_LIMITS['rds:default']);
const minimumSeconds = Math.max(ec2Seconds, rdsBucketSeconds + RDS_DELETE_MINUTES * 60);
const calls = cloud.calls.mutating();
const count = (operation: string) => calls.filter((call) => call.operation === operation).length;
const failures = run.items
  .flatMap((item) => item.steps.flatMap((step) => step.actions))
  .filter((record) => record.status === 'failed');

console.log(`run ${run.status}: ${run.counts.done} actions done, ${failures.length} failed`);
console.log(
  `requests: StopInstances ${count('StopInstances')}, TerminateInstances ${count('TerminateInstances')}, StopDBInstance ${count('StopDBInstance')}, DeleteDBInstance ${count('DeleteDBInstance')}`,
);
console.log(
  `fake-clock time: achieved ${achievedSeconds.toFixed(1)} s; minimum ${minimumSeconds.toFixed(1)} s (the longer of EC2 ${ec2Seconds.toFixed(1)} s and RDS buckets ${rdsBucketSeconds.toFixed(1)} s + deletion ${RDS_DELETE_MINUTES * 60} s)`,
);
console.log(
  `ratio minimum / achieved: ${(minimumSeconds / achievedSeconds).toFixed(3)} (target ≥ 0.9); wall time ${wallSeconds.toFixed(2)} s (${((wallSeconds * 1000) / (INSTANCES + DATABASES)).toFixed(2)} ms per resource: decomkit's own time, the fake's in-memory calls included); peak RSS ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB`,
);
if (failures.length > 0)
  console.log(`failures: ${failures.map((record) => `${record.action.key}: ${record.reason}`).join('\n')}`);

if (process.env.DECOMKIT_BENCH_TIMELINE === '1') {
  // When each operation ran, in fake-clock seconds from the start: first, median, last.
  const byOperation = new Map<string, number[]>();
  for (const call of cloud.calls.all()) {
    const at = (Date.parse(call.at) - started) / 1000;
    byOperation.set(call.operation, [...(byOperation.get(call.operation) ?? []), at]);
  }
  for (const [operation, times] of byOperation) {
    const sorted = times.sort((left, right) => left - right);
    const median = sorted[Math.floor(sorted.length / 2)] ?? 0;
    console.log(
      `${operation}: ${sorted.length} calls, ${sorted[0]?.toFixed(1)} / ${median.toFixed(1)} / ${sorted.at(-1)?.toFixed(1)} s`,
    );
  }
}
