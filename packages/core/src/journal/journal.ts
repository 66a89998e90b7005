import type { ResultAsync } from 'neverthrow';
import type { DecomError } from '../errors/decom-error.js';
import type { ChainHead } from './hash-chain.js';
import type { JournalEntry, JournalRecord, LeaseTakeover } from './journal-entry.js';

/** Options of {@link Journal.open}. */
export interface JournalOpenOptions {
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
