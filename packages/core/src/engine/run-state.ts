import { err, ok, type Result } from 'neverthrow';
import { type DecomError, decomError } from '../errors/decom-error.js';
import { type ChainHead, EMPTY_CHAIN } from '../journal/hash-chain.js';
import type { JournalEntry, JournalRecord, RunStatus } from '../journal/journal-entry.js';
import { errorFromJournal } from '../journal/journaled-error.js';
import type { Action } from '../model/action.js';
import type { Evidence } from '../model/evidence.js';
import type { ExceptedResource } from '../model/exceptions.js';
import type { Gate } from '../model/gate.js';
import type { Plan } from '../model/plan.js';
import type { ActionRecord, ActionStatus } from '../model/step.js';
import type { JsonObject } from '../util/json.js';

/** What the journal says about one action. */
export interface ActionState {
  readonly action: Action;
  status: ActionStatus;
  reason: string | null;
  result: JsonObject | null;
  checkpoint: JsonObject | null;
  /** The attempt number of the last intent journaled (0 before the first). */
  attempts: number;
  /** Provider calls of its handler (execute, reconcile, poll; every retry counts) in the run so far. */
  calls: number;
  /** Why it failed, typed (null unless it failed). */
  error: DecomError | null;
  /** An intent was journaled and no outcome after it: the effect may or may not have happened. */
  unsettledIntent: boolean;
  /** When the latest attempt's intent was journaled (a long wait's time limit counts from it), or null. */
  intentAt: string | null;
  /**
   * The attempt whose idempotency token the action uses: the first, until an
   * attempt fails; the next attempt after a failure takes a token of its own,
   * so the provider does not hand back the failed job.
   */
  tokenAttempt: number;
  /** The attempt that last failed (0: none). */
  failedAttempt: number;
  /** The gate it waits for while `waiting` on one; null otherwise. */
  gate: Gate | null;
}

/** What the journal says about one step. */
export type StepState =
  | { readonly status: 'pending' }
  | { readonly status: 'verified'; readonly evidence: Evidence }
  | { readonly status: 'open'; readonly reason: string };

/** The last answer journaled for an approval name. */
export interface ApprovalDecision {
  readonly granted: boolean;
  /** When the answer was journaled (ISO 8601). */
  readonly at: string;
}

/** A run rebuilt from its journal. */
export interface RunState {
  readonly runId: string;
  readonly plan: Plan;
  readonly actions: Map<string, ActionState>;
  /** The last answer per approval name; a name not here was never answered. */
  readonly approvals: Map<string, ApprovalDecision>;
  readonly steps: Map<string, StepState>;
  drift: readonly string[];
  /** Exceptions recorded during the run (`exceptions` on apply or resume), in the order recorded. */
  readonly exceptions: ExceptedResource[];
  status: RunStatus | 'running';
  refusal: string | null;
  head: ChainHead;
  readonly startedAt: string;
  updatedAt: string;
}

/** A fresh state for a run about to start. */
export function newRunState(runId: string, plan: Plan, at: string): RunState {
  const actions = new Map<string, ActionState>();
  for (const step of plan.steps) {
    for (const action of step.actions) {
      actions.set(action.key, {
        action,
        status: 'pending',
        reason: null,
        result: null,
        checkpoint: null,
        attempts: 0,
        calls: 0,
        error: null,
        unsettledIntent: false,
        intentAt: null,
        tokenAttempt: 0,
        failedAttempt: 0,
        gate: null,
      });
    }
  }
  return {
    runId,
    plan,
    actions,
    approvals: new Map(),
    steps: new Map(plan.steps.map((step) => [step.id, { status: 'pending' }] as const)),
    drift: [],
    exceptions: [],
    status: 'running',
    refusal: null,
    head: EMPTY_CHAIN,
    startedAt: at,
    updatedAt: at,
  };
}

