/**
 * Benchmark (not a test): inventory and retire 1,000 EC2 instances and 100 RDS
 * DB instances on moto_server through @decomkit/aws, driven by the decomkit
 * engine with the standard `final-backups` + `retire-resources` steps (the
 * fake-cloud twin is bench/retire-throughput.ts).
 *
 *   pnpm bench:aws                                  # full size (about 1 min, seeding included)
 *   DECOMKIT_BENCH_SCALE=0.1 pnpm bench:aws         # 100 instances, 10 databases
 *   DECOMKIT_BENCH_UNTHROTTLED=1 pnpm bench:aws     # engine token buckets lifted: what moto itself costs
 *   DECOMKIT_BENCH_DIRECT=1 pnpm bench:aws          # straight to moto, without the AWS-limits proxy
 *   DECOMKIT_BENCH_LIMITS_SCALE=0.1 pnpm bench:aws  # the proxy's buckets at a tenth of AWS's (throttling at small sizes)
 *   DECOMKIT_BENCH_FIXED_PACING=1 pnpm bench:aws    # one shared limiter at AWS's documented rates, not adaptive
 *
 * It starts its own moto_server (bench/moto-server.ts; needs `moto_server` on
 * PATH), seeds it (RunInstances in batches, CreateDBInstance 8 at a time: not
 * measured), then measures, separately: inventory (the engine's discovery
 * inside `plan()`), plan (the rest of `plan()`), apply (`apply()`, approving).
 * The measured run goes through the AWS-limits proxy (bench/aws-limits-proxy/:
 * AWS's documented API buckets per account and region, throttling errors in
 * each service's format); seeding and the final count go to moto directly.
 *
 * Figures: wall time per phase; requests per phase and per second, counted
 * per attempt by an SDK middleware on every client (and checked against
 * moto's request recorder); requests per resource by API action and by who
 * sent them (discovery, the engine's re-read before each action, handlers);
 * decomkit / floor per action and overall, against the request floor
 * (bench/floor/request-floor.ts: the fewest requests any tool must send to
 * retire the estate safely, defined from the APIs, not from decomkit); peak
 * RSS of this process and of moto; through the proxy, the requests each
 * bucket let through and throttled and the least wall time the buckets allow
 * for the requests let through.
 *
 * Then the floor itself is run (DECOMKIT_BENCH_FLOOR=0 skips it): moto is
 * reset and seeded again, and a plain SDK script sends exactly the floor's
 * requests (bench/floor/batching-floor-script.ts) through a fresh proxy; its
 * wall time is what the floor's requests need there. Targets (issue 14):
 * decomkit / floor ≤ 1.2 in requests, overall and per action, and ≤ 1.5 in
 * wall time through the proxy.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { awsSource } from '@decomkit/aws';
import {
  AWS_DEFAULT_RATE_LIMITS,
  createChecklist,
  createEngine,
  createRateLimiter,
  defineStep,
  defineWorkload,
  finalBackups,
  type InventoryPort,
  memoryJournal,
  okAsync,
  retireResources,
  verified,
} from '@decomkit/core';
import { PORT_SPECIFICATION_VERSION } from '@decomkit/provider-kit';
import { bucketBounds, type LimitsProxy, startLimitsProxy } from './aws-limits-proxy/index.js';
import { countedClients } from './counted-clients.js';
import { type FloorScriptResult, runBatchingFloorScript } from './floor/batching-floor-script.js';
import { floorRequests, floorTotal } from './floor/request-floor.js';
import { type MotoEstate, motoLeftovers, seedEstate } from './moto-estate.js';
import { MOTO_ACCOUNT_ID, MOTO_CREDENTIALS, type MotoServer, startMotoServer } from './moto-server.js';

const SCALE = Number(process.env.DECOMKIT_BENCH_SCALE ?? '1');
if (!(SCALE > 0 && SCALE <= 10)) throw new Error(`DECOMKIT_BENCH_SCALE must be in (0, 10], got ${SCALE}`);
const INSTANCES = Math.max(1, Math.round(1_000 * SCALE));
const DATABASES = Math.max(1, Math.round(100 * SCALE));
const REGION = 'eu-west-1';
const ENGINE_CONCURRENCY = 16;
const POLL_MILLISECONDS = 50;
/** DECOMKIT_BENCH_UNTHROTTLED=1: the engine's token buckets and the clients' read limits lifted (where does the time go?). */
const UNTHROTTLED = process.env.DECOMKIT_BENCH_UNTHROTTLED === '1';
/** DECOMKIT_BENCH_DIRECT=1: the measured run goes straight to moto, not through the AWS-limits proxy. */
const DIRECT = process.env.DECOMKIT_BENCH_DIRECT === '1';
/** DECOMKIT_BENCH_FLOOR=0: no run of the floor script after decomkit's. */
const RUN_FLOOR = process.env.DECOMKIT_BENCH_FLOOR !== '0';
const ESTATE: MotoEstate = {
  region: REGION,
  instances: INSTANCES,
  databases: DATABASES,
  tag: { key: 'workload', value: 'bench' },
  namePrefix: 'bench-db',
};
/** DECOMKIT_BENCH_FIXED_PACING=1: the shared rate limiter stays at AWS's documented rates (adaptive pacing off). */
const FIXED_PACING = process.env.DECOMKIT_BENCH_FIXED_PACING === '1';
/** DECOMKIT_BENCH_LIMITS_SCALE: multiplies every bucket of the AWS-limits proxy (default 1: AWS's figures). */
const LIMITS_SCALE = Number(process.env.DECOMKIT_BENCH_LIMITS_SCALE ?? '1');
type Phase = 'inventory' | 'plan' | 'apply';
/**
 * Who sent a request: the inventory's discovery, the hidden-dependency checks (at plan, and again before
 * the deletions), the engine's re-read before an action, or a handler.
 */
