import { err, errAsync, ok, type Result, ResultAsync } from 'neverthrow';
import { type DecomError, decomError, type InputIssue, type InvalidInputError } from '../errors/decom-error.js';
import type { Journal, JournalWriter } from '../journal/journal.js';
import { newRunId } from '../journal/run-id.js';
import { keyring, type SigningOptions } from '../journal/signing.js';
import type { Checklist } from '../model/checklist.js';
import type { ExceptedResource } from '../model/exceptions.js';
import { type Plan, planHash } from '../model/plan.js';
import { buildRunReport, type RunReport } from '../report/run-report.js';
import type { ActionHandler } from '../spec/action-handler.js';
import { systemClock } from '../spec/clock.js';
import {
  type HandlerRegistry,
  type PortName,
  type Providers,
  REQUIRED_PORT_METHODS,
  type SuppliedPorts,
} from '../spec/providers.js';
import { guardInput, guardInputAsync } from '../util/guard-input.js';
import { hashValue } from '../util/hash.js';
import { redactSecrets } from '../util/redact.js';
import { RunExecution, type RunOptions } from './applying.js';
import type { EngineContext } from './engine-context.js';
import type { EngineEvent, EventListener } from './events.js';
import { checkPlanHoldsNoSecret, checkPlannedActions, planChecklist } from './planning.js';
import { portVersionIssue } from './port-version-check.js';
import { checkRateLimitOptions, RateLimiter, type RateLimitOptions } from './rate-limits.js';
import { redactingHandler, redactingProviders } from './redacting-port.js';
import { checkRetryPolicy, type RetryPolicy } from './retry.js';
import { exceptionsToRecord } from './run-exceptions.js';
import { checkPlanSignature, loadRun, openRun, sealRun, startFailure } from './run-integrity.js';
import { checkOnlyKeys, checkRunOptions } from './run-options.js';
import { newRunState } from './run-state.js';

/** Options of {@link createEngine}. */
export interface EngineOptions<P extends Providers, Needs extends PortName> {
  /** The steps to plan and apply, and the workload they act on. */
  readonly checklist: Checklist<Needs>;
  /** The ports; every port a step `needs` must be here. */
  readonly providers: P;
  readonly journal: Journal;
  /** Actions run at once within a step; default 8. */
  readonly concurrency?: number;
  /** Limits of the engine's own token buckets (claims of mutating calls), with adaptive pacing; see {@link RateLimitOptions}. */
  readonly rateLimits?: RateLimitOptions;
  /**
   * A rate limiter shared with the providers (`createRateLimiter`, then the
   * same object to `awsSource({ rateLimiter })`): the engine's claims and the
   * providers' requests draw on one bucket per (service, bucket, account,
   * region), and throttles the providers see slow the engine's buckets too.
   * Give this or `rateLimits`, not both; a limiter of its own by default.
   */
  readonly rateLimiter?: RateLimiter;
  readonly retry?: Partial<RetryPolicy>;
  /** Source of randomness for back-off jitter and run ids (seed it in tests). */
  readonly random?: () => number;
  readonly onEvent?: EventListener;
  /**
   * Keyed integrity: plans are signed when made and applied only when their
   * signature verifies; every journal line and each run's seal is signed, and
   * resume and status refuse a journal that does not verify under the key.
   */
  readonly signing?: SigningOptions;
}

/** Names the ports a checklist needs that the providers do not supply, as a compile-time error. */
export type MissingPortsCheck<P, Needs extends PortName> = [Exclude<Needs, SuppliedPorts<P>>] extends [never]
  ? unknown
  : { readonly missingProviderPorts: Exclude<Needs, SuppliedPorts<P>> };

/** Options of `apply`. */
export interface ApplyOptions extends RunOptions {
  /** The id of the new run; default `<workload>-<time>-<random>`. */
  readonly runId?: string;
}

/**
 * Plans and applies a checklist. Every method returns a `ResultAsync`; none
 * throws. Plans are plain JSON; runs are journaled and resumable.
 */
export interface Engine {
  /** Reads the world and proposes actions. Makes no change. */
  plan(): ResultAsync<Plan, DecomError>;
  /** Executes exactly the plan's actions, gate by gate, journaling each. */
  apply(plan: Plan, options?: ApplyOptions): ResultAsync<RunReport, DecomError>;
  /** Continues a run from its journal: done actions are not repeated; interrupted ones are reconciled first. */
  resume(runId: string, options?: RunOptions): ResultAsync<RunReport, DecomError>;
  /** The run as its journal tells it, without acting. */
  status(runId: string): ResultAsync<RunReport, DecomError>;
}