/** Applies one journal record to a state (used both live and when replaying). */
export function applyRecord(state: RunState, record: JournalRecord): Result<void, DecomError> {
  const entry = record.entry;
  state.head = { seq: record.seq, hash: record.hash };
  state.updatedAt = record.at;
  if ('key' in entry) {
    const action = state.actions.get(entry.key);
    if (action === undefined) {
      return err(
        decomError.journalCorrupt({
          message: `journal line ${record.seq} names unplanned action ${entry.key}`,
          line: record.seq,
        }),
      );
    }
    action.gate = entry.type === 'action.waiting' ? entry.gate : null;
    switch (entry.type) {
      case 'action.intent': {
        const newToken = action.tokenAttempt === 0 || action.failedAttempt >= action.tokenAttempt;
        Object.assign(action, {
          status: 'running',
          reason: null,
          error: null,
          attempts: entry.attempt,
          unsettledIntent: true,
          intentAt: record.at,
          tokenAttempt: newToken ? entry.attempt : action.tokenAttempt,
        });
        break;
      }
      case 'action.checkpoint':
        Object.assign(action, { status: 'running', checkpoint: entry.checkpoint, calls: entry.calls ?? action.calls });
        break;
      case 'action.done':
        Object.assign(action, {
          status: 'done',
          reason: null,
          error: null,
          result: entry.result,
          calls: entry.calls ?? action.calls,
          unsettledIntent: false,
        });
        break;
      case 'action.failed':
        Object.assign(action, {
          status: 'failed',
          reason: `${entry.code}: ${entry.reason}`,
          error: errorFromJournal(entry.error),
          calls: entry.calls ?? action.calls,
          // The attempt is over: the next one starts afresh, with its own idempotency token.
          failedAttempt: Math.max(action.attempts, 1),
          checkpoint: null,
        });
        break;
      case 'action.skipped':
      case 'action.refused':
        Object.assign(action, {
          status: entry.type === 'action.skipped' ? 'skipped' : 'refused',
          reason: entry.reason,
          error: null,
          calls: entry.calls ?? action.calls,
          unsettledIntent: false,
        });
        break;
      case 'action.waiting':
        Object.assign(action, { status: 'waiting', reason: entry.reason, error: null });
        break;
    }
    return ok(undefined);
  }
  switch (entry.type) {
    case 'run.started':
    case 'run.resumed':
      state.status = 'running';
      break;
    case 'run.refused':
      state.refusal = entry.reason;
      break;
    case 'run.ended':
      state.status = entry.status;
      break;
    case 'inventory.drift':
      state.drift = entry.newResources;
      break;
    case 'exceptions.recorded':
      state.exceptions.push(...entry.exceptions);
      break;
    case 'approval.granted':
    case 'approval.denied':
      state.approvals.set(entry.name, { granted: entry.type === 'approval.granted', at: record.at });
      break;
    case 'step.verified':
      state.steps.set(entry.step, { status: 'verified', evidence: entry.evidence });
      break;
    case 'step.open':
      state.steps.set(entry.step, { status: 'open', reason: entry.reason });
      break;
  }
  return ok(undefined);
}

/** Rebuilds a run from its (already verified) journal records. */
export function replayRun(records: readonly JournalRecord[]): Result<RunState, DecomError> {
  const first = records[0];
  if (first === undefined || first.entry.type !== 'run.started') {
    return err(decomError.journalCorrupt({ message: 'the journal does not begin with run.started', line: 1 }));
  }
  const state = newRunState(first.entry.runId, first.entry.plan, first.at);
  for (const record of records) {
    const applied = applyRecord(state, record);
    if (applied.isErr()) return err(applied.error);
  }
  return ok(state);
}

/** A read-only copy of an action's state; its `attempts` are the provider calls it took. */
export function toActionRecord(state: ActionState): ActionRecord {
  const { action, status, reason, result, checkpoint, calls, error, gate } = state;
  return { action, status, reason, result, checkpoint, attempts: calls, error, gate };
}

/** `entry` with the provider calls its action has taken stamped on, when it is an action's outcome or checkpoint. */
export function withCalls(entry: JournalEntry, state: RunState): JournalEntry {
  switch (entry.type) {
    case 'action.checkpoint':
    case 'action.done':
    case 'action.failed':
    case 'action.skipped':
    case 'action.refused': {
      const action = state.actions.get(entry.key);
      return action === undefined ? entry : { ...entry, calls: action.calls };
    }
    default:
      return entry;
  }
}
