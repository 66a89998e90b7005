import type { ResultAsync } from 'neverthrow';
import type { DecomError } from '../errors/decom-error.js';
import type { ChainHead, RecordSigner } from './hash-chain.js';
import type { JournalEntry, JournalRecord, LeaseTakeover } from './journal-entry.js';
import type { JournalSeal } from './journal-seal.js';

/**
 * Options of {@link Journal.open}.
 *
 * @example
 * ```ts
 * const writer = await journal.open(runId, { seq: 0, hash: GENESIS_HASH }, { signRecord: (hash) => sign(hash) });
 * ```
 */
export interface JournalOpenOptions {
  /**
   * Given when the engine signs: every record appended through the writer
   * must carry `sig: signRecord(hash)` (`chainRecord` does it). The engine
   * refuses to run on a journal whose records come back unsigned.
   */
  readonly signRecord?: RecordSigner;
  /**
   * Takes the run's lease even from a holder whose heartbeat is fresh. Only
   * for a holder known to be gone (a killed process): a live one refuses its
   * next append, but may have acted in between.
   */
  readonly takeOver?: boolean;
}

/**
 * Where runs are recorded. One append-only, hash-chained log per run. The
 * engine depends only on this interface, so a database or a workflow
 * engine's history can stand in for the file.
 */
export interface Journal {
  /**
   * Opens a run's log for appending; `head` continues an existing log (resume).
   * One writer per run at a time: while another holds the run's lease, `Conflict`
   * naming the holder (unless its heartbeat expired, or `takeOver`).
   */
  open(runId: string, head?: ChainHead, options?: JournalOpenOptions): ResultAsync<JournalWriter, DecomError>;
  /** Every record of a run, in order. `NotFound` for an unknown run. */
  read(runId: string): ResultAsync<readonly JournalRecord[], DecomError>;
  /** The ids of the runs recorded here. */
  list(): ResultAsync<readonly string[], DecomError>;
  /**
   * Optional: durably replaces the run's seal (its record count and last
   * hash), written when a session of the run ends. A journal without seals
   * still works; it just cannot expose a truncated tail.
   */
  writeSeal?(runId: string, seal: JournalSeal): ResultAsync<void, DecomError>;
  /** Optional: the run's last seal, or null when none was written. */
  readSeal?(runId: string): ResultAsync<JournalSeal | null, DecomError>;
}

/** Appends to one run's log. */
export interface JournalWriter {
  /**
   * Appends an entry; resolves once it is durable (for `fileJournal`, after
   * fsync). Appends made while a flush is under way share the next fsync.
   * Records are chained in call order; secrets are redacted before writing.
   */
  append(entry: JournalEntry, at: Date): ResultAsync<JournalRecord, DecomError>;
  /** Flushes, closes and releases the run's lease. */
  close(): ResultAsync<void, DecomError>;
  /** Set when opening took the lease from a previous holder; the engine journals it. */
  readonly takeover?: LeaseTakeover | null;
}
