import type { Evidence } from '../model/evidence.js';
import type { ExceptedResource } from '../model/exceptions.js';
import type { Gate } from '../model/gate.js';
import type { Plan } from '../model/plan.js';
import type { JsonObject } from '../util/json.js';
import type { JournaledError } from './journaled-error.js';

/**
 * How a run ended (for now): `completed` every item verified; `waiting` some
 * action waits for a gate (resume later); `incomplete` every action settled
 * but an item stays open (a blocking finding, or verify found no evidence yet);
 * `failed` an action failed or was refused; `refused` the account guard
 * stopped the run; `cancelled` aborted through the signal.
 */
export type RunStatus = 'completed' | 'waiting' | 'incomplete' | 'failed' | 'refused' | 'cancelled';

/** Who holds (or held) a run's lease: one runner per run. Times are ISO 8601. */
export interface LeaseHolder {
  readonly host: string;
  readonly pid: number;
  /** When the holder took the lease. */
  readonly since: string;
  /** The holder's last sign of life. */
  readonly heartbeat: string;
}

/** A lease taken from a previous holder: its heartbeat had expired, or the caller said `takeOver: true`. */
export interface LeaseTakeover {
  readonly previous: LeaseHolder;
  readonly reason: 'expired' | 'forced';
}

/**
 * What an approval covers: the actions of the plan it gates that were not
 * settled when it was asked, counted in all and by action kind.
 */
export interface ApprovalCovers {
  readonly total: number;
  /** Actions by kind, e.g. `{ 'resource.delete': 1000, 'resource.stop': 100 }`. */
  readonly byKind: Readonly<Record<string, number>>;
}

/**
 * One fact in a run's journal. The journal is append-only; a run's state is
 * whatever replaying its entries gives.
 *
 * `calls` on an action's outcome is how many provider calls (execute,
 * reconcile, poll, every retry included) the action has taken in the run so
 * far; it is absent in journals written before calls were counted, as is
 * `error` on `action.failed` (`code` and `reason` stay for those readers).
 */
export type JournalEntry =
  | { readonly type: 'run.started'; readonly runId: string; readonly plan: Plan }
  | { readonly type: 'run.resumed'; readonly runId: string }
  | ({ readonly type: 'run.leaseTakenOver' } & LeaseTakeover)
  | { readonly type: 'run.refused'; readonly reason: string }
  | { readonly type: 'run.ended'; readonly status: RunStatus }
  | { readonly type: 'inventory.drift'; readonly newResources: readonly string[] }
  | { readonly type: 'exceptions.recorded'; readonly exceptions: readonly ExceptedResource[] }
  | { readonly type: 'action.intent'; readonly key: string; readonly attempt: number }
  | {
      readonly type: 'action.checkpoint';
      readonly key: string;
      readonly checkpoint: JsonObject;
      readonly calls?: number;
    }
  | {
      readonly type: 'action.done';
      readonly key: string;
      readonly result: JsonObject;
      readonly reconciled: boolean;
      readonly calls?: number;
    }
  | {
      readonly type: 'action.failed';
      readonly key: string;
      readonly code: string;
      readonly reason: string;
      /** The typed error, without its cause: rebuilds `ActionRecord.error`. */
      readonly error?: JournaledError;
      readonly calls?: number;
    }
  | { readonly type: 'action.skipped'; readonly key: string; readonly reason: string; readonly calls?: number }
  | { readonly type: 'action.refused'; readonly key: string; readonly reason: string; readonly calls?: number }
  | { readonly type: 'action.waiting'; readonly key: string; readonly gate: Gate | null; readonly reason: string }
  | { readonly type: 'approval.granted'; readonly name: string; readonly covers?: ApprovalCovers }
  | { readonly type: 'approval.denied'; readonly name: string; readonly covers?: ApprovalCovers }
  | { readonly type: 'step.verified'; readonly step: string; readonly evidence: Evidence }
  | { readonly type: 'step.open'; readonly step: string; readonly reason: string };

/** A journal line: the entry, its position, time, and the hash chain. */
export interface JournalRecord {
  /** 1-based position in the run's journal. */
  readonly seq: number;
  readonly at: string;
  readonly entry: JournalEntry;
  /** Hash of the previous record (`GENESIS_HASH` for the first). */
  readonly prev: string;
  /** SHA-256 of `prev`, `seq`, `at` and `entry`. */
  readonly hash: string;
  /** Signature of `hash`, when the engine signs (`createEngine({ signing })`). */
  readonly sig?: string;
}
