import { err, type Result, type ResultAsync } from 'neverthrow';
import { type DecomError, decomError } from '../errors/decom-error.js';
import type { JournalEntry } from '../journal/journal-entry.js';
import { type Action, idempotencyToken } from '../model/action.js';
import { exceptionOf } from '../model/exceptions.js';
import type { Gate } from '../model/gate.js';
import { decideScope } from '../model/scope.js';
import type {
  ActionHandler,
  BatchHandler,
  HandlerContext,
  HandlerOutcome,
  ReadonlyPorts,
} from '../spec/action-handler.js';
import { canonicalJson } from '../util/json.js';
import type { Batcher } from './batcher.js';
import type { DependentsAtApply } from './dependents-at-apply.js';
import type { EngineContext } from './engine-context.js';
import type { ExpectedArrivals } from './expected-arrivals.js';
import { firstUnmetGate } from './gates.js';
import { recreatedReason } from './planned-resources.js';
import type { PollRounds } from './poll-rounds.js';
import type { RequiredGatesOf } from './required-gates.js';
import type { ActionState, RunState } from './run-state.js';
import type { SemaphoreSlot } from './semaphore.js';
import type { TargetReader } from './target-reader.js';

const DEFAULT_POLL_MILLISECONDS = 5_000;

/** What the pipeline uses of its run. */
export interface PipelineServices {
  readonly context: EngineContext;
  readonly state: RunState;
  readonly signal: AbortSignal;
  readonly ports: ReadonlyPorts;
  readonly batcher: Batcher;
  /** The rounds of the polls that go together (`pollsTogether`). */
  readonly pollRounds: PollRounds;
  /** The fresh read of each target before its action, gathered; null when the run has no inventory port. */
  readonly targetReader: TargetReader | null;
  /** The actions on their way to a re-read or a batch: told when one leaves the path (skipped). */
  readonly arrivals: ExpectedArrivals;
  /** The gates the engine demands of each action whatever the plan says (DESIGN section 6). */
  readonly requiredGates: RequiredGatesOf;
  /** The hidden-dependency checks again before each deletion; null when the inventory offers none. */
  readonly dependents: DependentsAtApply | null;
  record(entry: JournalEntry): Promise<boolean>;
  wait(state: ActionState, gate: Gate | null, reason: string): Promise<void>;
  refuse(state: ActionState, reason: string): Promise<void>;
  fail(state: ActionState, error: DecomError): Promise<void>;
  approval(name: string, action: Action): Promise<Result<boolean, DecomError>>;
  retrying<T>(
    action: Action,
    operation: () => ResultAsync<T, DecomError> | PromiseLike<Result<T, DecomError>>,
  ): Promise<Result<T, DecomError>>;
}

/**
 * The handler context of one action. Its idempotency token is that of the
 * action's current attempt series (see `ActionState.tokenAttempt`): the same
 * across crashes and resumes, a new one after a failed attempt.
 */
export function handlerContextFor(
  services: Pick<PipelineServices, 'signal' | 'context' | 'ports' | 'state'>,
  action: Action,
): HandlerContext {
  return {
    signal: services.signal,
    clock: services.context.clock,
    get idempotencyToken() {
      return idempotencyToken(action.key, services.state.actions.get(action.key)?.tokenAttempt ?? 1);
    },
    runId: services.state.runId,
    ports: services.ports,
  };
}

/**
 * One action, from its journaled state to done: reconcile an interrupted
 * intent first; otherwise check gates, re-read the target, take rate-limit
 * tokens, journal the intent durably, execute (alone or in a batch), and poll
 * long waits through journaled checkpoints.
 */
