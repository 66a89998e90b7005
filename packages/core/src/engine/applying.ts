import { setMaxListeners } from 'node:events';
import { err, ok, type Result, type ResultAsync } from 'neverthrow';
import { type DecomError, decomError } from '../errors/decom-error.js';
import type { JournalWriter } from '../journal/journal.js';
import type { JournalEntry, RunStatus } from '../journal/journal-entry.js';
import { journaledError } from '../journal/journaled-error.js';
import type { Action } from '../model/action.js';
import type { VerifyOutcome } from '../model/evidence.js';
import type { Gate } from '../model/gate.js';
import type { PlannedStep } from '../model/plan.js';
import { type Step, stepFailure, type VerifyContext } from '../model/step.js';
import type { WorkloadException } from '../model/workload-schema.js';
import type { ReadonlyPorts } from '../spec/action-handler.js';
import type { PortName } from '../spec/providers.js';
import { typeTraitsOf } from '../steps/resource-kinds.js';
import { fromReturned } from '../util/awaitable.js';
import { canonicalJson } from '../util/json.js';
import { checkAccountGuard } from './account-guard.js';
import { isSettled, orderByDependencies } from './action-order.js';
import { handlerContextFor, type PipelineServices, processAction } from './action-pipeline.js';
import { type ApprovalOptions, Approvals } from './approvals.js';
import { Batcher } from './batcher.js';
import { DependentsAtApply } from './dependents-at-apply.js';
import { discoverKeptArns } from './discover-inventory.js';
import type { EngineContext } from './engine-context.js';
import { ExpectedArrivals } from './expected-arrivals.js';
import { LAUNCH_WINDOW, runInWindow } from './launch-window.js';
import { PollRounds } from './poll-rounds.js';
import { type RequiredGatesOf, requiredGatesOf } from './required-gates.js';
import { portsFor } from './restricted-port.js';
import { withRetry } from './retry.js';
import { blockingFindings, exceptedIn, inventoryIn } from './run-exceptions.js';
import { type ActionState, applyRecord, type RunState, toActionRecord, withCalls } from './run-state.js';
import { Semaphore, SemaphoreSlot } from './semaphore.js';
import { TargetReader } from './target-reader.js';

/** Options of `apply` and `resume`: the approvals (see {@link ApprovalOptions}) and cancellation. */
export interface RunOptions extends ApprovalOptions {
  /** Aborts the run: no new action starts, running ones are told, the journal stays resumable. */
  readonly signal?: AbortSignal;
  /**
   * Takes the run's lease from its holder even though the holder's heartbeat is fresh (one runner
   * per run; without it a held run gives `Conflict` naming the holder). Only for a holder known to be
   * gone, such as a killed process; the takeover is journaled (`run.leaseTakenOver`).
   */
  readonly takeOver?: boolean;
  /**
   * Resources that stay on purpose, recorded in the run's journal before it
   * goes on (each with its reason and approver): typically the unhandled
   * resource that kept "Retire AWS resources" open. Each must name a resource
   * of the run's inventory that the plan does not change; its blocking
   * findings are then accepted, and the evidence lists it. Recorded once,
   * honoured on every later resume. To keep a resource the plan would change,
   * put the exception in the workload and plan again.
   */
  readonly exceptions?: readonly WorkloadException[];
  /**
   * Carries out only the actions with these keys in this call: the others keep
   * their journaled state. Every rule applies to them as to any action (gates,
   * the re-read, the dependents check, intent before the call, reconcile after
   * a crash), and a step is verified once all its actions are done, as always.
   * The check for new resources (drift) is made by a call that acts on none
   * (`only: []`, which checks the account, drift and the steps) or all.
   * Each key must be an action of the run (`InvalidInput` otherwise).
   *
   * For schedulers that hand out actions one at a time, such as the Temporal
   * runner (one activity per action): each action its own short session.
   *
   * @example
   * ```ts
   * const report = await engine.resume(runId, { only: ['ec2.stop:i-0abc'] });
   * ```
   */
  readonly only?: readonly string[];
}

/** A provider call, retried as a whole. */
type ProviderCall<T> = () => ResultAsync<T, DecomError> | PromiseLike<Result<T, DecomError>>;

