/**
 * One runner per run (issue 9, item 2), across processes: two child processes
 * resume the same run at the same instant. Before the lease both executed
 * every action and forked the journal; now exactly one proceeds, the other
 * gets `Conflict` naming the holder, the journal verifies and every effect
 * happens once. A killed holder's lease is taken over after its heartbeat
 * expires, or at once with `takeOver`, and the takeover is journaled.
 */
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type JournalRecord, verifyJournal } from '@decomkit/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ChildResult, newChainDirectory, readLines, runChild } from './support/crash-chain.js';
import { CRASH_RUN_ID, chainPaths, countEffects, type EffectLine } from './support/crash-world.js';

/** Rounds of the race; each spawns two children (raise it with DECOMKIT_LEASE_ROUNDS). */
const ROUNDS = Number(process.env.DECOMKIT_LEASE_ROUNDS ?? 10);
const workRoot = mkdtempSync(join(tmpdir(), 'decomkit-lease-'));
afterAll(() => rmSync(workRoot, { recursive: true, force: true }));

const journalOf = (directory: string) =>
  readLines<JournalRecord>(join(chainPaths(directory).journal, `${CRASH_RUN_ID}.jsonl`));
const leaseFileOf = (directory: string) => join(chainPaths(directory).journal, `${CRASH_RUN_ID}.lease`);
const effectsOf = (directory: string) => readLines<EffectLine>(chainPaths(directory).effects);

/** Starts a resume child that waits for `go` before acting; resolves `ready` once it is waiting. */
function waitingResume(directory: string, go: string) {
  let ready: () => void = () => undefined;
  const isReady = new Promise<void>((resolve) => {
    ready = resolve;
  });
  const done = runChild(['--mode', 'resume', '--dir', directory, '--concurrency', '3', '--go', go], (stdout) => {
    if (stdout.includes('ready\n')) ready();
  });
  return { ready: Promise.race([isReady, done.then(() => undefined)]), done };
}

