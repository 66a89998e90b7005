import { sha256 } from '../util/hash.js';
import type { JournalEntry, JournalRecord } from './journal-entry.js';

/** The `prev` of a journal's first record. */
export const GENESIS_HASH = '0'.repeat(64);

/** Where a chain stands: the last record's position and hash. */
export interface ChainHead {
  readonly seq: number;
  readonly hash: string;
}

/** The head of an empty chain. */
export const EMPTY_CHAIN: ChainHead = { seq: 0, hash: GENESIS_HASH };

/** The hash a record must carry. */
export function recordHash(prev: string, seq: number, at: string, entry: JournalEntry): string {
  return sha256(`${prev}\n${JSON.stringify({ seq, at, entry })}`);
}

/** Makes the record that follows `head`. */
export function chainRecord(head: ChainHead, at: string, entry: JournalEntry): JournalRecord {
  const seq = head.seq + 1;
  return { seq, at, entry, prev: head.hash, hash: recordHash(head.hash, seq, at, entry) };
}

/** Serialises a record as one JSON line (no trailing newline). */
export function recordLine(record: JournalRecord): string {
  return JSON.stringify({ seq: record.seq, at: record.at, entry: record.entry, prev: record.prev, hash: record.hash });
}