type Origin = 'discovery' | 'dependents' | 're-read' | 'handler';

/** Requests counted by the SDK middleware, per phase, origin and `service:Action`. */
class RequestCounter {
  phase: Phase = 'inventory';
  readonly origin = new AsyncLocalStorage<Origin>();
  readonly counts = new Map<string, number>();

  add(action: string): void {
    const key = `${this.phase}|${this.origin.getStore() ?? 'handler'}|${action}`;
    this.counts.set(key, (this.counts.get(key) ?? 0) + 1);
  }

  /** The sum over the entries that match. */
  total(match: { phase?: Phase; origin?: Origin; action?: string } = {}): number {
    let sum = 0;
    for (const [key, count] of this.counts) {
      const [phase, origin, action] = key.split('|');
      if (match.phase !== undefined && match.phase !== phase) continue;
      if (match.origin !== undefined && match.origin !== origin) continue;
      if (match.action !== undefined && match.action !== action) continue;
      sum += count;
    }
    return sum;
  }

  /** Pages of a discovery, each fetched with its requests counted as `discovery`. */
  async *asDiscovery<Page>(pages: AsyncIterable<Page>): AsyncIterable<Page> {
    const iterator = pages[Symbol.asyncIterator]();
    for (;;) {
      const next = await this.origin.run('discovery', () => iterator.next());
      if (next.done === true) return;
      yield next.value;
    }
  }

  actions(): string[] {
    return [...new Set([...this.counts.keys()].map((key) => key.split('|')[2] ?? ''))].sort();
  }
}

/**
 * The inventory port, observed: its requests are labelled `discovery` or
 * `re-read`, and the end of the first discovery ends the inventory phase.
 */
