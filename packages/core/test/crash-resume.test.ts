/**
 * Crash/resume (DESIGN §5 "Resume", §8): apply runs in a child process that
 * kills itself with SIGKILL at a seeded, random action boundary — intent
 * durable, effect made, checkpoint durable, or done durable. Resumes are
 * killed again until a child ends normally. Every final world must equal the
 * uninterrupted run's, every effect must happen exactly as often (no action
 * executed twice, none lost), and an intent whose effect had happened must be
 * settled through the handler's reconcile, never by executing it again.
 *
 * Reproduce a failure with `DECOMKIT_CRASH_SEED=<seed> npx vitest run packages/core/test/crash-resume.test.ts`
 * (the seed fixes the kill schedule; concurrent actions may still interleave differently).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { seededRandom } from '@decomkit/fake';
import { afterAll, describe, expect, it } from 'vitest';
import {
  type ChainPlan,
  childStatistics,
  effectCounts,
  finalWorld,
  type Kill,
  newChainDirectory,
  planChains,
  type Reference,
  runChain,
  runChild,
} from './support/crash-chain.js';
import { IN_SCOPE_INSTANCES } from './support/crash-world.js';

const SEED = Number(process.env.DECOMKIT_CRASH_SEED ?? Math.floor(Math.random() * 2 ** 31));
const REPRODUCE = `seed ${SEED}; reproduce with DECOMKIT_CRASH_SEED=${SEED}`;
const MINIMUM_KILLS = 50;
/** Kill points scheduled at first; one scheduled in a resume may lie past its last boundary and not be taken. */
const PLANNED_KILLS = 56;
const PARALLEL_CHAINS = 2;

const workRoot = mkdtempSync(join(tmpdir(), 'decomkit-crash-'));
let keepWorkRoot = false;
afterAll(() => {
  if (keepWorkRoot) console.error(`crash-resume: the chains' files are kept in ${workRoot}`);
  else rmSync(workRoot, { recursive: true, force: true });
});

/** Runs chains, PARALLEL_CHAINS at a time; the first failure (in chain order) is thrown once all have ended. */
async function runChains(plans: readonly ChainPlan[], reference: Reference): Promise<Kill[]> {
  const outcomes: PromiseSettledResult<Kill[]>[] = [];
  let next = 0;
  const worker = async () => {
    for (let index = next++; index < plans.length; index = next++) {
      outcomes[index] = await runChain(workRoot, plans[index] as ChainPlan, reference, REPRODUCE).then(
        (kills): PromiseSettledResult<Kill[]> => ({ status: 'fulfilled', value: kills }),
        (reason: unknown): PromiseSettledResult<Kill[]> => ({ status: 'rejected', reason }),
      );
    }
  };
  await Promise.all(Array.from({ length: PARALLEL_CHAINS }, worker));
  const failure = outcomes.find((outcome) => outcome.status === 'rejected');
  if (failure !== undefined) {
    keepWorkRoot = true;
    throw failure.reason;
  }
  return outcomes.flatMap((outcome) => (outcome.status === 'fulfilled' ? outcome.value : []));
}

