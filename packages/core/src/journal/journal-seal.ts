import type { ChainHead } from './hash-chain.js';
import { type Signer, signedMessage } from './signing.js';

/**
 * Where a run's journal stood when a session of the run ended: its record
 * count and last hash, signed when the engine signs. Kept beside the run
 * (and in the artifact store when signing with an `artifacts` port), it
 * exposes a journal cut short after it was sealed.
 *
 * @example
 * ```ts
 * const seal = await journal.readSeal?.(runId); // { runId, records: 42, hash: 'ab12…', sig: '…' }
 * const check = verifyJournal(records, { key, seal: seal?.unwrapOr(null) });
 * ```
 */
export interface JournalSeal {
  readonly runId: string;
  /** How many records the journal held. */
  readonly records: number;
  /** The hash of its last record (`GENESIS_HASH` for none). */
  readonly hash: string;
  /** Signature over run id, count and hash; present when the engine signs. */
  readonly sig?: string;
}

/** The seal of a run whose journal stands at `head`. */
export function sealAt(runId: string, head: ChainHead, signer: Signer | null): JournalSeal {
  const seal = { runId, records: head.seq, hash: head.hash };
  return signer === null ? seal : { ...seal, sig: signer.sign(signedMessage.seal(runId, head.seq, head.hash)) };
}
