import { errAsync, okAsync, type ResultAsync } from 'neverthrow';
import { type DecomError, decomError } from '../errors/decom-error.js';
import { type ChainHead, chainRecord, EMPTY_CHAIN } from './hash-chain.js';
import type { Journal, JournalWriter } from './journal.js';
import type { JournalEntry, JournalRecord } from './journal-entry.js';
import { checkRunId } from './run-id.js';

/** An in-memory journal, for tests and short-lived tools. Share one instance between engines to resume runs. */
export interface MemoryJournal extends Journal {
  /** The raw records of a run (mutable, so tests can tamper with them). */
  records(runId: string): JournalRecord[];
}

/**
 * A journal held in memory, hash-chained like the file journal.
 *
 * @example
 * ```ts
 * const journal = memoryJournal();
 * const engine = createEngine({ checklist, providers: cloud.providers, journal });
 * ```
 */
export function memoryJournal(): MemoryJournal {
  const runs = new Map<string, JournalRecord[]>();
  return {
    open(runId: string, head: ChainHead = EMPTY_CHAIN): ResultAsync<JournalWriter, DecomError> {
      const checked = checkRunId(runId);
      if (checked.isErr()) return errAsync(checked.error);
      const records = runs.get(runId) ?? [];
      // Append-only, like the file journal: never overwrite or cut an existing run's records.
      if (records.length !== head.seq || (head.seq > 0 && records[head.seq - 1]?.hash !== head.hash)) {
        const expected = head.seq === 0 ? 'a new run' : `record ${head.seq} with hash ${head.hash.slice(0, 12)}`;
        return errAsync(
          decomError.conflict({
            message: `run "${runId}" has ${records.length} records, not ${expected}`,
            resource: runId,
          }),
        );
      }
      runs.set(runId, records);
      let current = head;
      const writer: JournalWriter = {
        append(entry: JournalEntry, at: Date) {
          // Keep what the file journal would read back, not the caller's objects: a later change to
          // the entry must not rewrite history (and break the hash chain).
          const record = JSON.parse(chainRecord(current, at.toISOString(), entry).line) as JournalRecord;
          current = record;
          runs.get(runId)?.push(record);
          return okAsync(record);
        },
        close: () => okAsync(undefined),
      };
      return okAsync(writer);
    },
    read(runId: string) {
      const checked = checkRunId(runId);
      if (checked.isErr()) return errAsync(checked.error);
      const records = runs.get(runId);
      return records === undefined
        ? errAsync(decomError.notFound({ message: `no run "${runId}" in the memory journal`, resource: runId }))
        : okAsync([...records]);
    },
    list: () => okAsync([...runs.keys()]),
    records: (runId: string) => runs.get(runId) ?? [],
  };
}
