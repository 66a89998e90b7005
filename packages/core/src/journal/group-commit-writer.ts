import { err, ok, type Result, ResultAsync } from 'neverthrow';
import { type DecomError, decomError } from '../errors/decom-error.js';
import { type ChainHead, chainRecord, type RecordSigner } from './hash-chain.js';
import type { JournalWriter } from './journal.js';
import type { JournalEntry, JournalRecord, LeaseTakeover } from './journal-entry.js';

/** The part of a `FileHandle` the writer uses; tests inject one that misbehaves. */
export interface JournalFileHandle {
  write(
    buffer: Buffer,
    offset: number,
    length: number,
    position: number | null,
  ): Promise<{ readonly bytesWritten: number }>;
  datasync(): Promise<void>;
  close(): Promise<void>;
}

/** What ties a writer to its run's lease. */
export interface WriterLease {
  /** Checked before each write: null while the run is still this writer's, else the error to fail with. */
  lost(): Promise<DecomError | null>;
  /** Called once the file is closed. */
  release(): Promise<void>;
  readonly takeover: LeaseTakeover | null;
}

interface Pending {
  readonly line: string;
  readonly settle: (result: Result<void, DecomError>) => void;
}

/**
 * Appends a run's records to its open journal file. Appends that arrive while
 * a flush is under way are written and fsync'ed together (group commit). Any
 * failure breaks the writer: every pending and later append gets the error.
 */
export class GroupCommitWriter implements JournalWriter {
  private queue: Pending[] = [];
  private flushing: Promise<void> | null = null;
  private broken: DecomError | null = null;

  constructor(
    private readonly handle: JournalFileHandle,
    private head: ChainHead,
    private readonly path: string,
    private readonly lease: WriterLease | null = null,
    private readonly signRecord: RecordSigner | undefined = undefined,
  ) {}

  get takeover(): LeaseTakeover | null {
    return this.lease?.takeover ?? null;
  }

  append(entry: JournalEntry, at: Date): ResultAsync<JournalRecord, DecomError> {
    if (this.broken !== null) return new ResultAsync(Promise.resolve(err(this.broken)));
    const { record, line } = chainRecord(this.head, at.toISOString(), entry, this.signRecord);
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
      try {
        await this.handle.close();
      } finally {
        await this.lease?.release();
      }
    };
    return ResultAsync.fromPromise(closing(), (cause) => ioFailure(`cannot close journal ${this.path}`, cause));
  }

  private async flush(): Promise<void> {
    while (this.queue.length > 0) {
      const batch = this.queue;
      this.queue = [];
      try {
        // Another runner took the run over: nothing more may be written (or done) in its name.
        const lost = (await this.lease?.lost()) ?? null;
        if (lost !== null) throw lost;
        const bytes = Buffer.from(batch.map((pending) => pending.line).join(''), 'utf8');
        await writeFully(this.handle, bytes, null);
        await this.handle.datasync();
        for (const pending of batch) pending.settle(ok(undefined));
      } catch (cause) {
        // What follows in the chain can no longer be trusted: refuse every later append.
        this.broken = isConflict(cause) ? cause : ioFailure(`cannot write journal ${this.path}`, cause);
        for (const pending of [...batch, ...this.queue]) pending.settle(err(this.broken));
        this.queue = [];
      }
    }
    this.flushing = null;
  }
}

/**
 * Writes every byte of `bytes`: a write may put down fewer bytes than asked
 * (a full disk does), so it continues from where the last one stopped. A
 * write that puts down nothing at all, or throws, fails the whole write.
 * `position` null continues at the file's offset (or its end, opened for append).
 */
export async function writeFully(
  handle: Pick<JournalFileHandle, 'write'>,
  bytes: Buffer,
  position: number | null,
): Promise<void> {
  let offset = 0;
  while (offset < bytes.length) {
    const { bytesWritten } = await handle.write(
      bytes,
      offset,
      bytes.length - offset,
      position === null ? null : position + offset,
    );
    if (!Number.isInteger(bytesWritten) || bytesWritten <= 0) {
      throw Object.assign(new Error(`only ${offset} of ${bytes.length} bytes were written (the disk may be full)`), {
        code: 'ENOSPC',
      });
    }
    offset += bytesWritten;
  }
}

function isConflict(cause: unknown): cause is DecomError {
  return (cause as { code?: unknown } | null)?.code === 'Conflict' && !(cause instanceof Error);
}

/** A journal I/O failure as a `DecomError` (not retryable: the run stops). */
export function ioFailure(message: string, cause: unknown): DecomError {
  const detail = cause instanceof Error ? `: ${cause.message}` : '';
  return decomError.providerFailure({ message: `${message}${detail}`, retryable: false, cause });
}
