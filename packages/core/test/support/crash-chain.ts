/**
 * Chains of crash-child processes: apply killed at a boundary, resume killed
 * again, …, until a child ends normally; then the checks of the final state
 * against the uninterrupted reference run.
 */
import { spawn } from 'node:child_process';
import { appendFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type JournalRecord, verifyJournal } from '@decomkit/core';
import { createFakeCloud, type WorldState } from '@decomkit/fake';
import { build } from 'esbuild';
import { expect } from 'vitest';
import {
  CRASH_RUN_ID,
  chainPaths,
  countEffects,
  crashWorldSeed,
  type EffectLine,
  KIND_OF_OPERATION,
  type KillNote,
  type NormalisedWorld,
  normaliseWorld,
} from './crash-world.js';

/** Children per chain at most (so at most MAX_LINKS - 1 kills). */
export const MAX_LINKS = 6;

const repositoryRoot = fileURLToPath(new URL('../../../../', import.meta.url));
const childScript = fileURLToPath(new URL('./crash-child.ts', import.meta.url));

/** How one child ended. */
export interface ChildResult {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Children run so far and their total wall time. */
export const childStatistics = { runs: 0, milliseconds: 0 };

let bundled: Promise<string> | undefined;

/**
 * The child script and the workspace sources it imports, bundled once per
 * test file with esbuild (the `source` condition, as tsx resolves them): a
 * child then starts as plain Node instead of transpiling the workspace under
 * tsx at every start, which took most of each child's time on a loaded machine.
 */
function childBundle(): Promise<string> {
  bundled ??= (async () => {
    const outfile = join(mkdtempSync(join(tmpdir(), 'decomkit-crash-child-')), 'crash-child.mjs');
    await build({
      entryPoints: [childScript],
      outfile,
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: 'node20',
      conditions: ['source'],
      // Some dependencies are CommonJS: give the ESM bundle a require of its own.
      banner: { js: "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);" },
      logLevel: 'silent',
    });
    return outfile;
  })();
  return bundled;
}

/** Runs the child script (bundled, see {@link childBundle}) in a process of its own. */
export async function runChild(args: readonly string[], onStdout?: (text: string) => void): Promise<ChildResult> {
  const script = await childBundle();
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [script, ...args], {
      cwd: repositoryRoot,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      onStdout?.(stdout);
    });
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    child.on('error', reject);
    child.on('close', (code, signal) => {
      childStatistics.runs += 1;
      childStatistics.milliseconds += Date.now() - started;
      resolve({ code, signal, stdout, stderr });
    });
  });
}

/** A fresh chain directory under `root` holding the seeded world. */
export function newChainDirectory(root: string, name: string): string {
  const directory = join(root, name);
  mkdirSync(directory);
  writeFileSync(chainPaths(directory).world, JSON.stringify(createFakeCloud(crashWorldSeed()).snapshot()));
  return directory;
}

/** The complete lines of a JSON-lines file (a torn tail was never acknowledged); none when it does not exist. */
export function readLines<T>(path: string): T[] {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    return [];
  }
  return text
    .split('\n')
    .slice(0, -1)
    .map((line) => JSON.parse(line) as T);
}

const journalPath = (directory: string) => join(chainPaths(directory).journal, `${CRASH_RUN_ID}.jsonl`);

/** The chain's world file, normalised. */
export const finalWorld = (directory: string) =>
  normaliseWorld(JSON.parse(readFileSync(chainPaths(directory).world, 'utf8')) as WorldState);

/** The chain's effects, counted per operation and target. */
export const effectCounts = (directory: string) => countEffects(readLines<EffectLine>(chainPaths(directory).effects));

/** What an uninterrupted run leaves behind. */
export interface Reference {
  /** Boundaries the uninterrupted child counted. */
  readonly boundaries: number;
  readonly world: NormalisedWorld;
  readonly effects: Record<string, number>;
}

