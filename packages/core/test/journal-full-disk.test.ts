/**
 * A full disk (issue 9, item 3), on a real tmpfs of 128 KiB: the disk fills
 * while a run is under way, a journal write is cut short in the middle of an
 * action's intent, and the engine must not make that action's effect. Before
 * the fix the short write was acknowledged and the instance was acted on with
 * only half of its intent on disk.
 *
 * tmpfs hands out whole pages, so a write is cut short exactly when it crosses
 * the last page of the journal file. A dry run on an ordinary directory (the
 * run is deterministic: fake cloud, seeded random, concurrency 1) finds an
 * event after which the next write to cross a page is an intent; the real run
 * fills the disk at that event.
 */
import { execFileSync } from 'node:child_process';
import { closeSync, mkdirSync, mkdtempSync, openSync, readFileSync, rmSync, statSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createEngine, type EngineEvent, fileJournal, type JournalRecord } from '@decomkit/core';
import { createFakeCloud, seededRandom } from '@decomkit/fake';
import { afterAll, describe, expect, it } from 'vitest';
import { retireInstancesChecklist } from '../../../examples/retire-instances-steps.js';
import { crashWorkload, crashWorldSeed, KIND_OF_OPERATION } from './support/crash-world.js';

const PAGE = 4096;
const scratch = mkdtempSync(join(tmpdir(), 'decomkit-full-disk-'));
const mountPoint = join(scratch, 'tmpfs');
mkdirSync(mountPoint);
/** Why the tmpfs could not be mounted (not root, no CAP_SYS_ADMIN, a container that forbids it), or null. */
const mountRefusal = ((): string | null => {
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=128k', 'tmpfs', mountPoint], { stdio: 'pipe' });
    return null;
  } catch (cause) {
    return `mounting a tmpfs is not allowed here (${String((cause as { stderr?: unknown }).stderr ?? cause).trim()})`;
  }
})();
afterAll(() => {
  if (mountRefusal === null) execFileSync('umount', [mountPoint]);
  rmSync(scratch, { recursive: true, force: true });
});

/** The complete records of a journal file and where each line starts and ends (a torn tail left out). */
function linesOf(text: string): { record: JournalRecord; start: number; end: number }[] {
  const lines: { record: JournalRecord; start: number; end: number }[] = [];
  let start = 0;
  for (let newline = text.indexOf('\n'); newline >= 0; newline = text.indexOf('\n', start)) {
    const end = start + Buffer.byteLength(text.slice(start, newline + 1));
    lines.push({ record: JSON.parse(text.slice(start, newline)) as JournalRecord, start, end });
    start = newline + 1;
  }
  return lines;
}

/** Takes every free page of the file system that holds `directory`. */
function fillDisk(directory: string): void {
  const filler = openSync(join(directory, 'filler'), 'a');
  const chunk = Buffer.alloc(PAGE, 120);
  for (let size = PAGE; size >= 1; ) {
    try {
      writeSync(filler, chunk, 0, size);
    } catch {
      size = Math.floor(size / 2);
    }
  }
  closeSync(filler);
}

/** Retires the crash world's instances with a file journal in `directory`, filling the disk at event `fillAt`. */
async function retire(directory: string, runId: string, fillAt: number | null) {
  const cloud = createFakeCloud(crashWorldSeed());
  const journalDirectory = join(directory, 'journal');
  const journalFile = join(journalDirectory, `${runId}.jsonl`);
  const sizes: number[] = [];
  const violations: string[] = [];
  cloud.calls.onCall((call) => {
    if (!call.mutating) return;
    const kind = KIND_OF_OPERATION[call.operation] ?? '?';
    const intents = linesOf(readFileSync(journalFile, 'utf8')).flatMap(({ record }) =>
      record.entry.type === 'action.intent' ? [record.entry.key] : [],
    );
    for (const target of (call.target ?? '').split(',')) {
      const announced = intents.some(
        (key) => key.includes(`:${kind}:`) && (key.endsWith(`/${target}`) || key.endsWith(`:${target}`)),
      );
      if (!announced) violations.push(`${call.operation} ${target} was made without its intent complete on disk`);
    }
  });
  const onEvent = (event: EngineEvent) => {
    if (!event.type.startsWith('action.')) return;
    sizes.push(statSync(journalFile).size);
    if (sizes.length === fillAt) fillDisk(directory);
  };
  const engine = createEngine({
    checklist: retireInstancesChecklist(crashWorkload()),
    providers: cloud.providers,
    journal: fileJournal(journalDirectory),
    concurrency: 1,
    random: seededRandom(20261220),
    onEvent,
  })._unsafeUnwrap();
  const result = await engine.plan().andThen((plan) => engine.apply(plan, { runId, approve: () => true }));
  return { result, sizes, violations, text: readFileSync(journalFile, 'utf8') };
}

/** The first event after which the next write to cross a page boundary is an action's intent; null if none. */
function fillPointOf(sizes: readonly number[], text: string): { event: number; intentAt: number } | null {
  const lines = linesOf(text);
  for (const [index, size] of sizes.entries()) {
    if (size % PAGE === 0) continue;
    const boundary = size - (size % PAGE) + PAGE;
    const crossing = lines.find((line) => line.start >= size && line.start < boundary && line.end > boundary);
    if (crossing?.record.entry.type === 'action.intent') return { event: index + 1, intentAt: crossing.start };
  }
  return null;
}

describe('fileJournal on a full disk', () => {
  it.skipIf(mountRefusal !== null)(
    `refuses to act on an intent whose write was cut short${mountRefusal === null ? '' : ` (skipped: ${mountRefusal})`}`,
    async () => {
      // Dry runs: the run id's length shifts every later line, so one of them puts an intent across a page.
      let chosen: { runId: string; event: number; intentAt: number; sizes: readonly number[] } | null = null;
      for (let padding = 0; padding < 64 && chosen === null; padding += 1) {
        const runId = `full-disk${'-'.repeat(padding)}`;
        const directory = join(scratch, `dry-${padding}`);
        const dry = await retire(directory, runId, null);
        expect(dry.result._unsafeUnwrap().status).toBe('completed');
        const point = fillPointOf(dry.sizes, dry.text);
        if (point !== null) chosen = { runId, ...point, sizes: dry.sizes };
      }
      if (chosen === null) throw new Error('no run id puts an intent across a page boundary');

      const real = await retire(mountPoint, chosen.runId, chosen.event);
      expect(real.sizes.slice(0, chosen.event), 'the real run is the dry run until the disk fills').toEqual(
        chosen.sizes.slice(0, chosen.event),
      );
      // The journal ends in the torn beginning of the intent the dry run predicted (a short write happened).
      const tornAt = linesOf(real.text).at(-1)?.end ?? 0;
      expect(tornAt).toBe(chosen.intentAt);
      expect(Buffer.byteLength(real.text)).toBeGreaterThan(tornAt);
      // The append failed with a typed error, and no effect was made without its intent on disk.
      const error = real.result._unsafeUnwrapErr();
      expect(error).toMatchObject({ code: 'ProviderFailure', retryable: false });
      expect(error.message).toContain('cannot write journal');
      expect(real.violations).toEqual([]);
    },
  );
});
