import type { ResultAsync } from 'neverthrow';
import type { DecomError } from '../errors/decom-error.js';
import type { ChainHead } from './hash-chain.js';
import type { JournalEntry, JournalRecord } from './journal-entry.js';

/**
 * Where runs are recorded. One append-only, hash-chained log per run. The
 * engine depends only on this interface, so a database or a workflow
 * engine's history can stand in for the file.
 */
export interface Journal {
  /** Opens a run's log for appending; `head` continues an existing log (resume). */
  open(runId: string, head?: ChainHead): ResultAsync<JournalWriter, DecomError>;
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
  close(): ResultAsync<void, DecomError>;
}
