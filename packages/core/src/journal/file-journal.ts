import { type FileHandle, mkdir, open as openFile, readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { err, ok, type Result, ResultAsync } from 'neverthrow';
import { type DecomError, decomError } from '../errors/decom-error.js';
import { type ChainHead, chainRecord, EMPTY_CHAIN } from './hash-chain.js';
import type { Journal, JournalWriter } from './journal.js';
import type { JournalEntry, JournalRecord } from './journal-entry.js';
import { checkRunId } from './run-id.js';
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
 *
 * @example
 * ```ts
 * const engine = createEngine({ checklist, providers, journal: fileJournal('.decomkit') });
 * ```
 */
export function fileJournal(directory: string): Journal {
  if (typeof directory !== 'string' || directory === '') return unusableJournal(directory);
  const pathOf = (runId: string) => join(directory, `${runId}${EXTENSION}`);
  return {
    open(runId: string, head: ChainHead = EMPTY_CHAIN) {
      const checked = checkRunId(runId);
      if (checked.isErr()) return new ResultAsync(Promise.resolve(err<JournalWriter, DecomError>(checked.error)));
      return ResultAsync.fromPromise(openWriter(directory, pathOf(runId), head), (cause) =>
        isExisting(cause)
          ? decomError.conflict({
              message: `journal ${pathOf(runId)} already exists: run "${runId}" was started before`,
              resource: runId,
              cause,
            })
          : ioFailure(`cannot open journal ${pathOf(runId)}`, cause),
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

async function openWriter(directory: string, path: string, head: ChainHead): Promise<JournalWriter> {
  await mkdir(directory, { recursive: true });
  if (head.seq === 0) {
    try {
      const handle = await openFile(path, 'wx');
      await syncDirectory(directory);
      return new GroupCommitWriter(handle, head, path);
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
    throw new Error(`it has ${records.length} records, the resumed run expects ${head.seq}`);
  }
  if (head.seq > 0 && records[head.seq - 1]?.hash !== head.hash) {
    throw new Error(`its record ${head.seq} does not have the hash the resumed run expects`);
  }
  let handle = await openFile(path, 'r+');
  await handle.truncate(completeBytes);
  await handle.close();
  handle = await openFile(path, 'a');
  return new GroupCommitWriter(handle, head, path);
}

async function syncDirectory(directory: string): Promise<void> {
  const handle = await openFile(directory, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

interface Pending {
  readonly line: string;
  readonly settle: (result: Result<void, DecomError>) => void;
}

class GroupCommitWriter implements JournalWriter {
  private queue: Pending[] = [];
  private flushing: Promise<void> | null = null;
  private broken: DecomError | null = null;

  constructor(
    private readonly handle: FileHandle,
    private head: ChainHead,
    private readonly path: string,
  ) {}

  append(entry: JournalEntry, at: Date): ResultAsync<JournalRecord, DecomError> {
    if (this.broken !== null) return new ResultAsync(Promise.resolve(err(this.broken)));
    const { record, line } = chainRecord(this.head, at.toISOString(), entry);
    this.head = record;
    const written = new Promise<Result<void, DecomError>>((settle) => {
      this.queue.push({ line: `${line}\n`, settle });
    });
    this.flushing ??= this.flush();
    return new ResultAsync(written).map(() => record);
  }

  close(): ResultAsync<void, DecomError> {
    const closing = async () => {
      while (this.flushing !== null) await this.flushing;
      await this.handle.close();
    };
    return ResultAsync.fromPromise(closing(), (cause) => ioFailure(`cannot close journal ${this.path}`, cause));
  }

  private async flush(): Promise<void> {
    while (this.queue.length > 0) {
      const batch = this.queue;
      this.queue = [];
      try {
        await this.handle.write(batch.map((pending) => pending.line).join(''));
        await this.handle.datasync();
        for (const pending of batch) pending.settle(ok(undefined));
      } catch (cause) {
        // What follows in the chain can no longer be trusted: refuse every later append.
        this.broken = ioFailure(`cannot write journal ${this.path}`, cause);
        for (const pending of [...batch, ...this.queue]) pending.settle(err(this.broken));
        this.queue = [];
      }
    }
    this.flushing = null;
  }
}

function isExisting(cause: unknown): boolean {
  return (cause as { code?: unknown } | null)?.code === 'EEXIST';
}

function isMissing(cause: unknown): boolean {
  return (cause as { code?: unknown } | null)?.code === 'ENOENT';
}

function ioFailure(message: string, cause: unknown): DecomError {
  const detail = cause instanceof Error ? `: ${cause.message}` : '';
  return decomError.providerFailure({ message: `${message}${detail}`, retryable: false, cause });
}
