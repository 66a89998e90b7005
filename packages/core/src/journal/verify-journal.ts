import { err, ok, type Result } from 'neverthrow';
import { decomError, type InvalidInputError, type JournalCorruptError } from '../errors/decom-error.js';
import { guardInput } from '../util/guard-input.js';
import { EMPTY_CHAIN, recordHash } from './hash-chain.js';
import type { JournalRecord } from './journal-entry.js';
import type { JournalSeal } from './journal-seal.js';
import { keyring, type SigningKey, type SigningOptions, signedMessage, type Verifier } from './signing.js';

/**
 * Options of {@link verifyJournal}: the key the run was signed with, and its seal.
 *
 * @example
 * ```ts
 * verifyJournal(records, { key: ed25519PublicKey, seal });
 * ```
 */
export interface VerifyJournalOptions {
  /**
   * The engine's `signing.key` (or, for Ed25519, its public key): every line
   * must then carry a valid signature, and so must the seal.
   */
  readonly key?: SigningKey;
  /** Ed25519: the public key (alone, or beside the private `key`). */
  readonly publicKey?: SigningOptions['publicKey'];
  /** The run's seal (`journal.readSeal(runId)`): the journal must still hold every record it sealed. */
  readonly seal?: JournalSeal | null;
}

/**
 * Checks a run's hash chain: every record's `prev` is the hash of the one
 * before, its own hash matches its content, and positions run 1, 2, 3…
 * An edited, dropped, inserted or reordered line breaks the chain at that line.
 * Records that cannot be read at all (not a list, a throwing getter, a
 * circular or BigInt value) are `JournalCorrupt` at line 0; it never throws.
 *
 * The chain alone is unkeyed: whoever can write the journal can edit a line
 * and recompute every hash after it. With `key`, every line must also carry
 * a signature of its hash under that key, which exposes re-chained edits,
 * forged lines and unsigned lines. With `seal`, a journal holding fewer
 * records than were sealed (a cut tail) or another record at the sealed
 * position is corrupt. A `key` that cannot verify is `InvalidInput`.
 *
 * @example
 * ```ts
 * const records = await journal.read(runId);
 * const check = records.andThen(verifyJournal);
 * if (check.isErr()) console.error(`tampered at line ${check.error.line}`);
 * // keyed, with the seal written when the run ended:
 * const seal = (await journal.readSeal?.(runId))?.unwrapOr(null) ?? null;
 * const keyed = records.andThen((lines) => verifyJournal(lines, { key: process.env.DECOMKIT_SIGNING_KEY, seal }));
 * ```
 */
export function verifyJournal(
  records: readonly JournalRecord[],
  options: VerifyJournalOptions,
): Result<{ readonly records: number }, JournalCorruptError | InvalidInputError>;
export function verifyJournal(
  records: readonly JournalRecord[],
): Result<{ readonly records: number }, JournalCorruptError>;
export function verifyJournal(
  records: readonly JournalRecord[],
  options: VerifyJournalOptions = {},
): Result<{ readonly records: number }, JournalCorruptError | InvalidInputError> {
  return guardInput('journal records', () => verifyWithOptions(records, options)).mapErr((error) =>
    error.code === 'JournalCorrupt' || !error.issues.some((issue) => issue.path === 'journal records')
      ? error
      : decomError.journalCorrupt({
          message: `the journal records cannot be read: ${error.message}`,
          line: 0,
          cause: error,
        }),
  );
}

function verifyWithOptions(
  records: readonly JournalRecord[],
  options: VerifyJournalOptions,
): Result<{ readonly records: number }, JournalCorruptError | InvalidInputError> {
  let verifier: Verifier | null = null;
  const key = options.key ?? options.publicKey;
  if (key !== undefined) {
    const keys = keyring({ key, ...(options.publicKey ? { publicKey: options.publicKey } : {}) }, 'options');
    if (keys.isErr()) return err(keys.error);
    verifier = keys.value.verifier;
  }
  const chain = verifyRecords(records, verifier);
  if (chain.isErr()) return err(chain.error);
  if (options.seal !== undefined && options.seal !== null) {
    const sealed = checkSeal(records, options.seal, verifier);
    if (sealed.isErr()) return err(sealed.error);
  }
  return ok({ records: records.length });
}

/** The chain check, and the signature of every line when a verifier is given. */
export function verifyRecords(
  records: readonly JournalRecord[],
  verifier: Verifier | null,
): Result<void, JournalCorruptError> {
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
    if (verifier !== null) {
      if (record.sig === undefined) return err(corrupt(line, 'it is not signed, and the journal must be'));
      if (!verifier.verify(signedMessage.record(record.hash), record.sig)) {
        return err(
          corrupt(line, 'its signature does not verify (the line was forged, edited or signed with another key)'),
        );
      }
    }
    head = { seq: record.seq, hash: record.hash };
  }
  return ok(undefined);
}

/**
 * Checks that `records` still hold everything `seal` sealed: at least as many
 * records (a later session may have added more), and the same hash at the
 * sealed position. With a verifier the seal's own signature must verify.
 * `where` names the seal in messages ("the seal in the artifact store").
 */
export function checkSeal(
  records: readonly JournalRecord[],
  seal: JournalSeal,
  verifier: Verifier | null,
  where = 'the seal',
): Result<void, JournalCorruptError> {
  const shape = seal as Partial<JournalSeal> | null;
  if (
    shape === null ||
    typeof shape !== 'object' ||
    typeof shape.runId !== 'string' ||
    !Number.isInteger(shape.records) ||
    typeof shape.hash !== 'string'
  ) {
    return err(corrupt(records.length + 1, `${where} is not a seal (runId, records, hash)`));
  }
  if (verifier !== null && !verifier.verify(signedMessage.seal(seal.runId, seal.records, seal.hash), seal.sig)) {
    return err(corrupt(seal.records, `${where} is unsigned or its signature does not verify (forged or another key)`));
  }
  const runId = (records[0]?.entry as { runId?: unknown } | undefined)?.runId;
  if (records.length > 0 && runId !== seal.runId) {
    return err(corrupt(1, `${where} is for run "${seal.runId}", the journal for run "${String(runId)}"`));
  }
  if (records.length < seal.records) {
    return err(
      corrupt(
        records.length + 1,
        `the journal was truncated: ${where} counts ${seal.records} records, the journal holds ${records.length}`,
      ),
    );
  }
  if (seal.records > 0 && records[seal.records - 1]?.hash !== seal.hash) {
    return err(corrupt(seal.records, `it does not have the hash ${where} recorded (the line was rewritten)`));
  }
  return ok(undefined);
}

function corrupt(line: number, what: string): JournalCorruptError {
  return decomError.journalCorrupt({ message: `journal line ${line}: ${what}`, line });
}