/** Executes (or continues) one run against its journal. One instance per apply/resume call. */
export class RunExecution implements PipelineServices {
  private fatal: DecomError | null = null;
  private readonly semaphore: Semaphore;
  private readonly approvals: Approvals;
  readonly signal: AbortSignal;
  private readonly unlinkSignal: () => void;
  readonly ports: ReadonlyPorts;
  readonly batcher: Batcher;
  readonly pollRounds: PollRounds;
  readonly targetReader: TargetReader | null;
  readonly arrivals: ExpectedArrivals;
  readonly requiredGates: RequiredGatesOf;
  readonly dependents: DependentsAtApply | null;
  /** The actions this call carries out (`RunOptions.only`); null: all. */
  private readonly only: ReadonlySet<string> | null;

  constructor(
    readonly context: EngineContext,
    readonly state: RunState,
    private readonly writer: JournalWriter,
    options: RunOptions,
  ) {
    this.semaphore = new Semaphore(context.concurrency);
    this.only = options.only === undefined ? null : new Set(options.only);
    this.approvals = new Approvals(state, options, (entry) => this.record(entry));
    // The run listens on its own signal, linked to the caller's: every sleeping action and token wait
    // adds a listener, and the caller's signal is left as it was given.
    const internal = new AbortController();
    const outer = options.signal;
    if (outer?.aborted) internal.abort(outer.reason);
    const forward = () => internal.abort(outer?.reason);
    outer?.addEventListener('abort', forward, { once: true });
    this.unlinkSignal = () => outer?.removeEventListener('abort', forward);
    this.signal = internal.signal;
    setMaxListeners(0, this.signal);
    this.ports = portsFor(context.providers, Object.keys(context.providers), 'handler') as ReadonlyPorts;
    this.requiredGates = requiredGatesOf(
      state.plan,
      { cutoverItem: context.steps.some((step) => step.item === 'cutover') },
      typeTraitsOf(context.providers.inventory?.resourceTypes),
    );
    this.batcher = new Batcher({
      semaphore: this.semaphore,
      rateLimiter: context.rateLimiter,
      signal: this.signal,
      clock: context.clock,
      retrying: (actions, operation) => this.callingHandler(actions, operation),
      contextFor: (action) => handlerContextFor(this, action),
    });
    this.pollRounds = new PollRounds({ semaphore: this.semaphore, signal: this.signal, clock: context.clock });
    const inventory = context.providers.inventory;
    this.targetReader =
      inventory === undefined
        ? null
        : new TargetReader({
            inventory,
            semaphore: this.semaphore,
            clock: context.clock,
            retrying: (action, operation) => this.withRetry(action, operation),
          });
    this.dependents =
      inventory?.findDependents === undefined ? null : new DependentsAtApply(inventory, state, context.clock);
    const { batcher, targetReader } = this;
    this.arrivals = new ExpectedArrivals({ handlers: context.handlers, batcher, targetReader });
  }

  /**
   * Records an entry durably and applies it to the state. False when the
   * journal failed (the run stops). An action's outcome is stamped with the
   * provider calls the action has taken so far (`calls`), so a resume counts on.
   */
  async record(entry: JournalEntry): Promise<boolean> {
    if (this.fatal !== null) return false;
    const written = await this.writer.append(withCalls(entry, this.state), this.context.clock.now());
    if (written.isErr()) {
      this.fatal = written.error;
      return false;
    }
    applyRecord(this.state, written.value);
    return true;
  }

  /** Runs every step in order; returns how the run stands. */
  async run(): Promise<Result<RunStatus, DecomError>> {
    try {
      return await this.runSteps();
    } finally {
      this.unlinkSignal();
    }
  }

  private async runSteps(): Promise<Result<RunStatus, DecomError>> {
    const { workload } = this.state.plan;
    const actsOnResources = [...this.state.actions.values()].some(
      (action) => action.action.target.arn !== undefined && !isSettled(action),
    );
    const guard = await checkAccountGuard(this.context.providers, workload, actsOnResources);
    if (guard.isErr()) {
      await this.record({ type: 'run.refused', reason: guard.error.message });
      await this.end('refused');
      return err(guard.error);
    }
    if (this.only === null || this.only.size === 0) {
      const drift = await this.detectDrift();
      if (drift.isErr()) return this.stop(drift.error);
    }
    for (const step of this.context.steps) {
      if (this.signal.aborted || this.fatal !== null) break;
      const planned = this.state.plan.steps.find((candidate) => candidate.id === step.id);
      if (planned !== undefined) await this.runStep(step, planned);
    }
    if (this.fatal !== null) return this.stop(this.fatal);
    if (this.signal.aborted) {
      await this.end('cancelled');
      return err(
        decomError.cancelled(`run ${this.state.runId} was cancelled; resume it to continue`, this.signal.reason),
      );
    }
    const status = this.finalStatus();
    await this.end(status);
    return this.fatal === null ? ok(status) : err(this.fatal);
  }

