import { err, ok, type Result } from 'neverthrow';
import { type DecomError, decomError } from '../errors/decom-error.js';
import { type ChainHead, EMPTY_CHAIN } from '../journal/hash-chain.js';
import type { JournalRecord, RunStatus } from '../journal/journal-entry.js';
import type { Action } from '../model/action.js';
import type { Evidence } from '../model/evidence.js';
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
  attempts: number;
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
}

/** What the journal says about one step. */
export type StepState =
  | { readonly status: 'pending' }
  | { readonly status: 'verified'; readonly evidence: Evidence }
  | { readonly status: 'open'; readonly reason: string };

/** A run rebuilt from its journal. */
export interface RunState {
  readonly runId: string;
  readonly plan: Plan;
  readonly actions: Map<string, ActionState>;
  readonly approvals: Map<string, boolean>;
  readonly steps: Map<string, StepState>;
  drift: readonly string[];
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
        unsettledIntent: false,
        intentAt: null,
        tokenAttempt: 0,
        failedAttempt: 0,
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
    switch (entry.type) {
      case 'action.intent': {
        const newToken = action.tokenAttempt === 0 || action.failedAttempt >= action.tokenAttempt;
        Object.assign(action, {
          status: 'running',
          reason: null,
          attempts: entry.attempt,
          unsettledIntent: true,
          intentAt: record.at,
          tokenAttempt: newToken ? entry.attempt : action.tokenAttempt,
        });
        break;
      }
      case 'action.checkpoint':
        Object.assign(action, { status: 'running', checkpoint: entry.checkpoint });
        break;
      case 'action.done':
        Object.assign(action, { status: 'done', reason: null, result: entry.result, unsettledIntent: false });
        break;
      case 'action.failed':
        Object.assign(action, {
          status: 'failed',
          reason: `${entry.code}: ${entry.reason}`,
          // The attempt is over: the next one starts afresh, with its own idempotency token.
          failedAttempt: Math.max(action.attempts, 1),
          unsettledIntent: false,
          checkpoint: null,
        });
        break;
      case 'action.skipped':
        Object.assign(action, { status: 'skipped', reason: entry.reason, unsettledIntent: false });
        break;
      case 'action.refused':
        Object.assign(action, { status: 'refused', reason: entry.reason, unsettledIntent: false });
        break;
      case 'action.waiting':
        Object.assign(action, { status: 'waiting', reason: entry.reason });
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
    case 'approval.granted':
      state.approvals.set(entry.name, true);
      break;
    case 'approval.denied':
      state.approvals.set(entry.name, false);
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

/** A read-only copy of an action's state. */
export function toActionRecord(state: ActionState): ActionRecord {
  const { unsettledIntent: _internal, intentAt: _at, tokenAttempt: _token, failedAttempt: _failed, ...record } = state;
  return { ...record };
}