describe('one runner per run, across processes', () => {
  /** A run that applied without approvals: it waits with its deletions ahead. */
  let waitingRun = '';
  /** Effects of one resume of that run, alone. */
  let alone: Record<string, number> = {};

  beforeAll(async () => {
    waitingRun = newChainDirectory(workRoot, 'waiting-run');
    const applied = await runChild(['--mode', 'apply', '--dir', waitingRun, '--concurrency', '3', '--no-approve']);
    expect(applied.code, applied.stderr).toBe(0);
    expect(JSON.parse(applied.stdout.trim()).status).toBe('waiting');
    const reference = join(workRoot, 'alone');
    cpSync(waitingRun, reference, { recursive: true });
    const resumed = await runChild(['--mode', 'resume', '--dir', reference, '--concurrency', '3']);
    expect(resumed.code, resumed.stderr).toBe(0);
    alone = countEffects(effectsOf(reference).slice(effectsOf(waitingRun).length));
    expect(alone['TerminateInstances i-0a00']).toBe(1);
  }, 120_000);

  it(`lets exactly one of two racing resumes proceed, ${ROUNDS} rounds`, async () => {
    const before = effectsOf(waitingRun).length;
    let raced = 0;
    for (let round = 0; round < ROUNDS; round += 1) {
      const directory = join(workRoot, `race-${round}`);
      cpSync(waitingRun, directory, { recursive: true });
      const go = join(directory, 'go');
      const children = [waitingResume(directory, go), waitingResume(directory, go)];
      await Promise.all(children.map((child) => child.ready));
      writeFileSync(go, '');
      const results: ChildResult[] = await Promise.all(children.map((child) => child.done));
      const where = `round ${round} (${directory})`;
      const winners = results.filter((result) => result.code === 0);
      const losers = results.filter((result) => result.code !== 0);
      const outcomes = winners.map((result) => JSON.parse(result.stdout.trim().split('\n').at(-1) ?? '{}'));
      if (winners.length === 2) {
        // No race after all: on a starved machine one child reached the lease only after the other had run
        // the whole resume and let it go. Then it found the run completed and did nothing (boundaries 0).
        expect(
          outcomes.map((outcome) => outcome.status),
          where,
        ).toEqual(['completed', 'completed']);
        expect(Math.min(...outcomes.map((outcome) => outcome.boundaries)), where).toBe(0);
      } else {
        raced += 1;
        expect(winners, `${where}: ${results.map((result) => result.stderr).join(' | ')}`).toHaveLength(1);
        expect(outcomes[0]?.status).toBe('completed');
      }
      const effects = effectsOf(directory).slice(before);
      const winnerPid = effects[0]?.pid;
      expect(new Set(effects.map((effect) => effect.pid)), `${where}: effects of one process only`).toEqual(
        new Set([winnerPid]),
      );
      if (losers.length > 0) {
        expect(losers[0]?.stderr, where).toMatch(/^Conflict: run "payments-crash-run" is being run by host /);
        expect(losers[0]?.stderr, where).toContain(`pid ${winnerPid}, since `);
      }
      expect(countEffects(effects), `${where}: every effect once`).toEqual(alone);
      expect(verifyJournal(journalOf(directory)).isOk(), `${where}: the journal verifies`).toBe(true);
      expect(existsSync(leaseFileOf(directory)), `${where}: the lease is released`).toBe(false);
    }
    // Most rounds are real races (the two children wait on one file to start together).
    expect(raced).toBeGreaterThanOrEqual(Math.ceil(ROUNDS / 2));
  }, 600_000);

  it('refuses to resume a killed run while its lease is fresh, takes it over when told, then releases it', async () => {
    const directory = newChainDirectory(workRoot, 'killed-forced');
    const killed = await runChild(['--mode', 'apply', '--dir', directory, '--kill', '5', '--lease-timeout', '60000']);
    expect(killed.signal).toBe('SIGKILL');
    const holder = JSON.parse(readFileSync(leaseFileOf(directory), 'utf8')) as { pid: number; since: string };
    const refused = await runChild(['--mode', 'resume', '--dir', directory, '--lease-timeout', '60000']);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain(`Conflict: run "payments-crash-run" is being run by host `);
    expect(refused.stderr).toContain(`pid ${holder.pid}, since ${holder.since}`);
    const forced = await runChild(['--mode', 'resume', '--dir', directory, '--take-over']);
    expect(forced.code, forced.stderr).toBe(0);
    const records = journalOf(directory);
    expect(verifyJournal(records).isOk()).toBe(true);
    const takeovers = records.map((record) => record.entry).filter((entry) => entry.type === 'run.leaseTakenOver');
    expect(takeovers).toEqual([
      { type: 'run.leaseTakenOver', reason: 'forced', previous: expect.objectContaining({ pid: holder.pid }) },
    ]);
    // Released on close: a later resume of the finished run is admitted (and does nothing).
    expect(existsSync(leaseFileOf(directory))).toBe(false);
    const again = await runChild(['--mode', 'resume', '--dir', directory]);
    expect(again.code, again.stderr).toBe(0);
    expect(
      journalOf(directory).some((record) => record.seq > records.length && record.entry.type === 'run.leaseTakenOver'),
    ).toBe(false);
  }, 120_000);

  it('takes over the lease of a killed run once its heartbeat has expired, and journals it', async () => {
    const directory = newChainDirectory(workRoot, 'killed-expired');
    const killed = await runChild(['--mode', 'apply', '--dir', directory, '--kill', '9', '--lease-timeout', '200']);
    expect(killed.signal).toBe('SIGKILL');
    const holder = JSON.parse(readFileSync(leaseFileOf(directory), 'utf8')) as { pid: number; heartbeat: string };
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, Date.parse(holder.heartbeat) + 300 - Date.now())));
    const resumed = await runChild(['--mode', 'resume', '--dir', directory, '--lease-timeout', '200']);
    expect(resumed.code, resumed.stderr).toBe(0);
    const records = journalOf(directory);
    expect(verifyJournal(records).isOk()).toBe(true);
    expect(records.map((record) => record.entry).filter((entry) => entry.type === 'run.leaseTakenOver')).toEqual([
      { type: 'run.leaseTakenOver', reason: 'expired', previous: expect.objectContaining({ pid: holder.pid }) },
    ]);
  }, 120_000);
});
