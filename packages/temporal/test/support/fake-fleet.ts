import { setTimeout as sleep } from 'node:timers/promises';
import {
  type ClockPort,
  createEngine,
  defineWorkload,
  type Engine,
  memoryJournal,
  type Plan,
  type Workload,
} from '@decomkit/core';
import { createFakeCloud, type FakeCloud } from '@decomkit/fake';
import { retireInstancesChecklist } from '../../../../examples/retire-instances-steps.js';
import type { RunRef } from '../../src/index.js';

/** The region every fake account's resources are in. */
export const FLEET_REGION = 'eu-west-1';

/** The twelve-digit id of fake account `index`. */
export const accountIdOf = (index: number) => `1000000000${String(index).padStart(2, '0')}`;

/** A fleet of fake workloads: one fake cloud per account, a plan per workload, one journal shared by every worker. */
export interface FakeFleet {
  readonly clouds: ReadonlyMap<string, FakeCloud>;
  readonly workloads: readonly Workload[];
  readonly plans: readonly Plan[];
  readonly journal: ReturnType<typeof memoryJournal>;
  /** Wall-clock times (ms, `performance.now()`) of each account's mutating calls, in order. */
  readonly mutatingTimes: ReadonlyMap<string, number[]>;
  /** The engine of a run (what a fleet worker's `engineFor` returns). */
  engineFor(run: RunRef): Engine;
}

/**
 * `accounts` fake accounts with `perAccount` workloads each, every workload
 * `instances` tagged EC2 instances. The sunset dates are in the past for both
 * the fake clock and the real one, so no run waits on a date; the retire
 * approval is the one gate left to answer.
 */
export async function fakeFleet(options: {
  readonly accounts: number;
  readonly perAccount: number;
  readonly instances: number;
  readonly prefix?: string;
  /** Default: dates before the fake clock's start and before today. */
  readonly sunset?: { readonly stopAt: string; readonly deleteAt: string };
  /** The fake clock's start (default the fake's, 2026-11-01). */
  readonly now?: string;
  /** How long a backup job runs, in fake minutes (default the fake's, 10). */
  readonly backupMinutes?: number;
  /**
   * The engine reads the wall clock instead of the fake's (which jumps ahead
   * to its next timer whenever the engine sleeps), and its polls come back
   * within 200 ms: for tests of real waits.
   * Keep the fake clock on the wall clock meanwhile (`clock.set(new Date())`).
   */
  readonly wallClock?: boolean;
}): Promise<FakeFleet> {
  const prefix = options.prefix ?? 'w';
  const clouds = new Map<string, FakeCloud>();
  const mutatingTimes = new Map<string, number[]>();
  const workloads: Workload[] = [];
  for (let account = 0; account < options.accounts; account += 1) {
    const accountId = accountIdOf(account);
    const instances = [];
    for (let workload = 0; workload < options.perAccount; workload += 1) {
      const id = `${prefix}-${account}-${workload}`;
      for (let instance = 0; instance < options.instances; instance += 1) {
        instances.push({ id: `i-${account}x${workload}x${instance}`, tags: { workload: id } });
      }
      workloads.push(workloadOf(id, accountId, options.sunset ?? PAST_SUNSET));
    }
    const cloud = createFakeCloud({
      accountId,
      region: FLEET_REGION,
      source: { instances },
      ...(options.now === undefined ? {} : { now: options.now }),
      ...(options.backupMinutes === undefined ? {} : { backupMinutes: options.backupMinutes }),
    });
    const times: number[] = [];
    cloud.calls.onCall((call) => {
      if (call.mutating) times.push(performance.now());
    });
    clouds.set(accountId, cloud);
    mutatingTimes.set(accountId, times);
  }
  const journal = memoryJournal();
  const engineFor = (run: RunRef): Engine => {
    const cloud = clouds.get(run.workload.source.accountId);
    if (cloud === undefined) throw new Error(`no fake account ${run.workload.source.accountId}`);
    return createEngine({
      checklist: retireInstancesChecklist(run.workload),
      providers: options.wallClock === true ? { ...cloud.providers, clock: WALL_CLOCK } : cloud.providers,
      journal,
      random: () => 0.5,
    })._unsafeUnwrap();
  };
  const plans: Plan[] = [];
  for (const workload of workloads) {
    const engine = engineFor({ runId: 'planning', workload });
    plans.push((await engine.plan())._unsafeUnwrap());
  }
  return { clouds, workloads, plans, journal, mutatingTimes, engineFor };
}

/** The wall clock, whose sleeps (the engine's polls and retries) last at most 200 ms. */
const WALL_CLOCK: ClockPort = {
  now: () => new Date(),
  sleep: (milliseconds, signal) =>
    sleep(Math.min(milliseconds, 200), undefined, signal === undefined ? {} : { signal }),
};

/** Before the fake clock's start (2026-11-01) and before today: no run waits on a date. */
const PAST_SUNSET = { stopAt: '2026-10-01', deleteAt: '2026-10-02' };

function workloadOf(id: string, accountId: string, sunset: { stopAt: string; deleteAt: string }): Workload {
  return defineWorkload({
    id,
    source: { accountId, regions: [FLEET_REGION], select: { tags: { workload: id } } },
    target: { subscriptionId: '00000000-0000-4000-8000-000000000000', resourceGroups: [`rg-${id}`] },
    sunset,
    backups: { vault: 'decom-archive', retainDays: 30 },
  })._unsafeUnwrap();
}

/**
 * The largest number of calls in any window of the log, beyond what a token
 * bucket of `perSecond` a second with a burst of `burst` allows in that
 * window (`burst + perSecond × window`): 0 when the log keeps to the rate.
 */
export function excessOverRate(times: readonly number[], perSecond: number, burst: number): number {
  let worst = 0;
  for (let first = 0; first < times.length; first += 1) {
    for (let last = first; last < times.length; last += 1) {
      const seconds = ((times[last] as number) - (times[first] as number)) / 1000;
      const calls = last - first + 1;
      worst = Math.max(worst, calls - (burst + perSecond * seconds));
    }
  }
  return worst;
}