function observedInventory(
  inner: InventoryPort,
  counter: RequestCounter,
  discovered: (at: number) => void,
): InventoryPort & { readonly describes: () => number } {
  let describes = 0;
  return {
    specificationVersion: PORT_SPECIFICATION_VERSION,
    capabilities: inner.capabilities,
    resourceTypes: inner.resourceTypes,
    async *discover(source) {
      yield* counter.asDiscovery(inner.discover(source));
      discovered(performance.now());
    },
    ...(inner.discoverScopes === undefined
      ? {}
      : {
          discoverScopes: (source: Parameters<InventoryPort['discover']>[0]) =>
            counter.asDiscovery(inner.discoverScopes?.(source) ?? inner.discover(source)),
        }),
    describe: (arn) => {
      describes += 1;
      return counter.origin.run('re-read', () => inner.describe(arn));
    },
    ...(inner.describeScopes === undefined
      ? {}
      : {
          describeScopes: (arns: readonly string[]) => {
            describes += arns.length;
            return counter.origin.run('re-read', () => inner.describeScopes?.(arns) ?? okAsync(new Map()));
          },
        }),
    ...(inner.findDependents === undefined
      ? {}
      : {
          findDependents: (...args: Parameters<NonNullable<InventoryPort['findDependents']>>) =>
            counter.origin.run(
              'dependents',
              () => inner.findDependents?.(...args) ?? okAsync({ dependencies: [], unchecked: [] }),
            ),
        }),
    describes: () => describes,
  };
}

const cutover = defineStep({
  id: 'confirm-cutover-traffic',
  item: 'cutover',
  title: 'Cutover (given)',
  needs: [],
  plan: () => ({ actions: [] }),
  verify: () => verified('given'),
});

const workload = defineWorkload({
  id: 'bench',
  source: { accountId: MOTO_ACCOUNT_ID, regions: [REGION], select: { tags: { workload: 'bench' } } },
  target: { subscriptionId: '6f1c2a0e-3b1d-4c59-9d2e-0b6a8e4f7c11', resourceGroups: ['rg-bench'] },
  sunset: { stopAt: '2020-01-01', deleteAt: '2020-01-02' },
  backups: { vault: 'decom-archive', retainDays: 30 },
  // As in bench/retire-throughput.ts: the retirement itself (RDS still keeps its final snapshot).
  policies: { 'AWS::EC2::Instance': { backup: 'none' }, 'AWS::RDS::DBInstance': { backup: 'none' } },
})._unsafeUnwrap();

const seconds = (milliseconds: number) => (milliseconds / 1000).toFixed(2);
const perSecond = (requests: number, milliseconds: number) =>
  milliseconds > 0 ? (requests / (milliseconds / 1000)).toFixed(0) : '-';

/** The proxy's report: requests per bucket, and the measured time against the least the buckets allow. */
function reportProxy(proxy: LimitsProxy, measuredMilliseconds: number): void {
  const bounds = bucketBounds(proxy.stats(), proxy.limits);
  const stats = proxy.stats();
  console.log('\n## through the AWS-limits proxy\n');
  console.log(
    '| bucket (account/region/service/bucket) | allowed | throttled | tokens | size | refill / s | least time (s) |',
  );
  console.log('| --- | ---: | ---: | ---: | ---: | ---: | ---: |');
  // Buckets that stayed within their burst and throttled nothing are summed up in one line.
  const shown = bounds.filter((bound) => bound.seconds > 0 || (stats[bound.key]?.throttled ?? 0) > 0);
  for (const bound of shown) {
    const counts = stats[bound.key];
    console.log(
      `| ${bound.key} | ${counts?.allowed ?? 0} | ${counts?.throttled ?? 0} | ${bound.tokens} | ${bound.limit.capacity} | ${bound.limit.refillPerSecond} | ${bound.seconds.toFixed(2)} |`,
    );
  }
  const quiet = bounds.filter((bound) => !shown.includes(bound));
  const quietRequests = quiet.reduce((sum, bound) => sum + (stats[bound.key]?.allowed ?? 0), 0);
  if (quiet.length > 0)
    console.log(`| ${quiet.length} other buckets, each within its burst | ${quietRequests} | 0 | | | | 0.00 |`);
  const least = bounds[0]?.seconds ?? 0;
  console.log(
    `\nwall time ${seconds(measuredMilliseconds)} s; the buckets allow these requests in ≥ ${least.toFixed(2)} s (${bounds[0]?.key ?? 'no bucket'})${least > 0 ? `: ${(measuredMilliseconds / 1000 / least).toFixed(2)}× that` : ''}.`,
  );
}

