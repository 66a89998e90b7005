import { sha256 } from '../util/hash.js';
import { redactToJson } from '../util/redact.js';
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

/**
 * Signs a record's hash (which covers its content and the chain before it);
 * the result is the record's `sig`. Given to `Journal.open` by an engine that signs.
 *
 * @example
 * ```ts
 * const { record } = chainRecord(head, at, entry, signRecord); // record.sig === signRecord(record.hash)
 * ```
 */
export type RecordSigner = (hash: string) => string;

/**
 * Makes the record that follows `head`, with secrets redacted, and its JSON
 * line. The entry is serialised once: the line and the hash share the text,
 * which is exactly what `recordHash` recomputes when verifying. With
 * `signRecord`, the record carries its signature in `sig`. A custom journal
 * builds its records with it, so that `verifyJournal` accepts them.
 *
 * @example
 * ```ts
 * open(runId, head = { seq: 0, hash: GENESIS_HASH }, options = {}) {
 *   let current = head;
 *   return okAsync({
 *     append: (entry, at) => {
 *       const { record, line } = chainRecord(current, at.toISOString(), entry, options.signRecord);
 *       current = record;
 *       return saveLine(runId, line).map(() => record);
 *     },
 *     close: () => okAsync(undefined),
 *   });
 * }
 * ```
 */
export function chainRecord(
  head: ChainHead,
  at: string,
  entry: JournalEntry,
  signRecord?: RecordSigner,
): { readonly record: JournalRecord; readonly line: string } {
  const seq = head.seq + 1;
  const redacted = redactToJson(entry);
  const body = `"seq":${seq},"at":${JSON.stringify(at)},"entry":${redacted.json}`;
  const hash = sha256(`${head.hash}\n{${body}}`);
  const record: JournalRecord = { seq, at, entry: redacted.value, prev: head.hash, hash };
  const line = `{${body},"prev":"${head.hash}","hash":"${hash}"`;
  if (signRecord === undefined) return { record, line: `${line}}` };
  const sig = signRecord(hash);
  return { record: { ...record, sig }, line: `${line},"sig":${JSON.stringify(sig)}}` };
}
