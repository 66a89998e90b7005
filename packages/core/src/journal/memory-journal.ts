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
  const runs = new Map<string, StoredRun>();
  return {
    open(runId: string, head: ChainHead = EMPTY_CHAIN): ResultAsync<JournalWriter, DecomError> {
      const checked = checkRunId(runId);
      if (checked.isErr()) return errAsync(checked.error);
      const run = runs.get(runId) ?? new StoredRun();
      // Append-only, like the file journal: never overwrite or cut an existing run's records.
      const last = run.length > 0 ? run.records()[run.length - 1] : undefined;
      if (run.length !== head.seq || (head.seq > 0 && last?.hash !== head.hash)) {
        const expected = head.seq === 0 ? 'a new run' : `record ${head.seq} with hash ${head.hash.slice(0, 12)}`;
        return errAsync(
          decomError.conflict({
            message: `run "${runId}" has ${run.length} records, not ${expected}`,
            resource: runId,
          }),
        );
      }
      runs.set(runId, run);
      let current = head;
      const writer: JournalWriter = {
        append(entry: JournalEntry, at: Date) {
          const { record, line } = chainRecord(current, at.toISOString(), entry);
          current = record;
          run.append(line);
          return okAsync(record);
        },
        close: () => okAsync(undefined),
      };
      return okAsync(writer);
    },
    read(runId: string) {
      const checked = checkRunId(runId);
      if (checked.isErr()) return errAsync(checked.error);
      const run = runs.get(runId);
      return run === undefined
        ? errAsync(decomError.notFound({ message: `no run "${runId}" in the memory journal`, resource: runId }))
        : okAsync([...run.records()]);
    },
    list: () => okAsync([...runs.keys()]),
    records: (runId: string) => runs.get(runId)?.records() ?? [],
  };
}

/**
 * A run's history as the lines the file journal would hold: a later change to
 * an appended entry cannot rewrite it. Lines are parsed only when read.
 */
class StoredRun {
  private readonly lines: string[] = [];
  private parsed: JournalRecord[] = [];

  get length(): number {
    return this.lines.length;
  }

  append(line: string): void {
    this.lines.push(line);
  }

  /** The records, parsed on demand; the same (mutable) array each time, so tests can tamper with history. */
  records(): JournalRecord[] {
    while (this.parsed.length < this.lines.length) {
      this.parsed.push(JSON.parse(this.lines[this.parsed.length] ?? 'null') as JournalRecord);
    }
    return this.parsed;
  }
}
