/**
 * A fleet on Temporal, on one machine: 500 fake workloads × 40 EC2 instances
 * across 50 accounts (scaled by DECOMKIT_BENCH_SCALE, which scales the
 * workloads and the accounts alike), each account's task queue limited to
 * DECOMKIT_BENCH_RATE activities a second (default 5, EC2's mutating refill).
 * A real `temporal server start-dev` (the CLI `node scripts/setup.mjs
 * --with-temporal` builds, or DECOMKIT_TEMPORAL), one worker process (this
 * one) with the run workflows and one activity worker per account.
 *
 * Reports the wall time from the start of the fleet to its last result, the
 * activities a second, and two bounds that do not depend on decomkit's design:
 * - the rate bound: the fleet's activities over the sum of the accounts'
 *   rates (what the server's queues allow if every account were busy all the
 *   time), and the per-account bound: the busiest account's activities over
 *   its rate (no schedule finishes sooner);
 * - the ratio of the wall time to the larger of the two.
 *
 * Run: `pnpm bench:temporal` (an idle machine; three runs).
 */

import {
  approveRun,
  createFleetWorker,
  type RunOutcome,
  type RunRef,
  startFleet,
  workflowsPath,
} from '@decomkit/temporal';
import { Client, Connection } from '@temporalio/client';
import { bundleWorkflowCode, DefaultLogger, NativeConnection, Runtime } from '@temporalio/worker';
import { accountIdOf, FLEET_REGION, fakeFleet } from '../packages/temporal/test/support/fake-fleet.js';
import { startTemporalServer } from '../packages/temporal/test/support/temporal-server.js';

Runtime.install({ logger: new DefaultLogger('ERROR') });

const SCALE = Number(process.env.DECOMKIT_BENCH_SCALE ?? 1);
const RATE = Number(process.env.DECOMKIT_BENCH_RATE ?? 5);
const ACCOUNTS = Math.max(1, Math.round(50 * SCALE));
const PER_ACCOUNT = 10;
const INSTANCES = 40;

async function main(): Promise<void> {
  const server = await startTemporalServer();
  const connection = await Connection.connect({ address: server.address });
  const native = await NativeConnection.connect({ address: server.address });
  const client = new Client({ connection, namespace: server.namespace });
  try {
    console.log(
      `${ACCOUNTS * PER_ACCOUNT} workloads × ${INSTANCES} instances across ${ACCOUNTS} accounts, ${RATE} activities/s per account`,
    );
    const setupStarted = performance.now();
    const fleet = await fakeFleet({ accounts: ACCOUNTS, perAccount: PER_ACCOUNT, instances: INSTANCES });
    const bundle = await bundleWorkflowCode({ workflowsPath, logger: new DefaultLogger('ERROR') });
    console.log(`planned and bundled in ${((performance.now() - setupStarted) / 1000).toFixed(1)} s (not measured)`);
    const activitiesByAccount = new Map<string, number>();
    const engineFor = (run: RunRef) => {
      const account = run.workload.source.accountId;
      activitiesByAccount.set(account, (activitiesByAccount.get(account) ?? 0) + 1);
      return fleet.engineFor(run);
    };
    const worker = (
      await createFleetWorker({
        connection: native,
        namespace: server.namespace,
        accounts: Array.from({ length: ACCOUNTS }, (_, index) => ({
          accountId: accountIdOf(index),
          region: FLEET_REGION,
          activitiesPerSecond: RATE,
        })),
        engineFor,
        workflowBundle: bundle,
        concurrentActivities: PER_ACCOUNT,
      })
    )._unsafeUnwrap();
    const memoryBefore = process.memoryUsage().rss;
    const started = performance.now();
    const outcomes = await worker.runUntil(
      (async () => {
        const begun = (
          await startFleet(
            client,
            fleet.plans.map((plan) => ({ plan })),
            { fleetId: 'bench' },
          )
        )._unsafeUnwrap();
        await Promise.all(
          begun.started.map(async (run) => (await approveRun(client, run, 'retire', true))._unsafeUnwrap()),
        );
        return Promise.all(
          begun.started.map((run) => client.workflow.getHandle(run.workflowId).result() as Promise<RunOutcome>),
        );
      })(),
    );
    const seconds = (performance.now() - started) / 1000;
    const completed = outcomes.filter((outcome) => outcome.status === 'completed').length;
    const activities = [...activitiesByAccount.values()].reduce((sum, count) => sum + count, 0);
    const busiest = Math.max(...activitiesByAccount.values());
    const rateBound = activities / (RATE * ACCOUNTS);
    const accountBound = busiest / RATE;
    const bound = Math.max(rateBound, accountBound);
    const mutating = [...fleet.mutatingTimes.values()].reduce((sum, times) => sum + times.length, 0);
    console.log(`\n| figure | value |\n| --- | ---: |`);
    console.log(`| runs completed | ${completed} of ${outcomes.length} |`);
    console.log(`| wall time | ${seconds.toFixed(1)} s |`);
    console.log(`| activities (engine sessions) | ${activities} |`);
    console.log(`| mutating calls to the fake clouds | ${mutating} |`);
    console.log(`| activities / s | ${(activities / seconds).toFixed(1)} |`);
    console.log(`| sum of the accounts' rates | ${RATE * ACCOUNTS} / s |`);
    console.log(`| rate bound (activities / sum of rates) | ${rateBound.toFixed(1)} s |`);
    console.log(`| busiest account bound (its activities / its rate) | ${accountBound.toFixed(1)} s |`);
    console.log(`| wall / bound | ${(seconds / bound).toFixed(2)} |`);
    console.log(`| rss growth | ${((process.memoryUsage().rss - memoryBefore) / 2 ** 20).toFixed(0)} MB |`);
    if (completed !== outcomes.length) process.exitCode = 1;
  } finally {
    await native.close();
    await connection.close();
    await server.stop();
  }
}

await main();