/**
 * Creates an engine for a checklist and a set of providers. A step whose
 * `needs` the providers lack is a compile-time error for typed callers and an
 * `InvalidInput` here for untyped ones; so is a port whose
 * `specificationVersion` is not {@link PORT_SPECIFICATION_VERSION}.
 *
 * @example
 * ```ts
 * const engine = createEngine({ checklist, providers: cloud.providers, journal: fileJournal('.decomkit') });
 * if (engine.isErr()) throw new Error(engine.error.message);
 * const plan = await engine.value.plan();
 * const run = await plan.asyncAndThen((p) => engine.value.apply(p, { approve: async (request) => askHuman(request) }));
 * ```
 */
export function createEngine<P extends Providers, Needs extends PortName>(
  options: EngineOptions<P, Needs> & MissingPortsCheck<P, Needs>,
): Result<Engine, InvalidInputError> {
  // Every entry point reads the caller's values inside a guard: whatever they throw is InvalidInput.
  const checked = guardInput('createEngine options', () => checkOptions(options));
  if (checked.isErr()) return err(checked.error);
  const { context, journal } = checked.value;
  // Plans this engine made (deep-frozen) or already checked need not be hashed again.
  const checkedPlans = new WeakSet<Plan>();
  const checkPlanOnce = (plan: Plan): Result<void, DecomError> => {
    if (checkedPlans.has(plan)) return ok(undefined);
    // A plan is journaled as it is only when redaction leaves it unchanged (checked at apply only:
    // a resumed run's plan is the one its journal already holds).
    const valid = checkPlan(context, plan).andThen(() => checkPlanHoldsNoSecret(plan));
    if (valid.isOk() && Object.isFrozen(plan)) checkedPlans.add(plan);
    return valid;
  };
  return ok({
    plan: () =>
      guardInputAsync('engine.plan', () =>
        planChecklist(context).map((plan) => {
          checkedPlans.add(plan); // checked while planning, and frozen
          return plan;
        }),
      ),
    apply: (plan, applyOptions) =>
      guardInputAsync('engine.apply', () =>
        checkRunOptions(applyOptions).asyncAndThen((copied) => apply(context, journal, checkPlanOnce, plan, copied)),
      ),
    resume: (runId, runOptions) =>
      guardInputAsync('engine.resume', () =>
        checkRunOptions(runOptions).asyncAndThen((copied) =>
          resume(context, journal, (plan) => checkPlan(context, plan), runId, copied),
        ),
      ),
    status: (runId) => guardInputAsync('engine.status', () => loadRun(context, journal, runId).map(buildRunReport)),
  });
}

function apply(
  context: EngineContext,
  journal: Journal,
  check: (plan: Plan) => Result<void, DecomError>,
  plan: Plan,
  options: ApplyOptions,
): ResultAsync<RunReport, DecomError> {
  const valid = check(plan);
  if (valid.isErr()) return errAsync(valid.error);
  const startedAt = context.clock.now();
  const runId = options.runId ?? newRunId(plan.workload.id, startedAt, context.random);
  const state = newRunState(runId, plan, startedAt.toISOString());
  const only = checkOnlyKeys(state, options.only);
  if (only.isErr()) return errAsync(only.error);
  const exceptions = exceptionsToRecord(state, options.exceptions ?? []);
  if (exceptions.isErr()) return errAsync(exceptions.error);
  return openRun(context, journal, runId, undefined, options.takeOver === true).andThen((writer) => {
    const execution = new RunExecution(context, state, writer, options);
    const run = async (): Promise<Result<RunReport, DecomError>> => {
      if (
        !(await execution.record({ type: 'run.started', runId, plan })) ||
        !(await recordTakeover(execution, writer)) ||
        !(await recordExceptions(execution, exceptions.value))
      ) {
        return err(startFailure(`the start of run ${runId}`, writer));
      }
      context.emit({ type: 'run.started', runId, actions: state.actions.size });
      const outcome = await execution.run();
      const sealed = await sealRun(context, journal, state);
      return outcome.andThen(() => sealed).map(() => buildRunReport(state));
    };
    return new ResultAsync(closing(writer, run()));
  });
}

/** Journals that this run's lease was taken from a previous holder. False when the journal failed. */
function recordTakeover(execution: RunExecution, writer: JournalWriter): Promise<boolean> {
  const takeover = writer.takeover;
  if (takeover === undefined || takeover === null) return Promise.resolve(true);
  return execution.record({ type: 'run.leaseTakenOver', previous: takeover.previous, reason: takeover.reason });
}

/** Journals the exceptions given to this apply or resume, if any. False when the journal failed. */
function recordExceptions(execution: RunExecution, exceptions: readonly ExceptedResource[]): Promise<boolean> {
  if (exceptions.length === 0) return Promise.resolve(true);
  return execution.record({ type: 'exceptions.recorded', exceptions });
}