/** One chain's schedule, drawn from the seeded generator before anything runs. */
export interface ChainPlan {
  readonly index: number;
  readonly concurrency: number;
  /** The kill point of the apply child. */
  readonly firstKill: number;
  /** Kill points of the resume children, as fractions of the boundaries the reference run had left. */
  readonly laterFractions: readonly number[];
  /** Per kill: leave a torn half-line at the end of the journal, as a crash in the middle of a write would. */
  readonly tearJournal: readonly boolean[];
}

/** Chains whose kill points add up to `wanted`, numbered from `firstIndex`, drawn from `random`. */
export function planChains(boundaries: number, wanted: number, firstIndex: number, random: () => number): ChainPlan[] {
  const drafts: Omit<ChainPlan, 'index' | 'firstKill'>[] = [];
  let planned = 0;
  while (planned < wanted) {
    // 2 to 5 kills, then the child that completes.
    const kills = Math.max(1, Math.min(wanted - planned, 2 + Math.floor(random() * 4), MAX_LINKS - 1));
    const concurrency = [1, 3, 8][Math.floor(random() * 3)] ?? 8;
    // Later kills lean early in the resume, where interrupted actions are reconciled.
    const laterFractions = Array.from({ length: kills - 1 }, () => random() ** 2 * 0.9);
    const tearJournal = Array.from({ length: kills }, () => random() < 0.25);
    drafts.push({ concurrency, laterFractions, tearJournal });
    planned += kills;
  }
  // First kill points are stratified over the whole run: early, middle and late boundaries alike.
  return drafts.map((draft, index) => ({
    index: firstIndex + index,
    ...draft,
    firstKill: Math.min(boundaries, 1 + Math.floor(((index + random()) * boundaries) / drafts.length)),
  }));
}

/** A kill that happened, and what was durable at that moment. */
export interface Kill {
  readonly chain: number;
  readonly link: number;
  readonly note: KillNote;
  readonly journalRecords: number;
  readonly journalHead: string;
  readonly effects: number;
}

/** Runs one chain to completion and checks its final state; returns its kills. */
export async function runChain(
  root: string,
  plan: ChainPlan,
  reference: Reference,
  reproduce: string,
): Promise<Kill[]> {
  const directory = newChainDirectory(root, `chain-${plan.index}`);
  const kills: Kill[] = [];
  const context = () =>
    `chain ${plan.index} (concurrency ${plan.concurrency}; kills ${kills.map((kill) => `#${kill.note.boundary} ${kill.note.kind} ${kill.note.what}`).join(', ') || 'none'}; ${reproduce}; files in ${directory})`;
  let killedBoundaries = 0;
  for (let link = 0; ; link += 1) {
    expect(link, `${context()}: the chain did not end within ${MAX_LINKS} children`).toBeLessThan(MAX_LINKS);
    const fraction = plan.laterFractions[link - 1];
    const left = Math.max(1, reference.boundaries - killedBoundaries);
    // 0: no kill point, the child runs to its end.
    const killAt = link === 0 ? plan.firstKill : fraction === undefined ? 0 : 1 + Math.floor(fraction * left);
    const mode = link === 0 ? 'apply' : 'resume';
    const result = await runChild([
      '--mode',
      mode,
      '--dir',
      directory,
      '--kill',
      `${killAt}`,
      '--concurrency',
      `${plan.concurrency}`,
      // The child before was killed and left its lease: taking it over is what an operator would do.
      ...(mode === 'resume' ? ['--take-over'] : []),
    ]);
    const where = () => `${context()}, child ${link} (${mode}, kill at ${killAt})`;
    if (result.signal === null && result.code === 0) {
      const summary = JSON.parse(result.stdout.trim().split('\n').at(-1) ?? '{}') as {
        status?: string;
        boundaries?: number;
      };
      expect(summary.status, `${where()}: ${result.stdout}`).toBe('completed');
      if (killAt > 0)
        expect(summary.boundaries ?? 0, `${where()}: a reachable kill point was not taken`).toBeLessThan(killAt);
      break;
    }
    expect(result.signal, `${where()}: ended with code ${result.code}: ${result.stderr}`).toBe('SIGKILL');
    const paths = chainPaths(directory);
    const note = JSON.parse(readFileSync(paths.killNote, 'utf8')) as KillNote;
    rmSync(paths.killNote);
    expect(note.boundary, `${where()}: killed elsewhere than scheduled`).toBe(killAt);
    const records = readLines<JournalRecord>(journalPath(directory));
    const journalHead = records.at(-1)?.hash ?? '';
    kills.push({
      chain: plan.index,
      link,
      note,
      journalRecords: records.length,
      journalHead,
      effects: readLines(paths.effects).length,
    });
    killedBoundaries += killAt;
    if (plan.tearJournal[link] === true) {
      // A write cut short: half of a next record, never acknowledged, so nothing it announced was done.
      appendFileSync(
        journalPath(directory),
        `{"seq":${records.length + 1},"at":"2026-12-20T00:00:00.000Z","entry":{"type":"action.int`,
      );
    }
  }
  checkFinalState(directory, kills, reference, context());
  return kills;
}

