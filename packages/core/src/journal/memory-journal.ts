import { hostname } from 'node:os';
import { errAsync, okAsync, type ResultAsync } from 'neverthrow';
import { type DecomError, decomError } from '../errors/decom-error.js';
import { type ChainHead, chainRecord, EMPTY_CHAIN } from './hash-chain.js';
import type { Journal, JournalOpenOptions, JournalWriter } from './journal.js';
import type { JournalEntry, JournalRecord, LeaseHolder } from './journal-entry.js';
import type { JournalSeal } from './journal-seal.js';
import { checkRunId } from './run-id.js';

/** An in-memory journal, for tests and short-lived tools. Share one instance between engines to resume runs. */
export interface MemoryJournal extends Journal {
  /** The raw records of a run (mutable, so tests can tamper with them: edit, splice, push). */
  records(runId: string): JournalRecord[];
  writeSeal(runId: string, seal: JournalSeal): ResultAsync<void, DecomError>;
  readSeal(runId: string): ResultAsync<JournalSeal | null, DecomError>;
}

/**
 * A journal held in memory, hash-chained like the file journal. One writer
 * per run at a time, as with the file journal: a second `open` of a run with
 * an open writer gets `Conflict` until it closes, unless `takeOver` (the
 * previous writer then refuses every append).
 *
 * @example
 * ```ts
 * const journal = memoryJournal();
 * const engine = createEngine({ checklist, providers: cloud.providers, journal });
 * ```
 */
export function memoryJournal(): MemoryJournal {
  const runs = new Map<string, StoredRun>();
  const seals = new Map<string, JournalSeal>();
  /** The lease of each run with an open writer: one writer per run, as with the file journal. */
  const leases = new Map<string, MemoryLease>();
  return {
    open(
      runId: string,
      head: ChainHead = EMPTY_CHAIN,
      options: JournalOpenOptions = {},
    ): ResultAsync<JournalWriter, DecomError> {
      const checked = checkRunId(runId);
      if (checked.isErr()) return errAsync(checked.error);
      const held = leases.get(runId);
      if (held !== undefined && options.takeOver !== true) {
        return errAsync(
          decomError.conflict({
            message: `run "${runId}" is being run by host ${held.holder.host}, pid ${held.holder.pid}, since ${held.holder.since} (a writer of this memory journal holds it). Resume once it ends; take it over (takeOver: true) only if that runner is gone`,
            resource: runId,
            lease: `memory:${runId}`,
          }),
        );
      }
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
      if (held !== undefined) held.revoked = true;
      const since = new Date().toISOString();
      const lease: MemoryLease = {
        holder: { host: hostname(), pid: process.pid, since, heartbeat: since },
        revoked: false,
      };
      leases.set(runId, lease);
      let current = head;
      const writer: JournalWriter = {
        takeover: held === undefined ? null : { previous: held.holder, reason: 'forced' },
        append(entry: JournalEntry, at: Date) {
          if (lease.revoked) {
            return errAsync(
              decomError.conflict({
                message: `run "${runId}" lost its lease: another writer took it over; this runner stops`,
                resource: runId,
              }),
            );
          }
          const { record, line } = chainRecord(current, at.toISOString(), entry, options.signRecord);
          current = record;
          run.append(line);
          return okAsync(record);
        },
        close: () => {
          if (leases.get(runId) === lease) leases.delete(runId);
          return okAsync(undefined);
        },
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
    writeSeal(runId: string, seal: JournalSeal) {
      seals.set(runId, { ...seal });
      return okAsync(undefined);
    },
    readSeal(runId: string) {
      const seal = seals.get(runId);
      return okAsync(seal === undefined ? null : { ...seal });
    },
  };
}

interface MemoryLease {
  readonly holder: LeaseHolder;
  /** Set when another writer took the run over. */
  revoked: boolean;
}

/**
 * A run's history as the lines the file journal would hold: a later change to
 * an appended entry cannot rewrite it. Lines are parsed only when read; from
 * then on the parsed records are the history (a test's splice or push sticks).
 */
class StoredRun {
  private unparsed: string[] = [];
  private readonly parsed: JournalRecord[] = [];

  get length(): number {
    return this.parsed.length + this.unparsed.length;
  }

  append(line: string): void {
    this.unparsed.push(line);
  }

  /** The records, parsed on demand; the same (mutable) array each time, so tests can tamper with history. */
  records(): JournalRecord[] {
    for (const line of this.unparsed) this.parsed.push(JSON.parse(line) as JournalRecord);
    this.unparsed = [];
    return this.parsed;
  }
}