  private async stop(error: DecomError): Promise<Result<RunStatus, DecomError>> {
    await this.end('failed');
    return err(error);
  }

  private async end(status: RunStatus): Promise<void> {
    await this.record({ type: 'run.ended', status });
    this.context.emit({ type: 'run.finished', runId: this.state.runId, status });
  }

  private finalStatus(): RunStatus {
    const actions = [...this.state.actions.values()];
    if (actions.some((action) => action.status === 'failed' || action.status === 'refused')) return 'failed';
    if (actions.some((action) => action.status !== 'done' && action.status !== 'skipped')) return 'waiting';
    const allVerified = [...this.state.steps.values()].every((step) => step.status === 'verified');
    return allVerified ? 'completed' : 'incomplete';
  }

  private async detectDrift(): Promise<Result<void, DecomError>> {
    const inventory = this.context.providers.inventory;
    if (inventory === undefined) return ok(undefined);
    const current = await discoverKeptArns(inventory, this.state.plan.workload);
    if (current.isErr()) return err(current.error);
    const planned = new Set(this.state.plan.inventory.map((resource) => resource.arn));
    const newResources = [...current.value].filter((arn) => !planned.has(arn));
    if (newResources.length > 0 && canonicalJson(newResources) !== canonicalJson(this.state.drift)) {
      await this.record({ type: 'inventory.drift', newResources });
      this.context.emit({ type: 'inventory.drift', runId: this.state.runId, newResources });
    }
    return ok(undefined);
  }

  private async runStep(step: Step<PortName>, planned: PlannedStep): Promise<void> {
    const stepState = this.state.steps.get(step.id);
    if (stepState?.status === 'verified') return;
    this.context.emit({ type: 'step.started', runId: this.state.runId, step: step.id });
    const actions = planned.actions.map((action) => this.actionState(action.key));
    const only = this.only;
    const carried = only === null ? actions : actions.filter((action) => only.has(action.action.key));
    const blocker = step.after.find((other) => this.state.steps.get(other)?.status !== 'verified');
    if (blocker !== undefined) {
      for (const action of carried) {
        if (!isSettled(action)) await this.wait(action, null, `waits for step "${blocker}" to be verified`);
      }
      return;
    }
    await this.runActions(orderByDependencies(carried));
    if (this.fatal !== null || this.signal.aborted) return;
    if (!actions.every((action) => action.status === 'done' || action.status === 'skipped')) return;
    await this.verifyStep(step, planned, actions);
  }

  private async verifyStep(step: Step<PortName>, planned: PlannedStep, actions: readonly ActionState[]): Promise<void> {
    const excepted = exceptedIn(this.state);
    const blocking = blockingFindings(planned.findings, excepted);
    let outcome: VerifyOutcome;
    if (blocking.length > 0) {
      outcome = {
        status: 'open',
        reason: `blocking findings: ${blocking.map((finding) => finding.message).join('; ')}`,
      };
    } else {
      const verifyContext: VerifyContext<PortName> = {
        workload: this.state.plan.workload,
        ports: portsFor(this.context.providers, step.needs, 'step') as VerifyContext<PortName>['ports'],
        inventory: inventoryIn(this.state),
        excepted,
        now: this.context.clock.now(),
        actions: actions.map(toActionRecord),
        findings: planned.findings,
      };
      const verified = await fromReturned<VerifyOutcome>(`step "${step.id}" verify`, () => step.verify(verifyContext));
      outcome = verified.isOk()
        ? verified.value
        : { status: 'open', reason: stepFailure(step, 'verify', verified.error).message };
    }
    if (outcome.status === 'verified') {
      await this.record({ type: 'step.verified', step: step.id, evidence: outcome.evidence });
      this.context.emit({ type: 'step.verified', runId: this.state.runId, step: step.id, evidence: outcome.evidence });
    } else {
      await this.record({ type: 'step.open', step: step.id, reason: outcome.reason });
      this.context.emit({ type: 'step.open', runId: this.state.runId, step: step.id, reason: outcome.reason });
    }
  }