/** Closes the writer (releasing the run's lease) however the run ended. */
async function closing<T>(writer: JournalWriter, running: Promise<T>): Promise<T> {
  try {
    return await running;
  } finally {
    await writer.close();
  }
}

function resume(
  context: EngineContext,
  journal: Journal,
  check: (plan: Plan) => Result<void, DecomError>,
  runId: string,
  options: RunOptions,
): ResultAsync<RunReport, DecomError> {
  return loadRun(context, journal, runId).andThen((state) => {
    const valid = check(state.plan);
    if (valid.isErr()) return errAsync(valid.error);
    const only = checkOnlyKeys(state, options.only);
    if (only.isErr()) return errAsync(only.error);
    const exceptions = exceptionsToRecord(state, options.exceptions ?? []);
    if (exceptions.isErr()) return errAsync(exceptions.error);
    return openRun(context, journal, runId, state.head, options.takeOver === true).andThen((writer) => {
      const execution = new RunExecution(context, state, writer, options);
      const run = async (): Promise<Result<RunReport, DecomError>> => {
        if (
          !(await execution.record({ type: 'run.resumed', runId })) ||
          !(await recordTakeover(execution, writer)) ||
          !(await recordExceptions(execution, exceptions.value))
        ) {
          return err(startFailure(`the resumption of run ${runId}`, writer));
        }
        context.emit({ type: 'run.resumed', runId });
        const outcome = await execution.run();
        const sealed = await sealRun(context, journal, state);
        return outcome.andThen(() => sealed).map(() => buildRunReport(state));
      };
      return new ResultAsync(closing(writer, run()));
    });
  });
}

/** A plan is applied only if untouched since planning and made from this engine's checklist. */
function checkPlan(context: EngineContext, plan: Plan): Result<void, DecomError> {
  if (plan === null || typeof plan !== 'object' || !Array.isArray(plan.steps)) {
    return err(
      decomError.invalidInput('not a plan', [{ path: 'plan', message: 'expected the object engine.plan() returned' }]),
    );
  }
  if (planHash(plan) !== plan.hash) {
    return err(
      decomError.invalidInput('the plan was changed after it was made: its hash does not match its content', [
        { path: 'plan.hash', message: 'mismatch' },
      ]),
    );
  }
  const signed = checkPlanSignature(context, plan);
  if (signed.isErr()) return signed;
  if (hashValue(plan.workload) !== hashValue(context.checklist.workload)) {
    return err(
      decomError.invalidInput(`the plan is for another workload ("${plan.workload.id}") or another version of it`, [
        { path: 'plan.workload', message: 'differs from the engine checklist workload' },
      ]),
    );
  }
  // Ids and items: the item gates (cutoverConfirmed, itemVerified) read the plan's steps.
  const planned = plan.steps.map((step) => `${step.id} (${step.item})`).join(', ');
  const ours = context.steps.map((step) => `${step.id} (${step.item})`).join(', ');
  if (planned !== ours) {
    return err(
      decomError.invalidInput(`the plan's steps (${planned}) are not this engine's checklist (${ours})`, [
        { path: 'plan.steps', message: 'differ from the checklist' },
      ]),
    );
  }
  return checkPlannedActions(context, plan.steps, plan.inventory);
}