/** The checks of a chain's end state. */
function checkFinalState(directory: string, kills: readonly Kill[], reference: Reference, context: string): void {
  const records = readLines<JournalRecord>(journalPath(directory));
  const effects = readLines<EffectLine>(chainPaths(directory).effects);
  expect(verifyJournal(records).isOk(), `${context}: the journal does not verify`).toBe(true);
  const first = records[0]?.entry;
  if (first?.type !== 'run.started') throw new Error(`${context}: the journal does not begin with run.started`);
  const planned = first.plan.steps.flatMap((step) => step.actions);
  for (const kill of kills) {
    const at = `${context}, after the kill at boundary ${kill.note.boundary} (${kill.note.kind} ${kill.note.what})`;
    // Resuming appends; it never rewrites what was durable when the child died.
    expect(records[kill.journalRecords - 1]?.hash ?? '', `${at}: the journal prefix changed`).toBe(kill.journalHead);
    const before = records.slice(0, kill.journalRecords);
    const after = records.slice(kill.journalRecords);
    const effectsBefore = effects.slice(0, kill.effects);
    for (const action of planned) {
      const last = before.findLast((record) => 'key' in record.entry && record.entry.key === action.key)?.entry.type;
      if (last !== 'action.intent' && last !== 'action.checkpoint') continue; // not interrupted
      const effectMade = effectsBefore.some(
        (effect) =>
          KIND_OF_OPERATION[effect.operation] === action.kind &&
          effect.target !== null &&
          effect.target
            .split(',')
            .some((target) => target === action.target.arn || action.target.arn?.endsWith(`/${target}`) === true),
      );
      const retried = after.some((record) => record.entry.type === 'action.intent' && record.entry.key === action.key);
      // Intent without done: the handler reconciles first; only an effect that never happened is executed again.
      expect(
        retried,
        `${at}: ${action.key} retried? (its effect was ${effectMade ? '' : 'not '}made before the kill)`,
      ).toBe(!effectMade);
      const settled = after.find(
        (record) => record.entry.type === 'action.done' && record.entry.key === action.key,
      )?.entry;
      if (effectMade && last === 'action.intent' && action.kind !== 'backup.create') {
        expect(settled, `${at}: ${action.key} is settled through reconcile`).toMatchObject({ reconciled: true });
      }
    }
  }
  const doneKeys = records.flatMap((record) => (record.entry.type === 'action.done' ? [record.entry.key] : []));
  expect(doneKeys.sort(), `${context}: every planned action is done exactly once`).toEqual(
    planned.map((action) => action.key).sort(),
  );
  const failed = records.filter((record) => record.entry.type === 'action.failed').map((record) => record.entry);
  expect(failed, `${context}: failed actions`).toEqual([]);
  expect(records.at(-1)?.entry, `${context}: the run did not complete`).toEqual({
    type: 'run.ended',
    status: 'completed',
  });
  expect(countEffects(effects), `${context}: an effect was lost or made twice`).toEqual(reference.effects);
  expect(finalWorld(directory), `${context}: the final world differs from the uninterrupted run's`).toEqual(
    reference.world,
  );
}