describe(`crash and resume under SIGKILL (${REPRODUCE})`, () => {
  let reference: Reference | undefined;

  it('records the uninterrupted reference run', async () => {
    const directory = newChainDirectory(workRoot, 'reference');
    const result = await runChild(['--mode', 'apply', '--dir', directory, '--concurrency', '8']);
    expect(result.code, result.stderr).toBe(0);
    const summary = JSON.parse(result.stdout.trim()) as { status: string; boundaries: number };
    expect(summary.status).toBe('completed');
    const world = finalWorld(directory);
    const effects = effectCounts(directory);
    // What the engine must do, independently of this run: one effect of each kind per in-scope instance.
    const arnOf = (id: string) => `arn:aws:ec2:eu-west-1:111122223333:instance/${id}`;
    const expected: [string, number][] = [['ModifyInstanceAttribute i-0a00', 1]];
    for (const id of IN_SCOPE_INSTANCES) {
      expected.push([`StartBackupJob ${arnOf(id)}`, 1], [`StopInstances ${id}`, 1], [`TerminateInstances ${id}`, 1]);
    }
    expect(effects).toEqual(Object.fromEntries(expected.sort(([left], [right]) => left.localeCompare(right))));
    const terminated = world.instances.filter((instance) => instance.state === 'terminated');
    expect(terminated.map((instance) => instance.id)).toEqual(IN_SCOPE_INSTANCES);
    expect(terminated.every((instance) => !instance.terminationProtection && !instance.stopProtection)).toBe(true);
    expect(world.instances.filter((instance) => instance.state !== 'terminated')).toEqual([
      { id: 'i-0b01', region: 'eu-west-1', state: 'running', terminationProtection: false, stopProtection: false },
      { id: 'i-0b02', region: 'eu-west-1', state: 'running', terminationProtection: true, stopProtection: false },
      { id: 'i-0b03', region: 'eu-west-1', state: 'running', terminationProtection: false, stopProtection: false },
      { id: 'i-0b04', region: 'us-east-1', state: 'running', terminationProtection: false, stopProtection: false },
    ]);
    expect(Object.keys(world.recoveryPointsByResource)).toEqual(IN_SCOPE_INSTANCES.map(arnOf));
    for (const points of Object.values(world.recoveryPointsByResource)) {
      expect(points).toMatchObject({ count: 1, statuses: ['COMPLETED'], vaults: ['decom-archive'] });
    }
    for (const jobs of Object.values(world.backupsByResource))
      expect(jobs).toMatchObject({ jobs: 1, states: ['COMPLETED'] });
    reference = { boundaries: summary.boundaries, world, effects };
  }, 60_000);

  it(`survives at least ${MINIMUM_KILLS} SIGKILLs at random action boundaries`, async () => {
    const known = reference;
    if (known === undefined) throw new Error('the reference run failed');
    const started = Date.now();
    const random = seededRandom(SEED);
    const kills: Kill[] = [];
    let chains = 0;
    // Top up with more chains (still from the seed) until enough kill points were taken.
    for (let round = 0; round < 4 && kills.length < MINIMUM_KILLS; round += 1) {
      const wanted = round === 0 ? PLANNED_KILLS : MINIMUM_KILLS - kills.length + 4;
      const plans = planChains(known.boundaries, wanted, chains, random);
      kills.push(...(await runChains(plans, known)));
      chains += plans.length;
    }
    const kinds = ['intent', 'effect', 'checkpoint', 'done'] as const;
    const byKind = Object.fromEntries(
      kinds.map((kind) => [kind, kills.filter((kill) => kill.note.kind === kind).length]),
    );
    const perChild = childStatistics.milliseconds / Math.max(1, childStatistics.runs) / 1000;
    console.info(
      `crash-resume (${REPRODUCE}): ${chains} chains, ${childStatistics.runs} children (${perChild.toFixed(2)} s each), ` +
        `${kills.length} SIGKILLs ${JSON.stringify(byKind)}, ${((Date.now() - started) / 1000).toFixed(1)} s`,
    );
    expect(kills.length, REPRODUCE).toBeGreaterThanOrEqual(MINIMUM_KILLS);
    for (const kind of ['intent', 'effect', 'done']) {
      expect(byKind[kind], `${REPRODUCE}: no kill at an ${kind} boundary`).toBeGreaterThan(0);
    }
    const firstKills = kills.filter((kill) => kill.link === 0).map((kill) => kill.note.boundary / known.boundaries);
    for (const [low, high] of [
      [0, 1 / 3],
      [1 / 3, 2 / 3],
      [2 / 3, 1],
    ] as const) {
      const inThird = firstKills.filter((fraction) => fraction > low && fraction <= high);
      expect(inThird.length, `${REPRODUCE}: kill points spread over early, middle and late boundaries`).toBeGreaterThan(
        3,
      );
    }
  }, 900_000); // child processes: minutes on a loaded two-core machine
});