  /**
   * Runs actions in dependency order, launching at most a window of them ahead
   * ({@link runInWindow}): each waits for its dependencies, then for a concurrency slot.
   */
  private runActions(ordered: readonly ActionState[]): Promise<void> {
    const tasks = new Map<string, Promise<ActionState>>();
    return runInWindow(ordered, Math.max(LAUNCH_WINDOW, this.context.concurrency * 8), (action) => {
      const task = this.runAction(action, tasks);
      tasks.set(action.action.key, task);
      return task;
    });
  }

  private async runAction(action: ActionState, tasks: ReadonlyMap<string, Promise<ActionState>>): Promise<ActionState> {
    if (isSettled(action)) return action;
    for (const key of action.action.dependsOn) {
      // Not run in this call (`only`, or another step): its journaled state says.
      const dependency = (await tasks.get(key)) ?? this.state.actions.get(key);
      if (dependency !== undefined && dependency.status !== 'done' && dependency.status !== 'skipped') {
        await this.wait(action, null, `waits for ${key} (${dependency.status})`);
        return action;
      }
    }
    this.arrivals.announce(action); // on its way to its re-read and batch: they wait for it
    const slot = new SemaphoreSlot(this.semaphore);
    try {
      await slot.take();
      if (!this.signal.aborted && this.fatal === null) await processAction(this, action, slot);
    } finally {
      slot.release();
      this.arrivals.leave(action.action);
    }
    return action;
  }

  approval(name: string, action: Action): Promise<Result<boolean, DecomError>> {
    return this.approvals.granted(name, action);
  }

  /**
   * Runs one of the action's handler calls (execute, reconcile, poll) with the
   * retry policy. Each call, retries included, counts as an attempt of the action.
   */
  retrying<T>(action: Action, operation: ProviderCall<T>): Promise<Result<T, DecomError>> {
    return this.callingHandler([action], operation);
  }

  /** A handler call for several actions at once (a batch): each call counts as an attempt of each of them. */
  private callingHandler<T>(actions: readonly Action[], operation: ProviderCall<T>): Promise<Result<T, DecomError>> {
    const states = actions.map((action) => this.state.actions.get(action.key));
    const counted = () => {
      for (const state of states) if (state !== undefined) state.calls += 1;
      return operation();
    };
    return this.withRetry(actions[0] as Action, counted);
  }

  /** Any provider call with the retry policy; retries are announced as `action.retrying` events of `action`. */
  private withRetry<T>(action: Action, operation: ProviderCall<T>): Promise<Result<T, DecomError>> {
    return withRetry(operation, {
      policy: this.context.retry,
      clock: this.context.clock,
      random: this.context.random,
      signal: this.signal,
      onRetry: (error, _attempt, delayMilliseconds) =>
        this.context.emit({ type: 'action.retrying', runId: this.state.runId, action, error, delayMilliseconds }),
    });
  }

  async wait(state: ActionState, gate: Gate | null, reason: string): Promise<void> {
    this.arrivals.leave(state.action);
    if (state.status !== 'waiting' || state.reason !== reason) {
      await this.record({ type: 'action.waiting', key: state.action.key, gate, reason });
    }
    if (gate !== null)
      this.context.emit({ type: 'gate.waiting', runId: this.state.runId, action: state.action, gate, reason });
  }

  async refuse(state: ActionState, reason: string): Promise<void> {
    this.arrivals.leave(state.action);
    await this.record({ type: 'action.refused', key: state.action.key, reason });
    this.context.emit({ type: 'action.refused', runId: this.state.runId, action: state.action, reason });
  }

  async fail(state: ActionState, error: DecomError): Promise<void> {
    this.arrivals.leave(state.action);
    if (error.code === 'Cancelled') return;
    await this.record({
      type: 'action.failed',
      key: state.action.key,
      code: error.code,
      reason: error.message,
      error: journaledError(error),
    });
    this.context.emit({ type: 'action.failed', runId: this.state.runId, action: state.action, error });
  }

  private actionState(key: string): ActionState {
    const state = this.state.actions.get(key);
    if (state === undefined) throw new Error(`internal: action ${key} missing from the run state`);
    return state;
  }
}