export async function processAction(
  services: PipelineServices,
  state: ActionState,
  slot: SemaphoreSlot,
): Promise<void> {
  const { action } = state;
  const registered = services.context.handlers.get(action.kind);
  if (registered === undefined) {
    return services.fail(
      state,
      decomError.invalidInput(`no provider handles action kind "${action.kind}" (${action.key})`),
    );
  }
  const handler = registered.handler;
  const context = handlerContextFor(services, action);
  let outcome: HandlerOutcome | null = null;
  let reconciled = false;
  if (state.unsettledIntent) {
    if (state.checkpoint !== null) {
      outcome = { status: 'pending', checkpoint: state.checkpoint };
    } else {
      const found = await services.retrying(action, () => handler.reconcile(action, context));
      if (found.isErr()) return services.fail(state, found.error);
      if (found.value.status !== 'absent') {
        outcome = found.value;
        reconciled = true;
      }
    }
  }
  if (outcome === null) {
    const batchKey = handler.batch?.key(action) ?? null;
    const batchable = batchKey === null ? null : (handler as ActionHandler & { readonly batch: BatchHandler });
    if (!(await readyToExecute(services, state, handler, slot, batchable === null))) return;
    const attempt = state.attempts + 1;
    if (!(await services.record({ type: 'action.intent', key: action.key, attempt }))) return;
    services.context.emit({ type: 'action.started', runId: services.state.runId, action, attempt });
    let executed: Result<HandlerOutcome, DecomError>;
    if (batchable !== null && batchKey !== null) {
      slot.release(); // the batch call takes its own slot; let others gather meanwhile
      executed = await services.batcher.submit(batchable, action, batchKey);
    } else {
      executed = await services.retrying(
        action,
        retriesTakeTokens(services, handler, action, () => handler.execute(action, context)),
      );
    }
    if (executed.isErr()) return services.fail(state, executed.error);
    outcome = executed.value;
  }
  while (outcome.status === 'pending') {
    const pending: Extract<HandlerOutcome, { status: 'pending' }> = outcome;
    if (canonicalJson(pending.checkpoint) !== canonicalJson(state.checkpoint)) {
      if (!(await services.record({ type: 'action.checkpoint', key: action.key, checkpoint: pending.checkpoint })))
        return;
      services.context.emit({ type: 'action.checkpoint', runId: services.state.runId, action });
    }
    const poll = handler.poll?.bind(handler);
    if (poll === undefined) {
      const message = `the handler of "${action.kind}" returned pending but cannot poll (${action.key})`;
      return services.fail(state, decomError.providerFailure({ message, retryable: false }));
    }
    const left = timeLeft(state, services.context.clock.now());
    if (left !== null && left <= 0) return services.fail(state, timedOut(state));
    // A long wait holds no concurrency slot: other actions run meanwhile; the poll takes one again.
    slot.release();
    const pause = pending.pollAfterMilliseconds ?? DEFAULT_POLL_MILLISECONDS;
    const polling = () => services.retrying(action, () => poll(action, pending.checkpoint, context));
    let polled: Result<HandlerOutcome, DecomError>;
    if (pending.pollsTogether === true && left === null) {
      // Polled with every action pending with the same pause, in the round's one slot.
      try {
        polled = await services.pollRounds.join(pause, polling);
      } catch {
        return; // cancelled: the checkpoint is journaled, resume polls on
      }
    } else {
      try {
        await services.context.clock.sleep(left === null ? pause : Math.min(pause, left), services.signal);
      } catch {
        return; // cancelled: the checkpoint is journaled, resume polls on
      }
      await slot.take();
      polled = await polling();
    }
    if (polled.isErr()) return services.fail(state, polled.error);
    outcome = polled.value;
  }
  if (await services.record({ type: 'action.done', key: action.key, result: outcome.result, reconciled })) {
    services.context.emit({ type: 'action.done', runId: services.state.runId, action });
  }
}

/**
 * Milliseconds left before a long wait times out: an action whose params
 * carry `timeoutHours` (a `backup.create`) may stay pending that long after
 * its attempt's intent, measured on the engine's clock from the journaled
 * time, so a resume does not restart the count. Null: no limit.
 */
function timeLeft(state: ActionState, now: Date): number | null {
  const hours = state.action.params.timeoutHours;
  if (typeof hours !== 'number' || state.intentAt === null) return null;
  return Date.parse(state.intentAt) + hours * 3_600_000 - now.getTime();
}

function timedOut(state: ActionState): DecomError {
  const { action } = state;
  const hours = Number(action.params.timeoutHours);
  return decomError.timedOut({
    message: `${action.kind} of ${action.target.ref} did not finish within ${hours} h of its start at ${state.intentAt} (timeoutHours); resume to try again with a new request`,
    resource: action.target.ref,
    afterHours: hours,
  });
}