async function bench(moto: MotoServer, proxy: LimitsProxy | null): Promise<number> {
  // One rate limiter for the engine's claims and every SDK client (adaptive unless FIXED_PACING).
  const rateLimiter = UNTHROTTLED
    ? undefined
    : createRateLimiter(FIXED_PACING ? { adaptive: false } : {})._unsafeUnwrap();
  const settings = {
    endpoint: proxy?.url ?? moto.endpoint,
    credentials: MOTO_CREDENTIALS,
    ...(rateLimiter === undefined ? { readRateLimits: false as const } : { rateLimiter }),
  };
  console.log(
    `moto_server ${moto.endpoint} (pid ${moto.pid}); seeding ${INSTANCES} instances, ${DATABASES} databases…`,
  );
  const seedStarted = performance.now();
  await seedEstate(moto.endpoint, ESTATE);
  const seedMilliseconds = performance.now() - seedStarted;
  console.log(`seeded in ${seconds(seedMilliseconds)} s (not measured)`);
  await moto.resetRecording();

  const counter = new RequestCounter();
  const overrides = countedClients(settings, counter, MOTO_ACCOUNT_ID);
  const source = awsSource({
    region: REGION,
    ...settings,
    clients: overrides,
    pollMilliseconds: POLL_MILLISECONDS,
    backups: { defaultMethod: 'native', awsBackup: false },
  });
  let inventoryEnded: number | null = null;
  const inventory = observedInventory(source.inventory, counter, (at) => {
    if (inventoryEnded === null) {
      inventoryEnded = at;
      counter.phase = 'plan';
    }
  });
  const engine = createEngine({
    checklist: createChecklist(workload, [cutover, finalBackups, retireResources]),
    providers: { ...source, inventory },
    journal: memoryJournal(),
    concurrency: ENGINE_CONCURRENCY,
    ...(UNTHROTTLED
      ? {
          rateLimits: {
            limits: Object.fromEntries(
              Object.keys(AWS_DEFAULT_RATE_LIMITS).map((name) => [name, { capacity: 1e9, refillPerSecond: 1e9 }]),
            ),
            fallback: { capacity: 1e9, refillPerSecond: 1e9 },
          },
        }
      : { rateLimiter }),
  })._unsafeUnwrap();

  counter.phase = 'inventory';
  const planStarted = performance.now();
  const plan = (await engine.plan())._unsafeUnwrap();
  const planEnded = performance.now();
  const inventoryMilliseconds = (inventoryEnded ?? planEnded) - planStarted;
  const planMilliseconds = planEnded - (inventoryEnded ?? planEnded);
  const planDescribes = inventory.describes();

  counter.phase = 'apply';
  const applyStarted = performance.now();
  const run = (await engine.apply(plan, { approve: () => true }))._unsafeUnwrap();
  const applyMilliseconds = performance.now() - applyStarted;
  const benchRssMebibytes = process.resourceUsage().maxRSS / 1024;
  const motoRssMebibytes = moto.peakRssMebibytes();

  const recorded = await moto.recordedActions();
  const left = await motoLeftovers(moto.endpoint, REGION);
  const failures = run.items
    .flatMap((item) => item.steps.flatMap((step) => step.actions))
    .filter((record) => record.status !== 'done' && record.status !== 'skipped');
  const plannedActions = plan.steps.reduce((sum, step) => sum + step.actions.length, 0);

  // ---- report ----
  const floor = floorRequests({ instances: INSTANCES, databases: DATABASES });
  const actions = [...new Set([...counter.actions(), ...floor.keys()])].sort();
  const total = counter.total();
  const minimumTotal = floorTotal(floor);
  const resourcesOf = (action: string) =>
    action.startsWith('ec2:') ? INSTANCES : action.startsWith('rds:') ? DATABASES : INSTANCES + DATABASES;
  const ratio = (actual: number, least: number) =>
    least === 0 ? (actual === 0 ? '1.00' : 'n/a') : (actual / least).toFixed(2);

  console.log(
    `\nrun ${run.status}: ${plannedActions} actions planned, ${run.counts.done} done, ${failures.length} not done`,
  );
  for (const record of failures.slice(0, 10)) console.log(`  ${record.status} ${record.action.key}: ${record.reason}`);
  console.log(
    `left in moto: instances ${[...left.states].map(([state, count]) => `${state} ${count}`).join(', ')}; databases ${left.databases.length}`,
  );
  // Requests the proxy throttled never reach moto.
  const throttled = proxy?.totals().throttled ?? 0;
  console.log(
    `requests: ${total} counted by the SDK middleware, ${recorded.length} recorded by moto${proxy === null ? '' : `, ${throttled} throttled by the AWS-limits proxy`}${total === recorded.length + throttled ? ' (agree)' : ' (DISAGREE)'}`,
  );

  console.log(
    `engine re-reads (targets read by inventory.describe / describeScopes): ${planDescribes} during plan, ${inventory.describes() - planDescribes} during apply`,
  );

  console.log(
    `\n## decomkit on moto_server: ${INSTANCES} EC2 instances, ${DATABASES} RDS DB instances${UNTHROTTLED ? ' (engine buckets lifted)' : ''}${proxy === null ? ' (direct, no AWS-limits proxy)' : ' (through the AWS-limits proxy)'}\n`,
  );
  console.log('| phase | wall time (s) | requests | requests / s |');
  console.log('| --- | ---: | ---: | ---: |');
  for (const [phase, milliseconds] of [
    ['inventory', inventoryMilliseconds],
    ['plan', planMilliseconds],
    ['apply', applyMilliseconds],
  ] as const) {
    const requests = counter.total({ phase });
    console.log(`| ${phase} | ${seconds(milliseconds)} | ${requests} | ${perSecond(requests, milliseconds)} |`);
  }
  const allMilliseconds = inventoryMilliseconds + planMilliseconds + applyMilliseconds;
  console.log(`| **total** | ${seconds(allMilliseconds)} | ${total} | ${perSecond(total, allMilliseconds)} |`);
  console.log(
    `\nseeding (not measured): ${seconds(seedMilliseconds)} s. Peak RSS: bench process ${benchRssMebibytes.toFixed(0)} MiB, moto_server ${motoRssMebibytes === null ? 'n/a' : `${motoRssMebibytes.toFixed(0)} MiB`}.\n`,
  );
  console.log(
    '| action | discovery | dependents | re-read | handler | decomkit | per resource | floor | decomkit / floor | the floor counts |',
  );
  console.log('| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |');
  for (const action of actions) {
    const actual = counter.total({ action });
    const least = floor.get(action);
    console.log(
      `| ${action} | ${counter.total({ action, origin: 'discovery' })} | ${counter.total({ action, origin: 'dependents' })} | ${counter.total({ action, origin: 're-read' })} | ${counter.total({ action, origin: 'handler' })} | ${actual} | ${(actual / resourcesOf(action)).toFixed(2)} | ${least?.count ?? 0} | ${ratio(actual, least?.count ?? 0)} | ${least?.why ?? 'not in the floor'} |`,
    );
  }
  console.log(
    `| **all** | ${counter.total({ origin: 'discovery' })} | ${counter.total({ origin: 'dependents' })} | ${counter.total({ origin: 're-read' })} | ${counter.total({ origin: 'handler' })} | ${total} | ${(total / (INSTANCES + DATABASES)).toFixed(2)} | ${minimumTotal} | **${ratio(total, minimumTotal)}** | target ≤ 1.2 |`,
  );
  const batchSizes = ['ec2:StopInstances', 'ec2:TerminateInstances']
    .map((action) => `${action} ${(INSTANCES / Math.max(1, counter.total({ action }))).toFixed(1)}`)
    .join(', ');
  console.log(`\nInstance ids per batched call (maximum 1,000): ${batchSizes}.`);
  const ec2Mutating = ['ec2:StopInstances', 'ec2:TerminateInstances', 'ec2:ModifyInstanceAttribute'].reduce(
    (sum, action) => sum + counter.total({ action }),
    0,
  );
  const bucket = AWS_DEFAULT_RATE_LIMITS['ec2:mutating'];
  if (!UNTHROTTLED && bucket !== undefined) {
    const held = Math.max(0, ec2Mutating - bucket.capacity) / bucket.refillPerSecond;
    console.log(
      `\nThe engine's ec2:mutating bucket (${bucket.capacity} at once, ${bucket.refillPerSecond}/s) alone holds the ${ec2Mutating} mutating EC2 calls for ≥ ${held.toFixed(1)} s of the apply (DECOMKIT_BENCH_UNTHROTTLED=1 lifts the buckets).`,
    );
  }
  if (proxy !== null) reportProxy(proxy, allMilliseconds);
  if (run.status !== 'completed' || failures.length > 0) process.exitCode = 1;
  return allMilliseconds;
}