function checkOptions<P extends Providers, Needs extends PortName>(
  options: EngineOptions<P, Needs>,
): Result<{ context: EngineContext; journal: Journal }, InvalidInputError> {
  const issues: InputIssue[] = [];
  if (options === null || typeof options !== 'object') {
    return err(
      decomError.invalidInput('createEngine needs an options object', [{ path: '(options)', message: 'missing' }]),
    );
  }
  const providers = (options.providers ?? null) as Providers | null;
  if (providers === null || typeof providers !== 'object')
    issues.push({ path: 'providers', message: 'must be an object of ports' });
  const journal = options.journal;
  if (
    journal === null ||
    typeof journal !== 'object' ||
    ['open', 'read', 'list'].some(
      (method) => typeof (journal as unknown as Record<string, unknown>)[method] !== 'function',
    )
  ) {
    issues.push({ path: 'journal', message: 'must be a journal (fileJournal(dir) or memoryJournal())' });
  }
  const concurrency = options.concurrency ?? 8;
  if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > 1024) {
    issues.push({ path: 'concurrency', message: `must be an integer from 1 to 1024, got ${String(concurrency)}` });
  }
  const { policy: retry, issues: retryIssues } = checkRetryPolicy(options.retry);
  const { options: rateLimits, issues: rateIssues } = checkRateLimitOptions(options.rateLimits);
  issues.push(...retryIssues, ...rateIssues);
  if (options.rateLimiter !== undefined && !(options.rateLimiter instanceof RateLimiter)) {
    issues.push({ path: 'rateLimiter', message: 'must be a RateLimiter (createRateLimiter)' });
  } else if (options.rateLimiter !== undefined && options.rateLimits !== undefined) {
    issues.push({
      path: 'rateLimits',
      message: 'give rateLimits or rateLimiter, not both (the limiter has its limits)',
    });
  }
  for (const name of ['random', 'onEvent'] as const) {
    if (options[name] !== undefined && typeof options[name] !== 'function')
      issues.push({ path: name, message: 'must be a function' });
  }
  const keys = options.signing === undefined ? ok(null) : keyring(options.signing, 'signing');
  if (keys.isErr()) issues.push(...keys.error.issues);
  else if (keys.value?.signer === null) issues.push({ path: 'signing.key', message: 'a public key cannot sign' });
  const checklist = options.checklist;
  if (checklist === null || typeof checklist !== 'object' || typeof checklist.validate !== 'function') {
    issues.push({ path: 'checklist', message: 'must be a checklist (createChecklist or decommissionChecklist)' });
    return err(
      decomError.invalidInput(
        `invalid engine options: ${issues.map((issue) => `${issue.path}: ${issue.message}`).join('; ')}`,
        issues,
      ),
    );
  }
  const steps = checklist.validate();
  if (steps.isErr()) issues.push(...steps.error.issues.map((issue) => ({ ...issue, path: `checklist.${issue.path}` })));
  const handlers = new Map<string, { port: string; handler: ActionHandler }>();
  if (providers !== null && typeof providers === 'object') {
    issues.push(...checkPorts(providers, handlers));
    for (const step of steps.isOk() ? steps.value : []) {
      for (const need of step.needs) {
        if ((providers as Record<string, unknown>)[need] === undefined) {
          issues.push({
            path: `providers.${need}`,
            message: `step "${step.id}" needs the "${need}" port, which no provider supplies`,
          });
        }
      }
    }
  }
  if (issues.length > 0 || steps.isErr() || providers === null) {
    return err(
      decomError.invalidInput(
        `invalid engine options: ${issues.map((issue) => `${issue.path}: ${issue.message}`).join('; ')}`,
        issues,
      ),
    );
  }
  const clock = providers.clock ?? systemClock;
  const listener = options.onEvent;
  const context: EngineContext = {
    checklist: checklist as unknown as Checklist<PortName>,
    steps: steps.value as EngineContext['steps'],
    providers: redactingProviders(providers),
    handlers: handlers as HandlerRegistry,
    clock,
    rateLimiter: options.rateLimiter ?? new RateLimiter(clock, rateLimits),
    retry,
    random: options.random ?? Math.random,
    concurrency,
    signer: keys.isOk() ? (keys.value?.signer ?? null) : null,
    emit: (event: EngineEvent) => {
      if (listener === undefined) return;
      try {
        listener(redactSecrets(event));
      } catch {
        // a failing listener must not break a run
      }
    },
  };
  return ok({ context, journal });
}

function checkPorts(
  providers: Providers,
  handlers: Map<string, { port: string; handler: ActionHandler }>,
): InputIssue[] {
  const issues: InputIssue[] = [];
  for (const [name, port] of Object.entries(providers) as [string, unknown][]) {
    if (port === undefined) continue;
    if (port === null || typeof port !== 'object') {
      issues.push({ path: `providers.${name}`, message: 'must be an object' });
      continue;
    }
    const versionIssue = portVersionIssue(name, port);
    if (versionIssue !== null) issues.push(versionIssue);
    for (const method of REQUIRED_PORT_METHODS[name] ?? []) {
      if (typeof (port as Record<string, unknown>)[method] !== 'function') {
        issues.push({
          path: `providers.${name}.${method}`,
          message: `the "${name}" port must have a ${method}() method`,
        });
      }
    }
    const portHandlers = (port as { handlers?: unknown }).handlers;
    if (portHandlers === undefined) continue;
    for (const [kind, handler] of Object.entries(portHandlers as Record<string, ActionHandler>)) {
      if (typeof handler?.execute !== 'function' || typeof handler?.reconcile !== 'function') {
        issues.push({
          path: `providers.${name}.handlers.${kind}`,
          message: 'a handler needs execute() and reconcile()',
        });
        continue;
      }
      const existing = handlers.get(kind);
      if (existing !== undefined) {
        issues.push({
          path: `providers.${name}.handlers.${kind}`,
          message: `"${kind}" is already handled by the "${existing.port}" port`,
        });
        continue;
      }
      handlers.set(kind, { port: name, handler: redactingHandler(handler) });
    }
  }
  return issues;
}