/**
 * Gates, then a fresh read of the target, then (for unbatched kinds)
 * rate-limit tokens: only then may the action run. The read is gathered with
 * other actions' (one provider call for many targets): the action's slot is
 * let go meanwhile, and taken again after.
 */
async function readyToExecute(
  services: PipelineServices,
  state: ActionState,
  handler: ActionHandler,
  slot: SemaphoreSlot,
  takeTokens: boolean,
): Promise<boolean> {
  const { action } = state;
  const required = services.requiredGates(action);
  if (required.refused) {
    await services.refuse(state, required.reason);
    return false;
  }
  if (required.gates.length > 0) {
    const unmet = await firstUnmetGate(
      required.gates === action.gates ? action : { ...action, gates: required.gates },
      {
        state: services.state,
        providers: services.context.providers,
        now: () => services.context.clock.now(),
        approval: (name) => services.approval(name, action),
      },
    );
    if (unmet.isErr()) {
      await services.fail(state, unmet.error);
      return false;
    }
    if (unmet.value !== null) {
      await services.wait(state, unmet.value.gate, unmet.value.reason);
      return false;
    }
  }
  const arn = action.target.arn;
  if (arn !== undefined) {
    const reader = services.targetReader;
    if (reader === null) {
      await services.refuse(state, `cannot re-read ${arn}: no inventory port`);
      return false;
    }
    slot.release();
    const current = await reader.read(action, arn);
    await slot.take();
    if (current.isErr()) {
      await services.fail(state, current.error);
      return false;
    }
    if (current.value === null) {
      const reason = `${arn} no longer exists`;
      services.arrivals.leave(action);
      await services.record({ type: 'action.skipped', key: action.key, reason });
      services.context.emit({ type: 'action.skipped', runId: services.state.runId, action, reason });
      return false;
    }
    const scope = decideScope(current.value, services.state.plan.workload.source);
    if (!scope.inScope) {
      await services.refuse(state, `out of scope now: ${scope.reason}`);
      return false;
    }
    const exception = exceptionOf(current.value, services.state.plan.workload);
    if (exception !== null) {
      await services.refuse(state, `${arn} is kept by the workload's exceptions (${exception.reason}): never touched`);
      return false;
    }
    if (required.resourceType !== null && current.value.type !== required.resourceType) {
      const reason = `${arn} is of type ${current.value.type}, not the ${required.resourceType} the plan says: its safety rules cannot be derived`;
      await services.refuse(state, reason);
      return false;
    }
    const recreated = recreatedReason(services.state.plan, current.value);
    if (recreated !== null) {
      await services.refuse(state, recreated);
      return false;
    }
    if (services.dependents?.covers(action) === true) {
      slot.release(); // the scan is shared by the deletions ready meanwhile
      const blocking = await services.dependents.blocking(action);
      await slot.take();
      if (blocking.isErr()) {
        await services.fail(state, blocking.error);
        return false;
      }
    }
  }
  const claims = takeTokens ? (handler.rateLimits?.(action) ?? []) : [];
  if (claims.length > 0) {
    // Waiting for a token holds no concurrency slot: actions of other buckets go meanwhile.
    slot.release();
    try {
      await services.context.rateLimiter.acquire(claims, services.signal);
    } catch {
      return false; // cancelled while waiting for a token
    } finally {
      await slot.take();
    }
  }
  return !services.signal.aborted;
}

/**
 * `execute` for the retry loop: the first call's tokens were taken before it
 * (readyToExecute); each retry sends the request again, so it takes the
 * action's claims again first (AWS counts every attempt). Cancelled while
 * waiting: the retry is not sent and the abort ends the loop.
 */
function retriesTakeTokens<T>(
  services: PipelineServices,
  handler: ActionHandler,
  action: Action,
  execute: () => ResultAsync<T, DecomError> | PromiseLike<Result<T, DecomError>>,
): () => PromiseLike<Result<T, DecomError>> {
  let calls = 0;
  return async () => {
    calls += 1;
    const claims = calls > 1 ? (handler.rateLimits?.(action) ?? []) : [];
    if (claims.length > 0) {
      try {
        await services.context.rateLimiter.acquire(claims, services.signal);
      } catch {
        return err(decomError.cancelled());
      }
    }
    return execute();
  };
}
