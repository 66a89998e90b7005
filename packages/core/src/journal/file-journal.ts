import { open as openFile, readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { err, ok, type Result, ResultAsync } from 'neverthrow';
import { type DecomError, decomError } from '../errors/decom-error.js';
import { makeDirectoryDurably, syncDirectory } from './durable-directory.js';
import { GroupCommitWriter, ioFailure, type WriterLease } from './group-commit-writer.js';
import { type ChainHead, EMPTY_CHAIN, type RecordSigner } from './hash-chain.js';
import type { Journal, JournalOpenOptions, JournalWriter } from './journal.js';
import type { JournalRecord } from './journal-entry.js';
import type { JournalSeal } from './journal-seal.js';
import { checkRunId } from './run-id.js';
import { acquireLease, DEFAULT_LEASE_TIMEOUT_MILLISECONDS, LeaseConflict, type LeaseOptions } from './run-lease.js';
import { readSealFile, writeSealFile } from './seal-file.js';
import { unusableJournal } from './unusable-journal.js';

const EXTENSION = '.jsonl';

/**
 * A durable journal: one append-only JSON-lines file per run in `directory`.
 * Each append is fsync'ed before it resolves, so the engine never starts a
 * side effect whose intent is not on disk; appends that arrive while a flush
 * is under way are written and fsync'ed together (group commit).
 *
 * A crash can leave a torn last line; reading ignores it (it was never
 * acknowledged, so its side effect never started) and resuming truncates it.
 * A write cut short (a full disk) is continued until every byte is down, or
 * the writer fails closed: that append and every later one err.
 *
 * One runner per run: a writer holds the run's lease, `<runId>.lease` beside
 * the journal (host, pid, start, heartbeat refreshed three times per
 * `leaseTimeoutMilliseconds`), released on close. Another writer of the same
 * run gets `Conflict` naming the holder, unless the heartbeat expired or it
 * opens with `takeOver`; a holder whose lease was taken refuses its next append.
 *
 * @example
 * ```ts
 * const engine = createEngine({ checklist, providers, journal: fileJournal('.decomkit') });
 * ```
 */
export function fileJournal(directory: string, options: FileJournalOptions = {}): Journal {
  if (typeof directory !== 'string' || directory === '') return unusableJournal(directory);
  const pathOf = (runId: string) => join(directory, `${runId}${EXTENSION}`);
  const timeoutMilliseconds = options.leaseTimeoutMilliseconds ?? DEFAULT_LEASE_TIMEOUT_MILLISECONDS;
  return {
    open(runId: string, head: ChainHead = EMPTY_CHAIN, openOptions: JournalOpenOptions = {}) {
      const checked = checkRunId(runId).andThen(() => checkTimeout(timeoutMilliseconds));
      if (checked.isErr()) return new ResultAsync(Promise.resolve(err<JournalWriter, DecomError>(checked.error)));
      const leaseOptions = { timeoutMilliseconds, takeOver: openOptions.takeOver === true };
      return ResultAsync.fromPromise(
        openLeased(directory, runId, pathOf(runId), head, leaseOptions, openOptions.signRecord),
        (cause) => openFailure(runId, pathOf(runId), cause),
      );
    },
    read(runId: string) {
      const checked = checkRunId(runId);
      if (checked.isErr())
        return new ResultAsync(Promise.resolve(err<readonly JournalRecord[], DecomError>(checked.error)));
      const path = pathOf(runId);
      return ResultAsync.fromPromise(readFile(path, 'utf8'), (cause) =>
        isMissing(cause)
          ? decomError.notFound({ message: `no journal for run "${runId}" at ${path}`, resource: runId, cause })
          : ioFailure(`cannot read journal ${path}`, cause),
      ).andThen((text) => parseLines(text, path).map((parsed) => parsed.records));
    },
    list() {
      return ResultAsync.fromPromise(readdir(directory), (cause) => cause)
        .map((names) =>
          names.filter((name) => name.endsWith(EXTENSION)).map((name) => name.slice(0, -EXTENSION.length)),
        )
        .orElse((cause) =>
          isMissing(cause)
            ? ok<string[], DecomError>([])
            : err(ioFailure(`cannot list journals in ${directory}`, cause)),
        );
    },
    writeSeal: (runId: string, seal: JournalSeal) => writeSealFile(directory, runId, seal),
    readSeal: (runId: string) => readSealFile(directory, runId),
  };
}

interface ParsedJournal {
  readonly records: JournalRecord[];
  /** Bytes of the complete lines (a torn tail excluded). */
  readonly completeBytes: number;
}

function parseLines(text: string, path: string): Result<ParsedJournal, DecomError> {
  const records: JournalRecord[] = [];
  let offset = 0;
  let completeBytes = 0;
  let lineNumber = 0;
  while (offset < text.length) {
    const newline = text.indexOf('\n', offset);
    lineNumber += 1;
    if (newline < 0) break; // torn tail: never acknowledged, ignored
    const line = text.slice(offset, newline);
    try {
      records.push(JSON.parse(line) as JournalRecord);
    } catch (cause) {
      return err(
        decomError.journalCorrupt({ message: `${path} line ${lineNumber} is not valid JSON`, line: lineNumber, cause }),
      );
    }
    completeBytes += Buffer.byteLength(line, 'utf8') + 1;
    offset = newline + 1;
  }
  return ok({ records, completeBytes });
}

/** Takes the run's lease, then opens its journal; the lease is released if opening fails. */
async function openLeased(
  directory: string,
  runId: string,
  path: string,
  head: ChainHead,
  options: LeaseOptions,
  signRecord: RecordSigner | undefined,
): Promise<JournalWriter> {
  await makeDirectoryDurably(directory);
  const lease = await acquireLease(directory, runId, options);
  const writerLease: WriterLease = {
    lost: () => lease.lost(runId),
    release: () => lease.release(),
    takeover: lease.takeover,
  };
  try {
    return await openWriter(directory, path, head, writerLease, signRecord);
  } catch (cause) {
    await lease.release().catch(() => undefined);
    throw cause;
  }
}

async function openWriter(
  directory: string,
  path: string,
  head: ChainHead,
  lease: WriterLease,
  signRecord: RecordSigner | undefined,
): Promise<JournalWriter> {
  if (head.seq === 0) {
    try {
      const handle = await openFile(path, 'wx');
      await syncDirectory(directory);
      return new GroupCommitWriter(handle, head, path, lease, signRecord);
    } catch (cause) {
      if (!isExisting(cause)) throw cause;
      // The file exists: reusable only if a crash left it without one complete record.
    }
  }
  const parsed = parseLines(await readFile(path, 'utf8'), path);
  if (parsed.isErr()) throw new Error(parsed.error.message);
  const { records, completeBytes } = parsed.value;
  if (head.seq === 0 && records.length > 0) {
    throw Object.assign(new Error(`${path} already holds ${records.length} records`), { code: 'EEXIST' });
  }
  if (records.length !== head.seq) {
    throw advanced(`it has ${records.length} records, the resumed run expects ${head.seq}`);
  }
  if (head.seq > 0 && records[head.seq - 1]?.hash !== head.hash) {
    throw advanced(`its record ${head.seq} does not have the hash the resumed run expects`);
  }
  let handle = await openFile(path, 'r+');
  await handle.truncate(completeBytes);
  await handle.close();
  // A crash right after the file was created may have left its directory entry unsynced.
  await syncDirectory(directory);
  handle = await openFile(path, 'a');
  return new GroupCommitWriter(handle, head, path, lease, signRecord);
}

function openFailure(runId: string, path: string, cause: unknown): DecomError {
  if (cause instanceof LeaseConflict) return cause.error;
  if (isExisting(cause)) {
    return decomError.conflict({
      message: `journal ${path} already exists: run "${runId}" was started before`,
      resource: runId,
      cause,
    });
  }
  if (isAdvanced(cause)) {
    return decomError.conflict({
      message: `journal ${path} changed since it was read (${(cause as Error).message}): another runner continued run "${runId}"; resume again`,
      resource: runId,
      cause,
    });
  }
  return ioFailure(`cannot open journal ${path}`, cause);
}

/** Options of {@link fileJournal}. */
export interface FileJournalOptions {
  /**
   * How long a run's lease lives without a heartbeat before another runner may
   * take it over (default 30 s). The holder refreshes it three times within it.
   */
  readonly leaseTimeoutMilliseconds?: number;
}

function checkTimeout(milliseconds: number): Result<number, DecomError> {
  return Number.isSafeInteger(milliseconds) && milliseconds >= 10
    ? ok(milliseconds)
    : err(
        decomError.invalidInput(`invalid leaseTimeoutMilliseconds ${String(milliseconds)}`, [
          { path: 'leaseTimeoutMilliseconds', message: 'must be an integer of at least 10' },
        ]),
      );
}

/** The journal on disk is not where the resuming runner read it: someone else appended. */
function advanced(message: string): Error {
  return Object.assign(new Error(message), { code: 'EADVANCED' });
}

function isAdvanced(cause: unknown): boolean {
  return (cause as { code?: unknown } | null)?.code === 'EADVANCED';
}

function isExisting(cause: unknown): boolean {
  return (cause as { code?: unknown } | null)?.code === 'EEXIST';
}

function isMissing(cause: unknown): boolean {
  return (cause as { code?: unknown } | null)?.code === 'ENOENT';
}