/** The floor's own run on a fresh estate (moto reset, seeded again), through a fresh proxy unless direct. */
async function floorRun(moto: MotoServer, decomkitMilliseconds: number): Promise<void> {
  const reset = await fetch(`${moto.endpoint}/moto-api/reset`, { method: 'POST' });
  if (!reset.ok) throw new Error(`moto reset answered ${reset.status}`);
  await seedEstate(moto.endpoint, ESTATE);
  const proxy = DIRECT ? null : await startLimitsProxy({ target: moto.endpoint, scale: LIMITS_SCALE });
  let result: FloorScriptResult;
  try {
    result = await runBatchingFloorScript({
      endpoint: proxy?.url ?? moto.endpoint,
      region: REGION,
      credentials: MOTO_CREDENTIALS,
      accountId: MOTO_ACCOUNT_ID,
      tag: ESTATE.tag,
      concurrency: ENGINE_CONCURRENCY,
      pollMilliseconds: POLL_MILLISECONDS,
    });
    if (proxy !== null) reportProxy(proxy, result.milliseconds);
  } finally {
    await proxy?.stop();
  }
  const floor = floorRequests(ESTATE);
  const sent = [...result.requests.values()].reduce((sum, count) => sum + count, 0);
  console.log(
    `\n## the floor, sent by a plain SDK script (bench/floor/batching-floor-script.ts)${proxy === null ? ' (direct)' : ' through the AWS-limits proxy'}\n`,
  );
  console.log(
    `retired ${result.instances} instances and ${result.databases} databases in ${seconds(result.milliseconds)} s with ${sent} requests (the floor: ${floorTotal(floor)}; more only where the proxy throttled and the SDK retried).`,
  );
  const wallRatio = decomkitMilliseconds / result.milliseconds;
  console.log(
    `\n**decomkit / floor, wall time: ${wallRatio.toFixed(2)}** (${seconds(decomkitMilliseconds)} s against ${seconds(result.milliseconds)} s; target ≤ 1.5).`,
  );
}

const moto = await startMotoServer();
try {
  const proxy = DIRECT ? null : await startLimitsProxy({ target: moto.endpoint, scale: LIMITS_SCALE });
  let decomkitMilliseconds: number;
  try {
    decomkitMilliseconds = await bench(moto, proxy);
  } finally {
    await proxy?.stop();
  }
  if (RUN_FLOOR) await floorRun(moto, decomkitMilliseconds);
} finally {
  await moto.stop();
}
