import { err, ok, type Result } from 'neverthrow';
import { decomError, type JournalCorruptError } from '../errors/decom-error.js';
import { guardInput } from '../util/guard-input.js';
import { EMPTY_CHAIN, recordHash } from './hash-chain.js';
import type { JournalRecord } from './journal-entry.js';

/**
 * Checks a run's hash chain: every record's `prev` is the hash of the one
 * before, its own hash matches its content, and positions run 1, 2, 3…
 * An edited, dropped, inserted or reordered line breaks the chain at that line.
 * Records that cannot be read at all (not a list, a throwing getter, a
 * circular or BigInt value) are `JournalCorrupt` at line 0; it never throws.
 *
 * @example
 * ```ts
 * const records = await journal.read(runId);
 * const check = records.andThen(verifyJournal);
 * if (check.isErr()) console.error(`tampered at line ${check.error.line}`);
 * ```
 */
export function verifyJournal(
  records: readonly JournalRecord[],
): Result<{ readonly records: number }, JournalCorruptError> {
  return guardInput('journal records', () => verifyChain(records)).mapErr((error) =>
    error.code === 'JournalCorrupt'
      ? error
      : decomError.journalCorrupt({
          message: `the journal records cannot be read: ${error.message}`,
          line: 0,
          cause: error,
        }),
  );
}

function verifyChain(records: readonly JournalRecord[]): Result<{ readonly records: number }, JournalCorruptError> {
  if (!Array.isArray(records)) throw new TypeError('the records are not a list');
  let head = EMPTY_CHAIN;
  for (const [index, record] of records.entries()) {
    const line = index + 1;
    if (record.seq !== head.seq + 1) {
      return err(
        corrupt(
          line,
          `expected record ${head.seq + 1} but found ${record.seq} (a line was dropped, inserted or moved)`,
        ),
      );
    }
    if (record.prev !== head.hash) {
      return err(corrupt(line, 'its previous-hash does not match the line before (a line was dropped or reordered)'));
    }
    if (recordHash(record.prev, record.seq, record.at, record.entry) !== record.hash) {
      return err(corrupt(line, 'its content does not match its hash (the line was edited)'));
    }
    head = { seq: record.seq, hash: record.hash };
  }
  return ok({ records: records.length });
}

function corrupt(line: number, what: string): JournalCorruptError {
  return decomError.journalCorrupt({ message: `journal line ${line}: ${what}`, line });
}
