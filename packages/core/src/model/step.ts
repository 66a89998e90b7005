import type { DecomError } from '../errors/decom-error.js';
import type { ActionKind, ActionParams, NoParams } from '../spec/action-kinds.js';
import type { PortMap, PortName } from '../spec/providers.js';
import type { Returned } from '../util/awaitable.js';
import type { JsonObject } from '../util/json.js';
import type { Action, ActionTarget } from './action.js';
import type { ChecklistItemId } from './checklist-item.js';
import type { VerifyOutcome } from './evidence.js';
import type { ExceptedResource } from './exceptions.js';
import type { Finding } from './finding.js';
import type { Gate } from './gate.js';
import type { Resource } from './resource.js';
import type { Workload } from './workload-schema.js';

/** The ports a step asked for, all present. */
export type PortsOf<Needs extends PortName> = { readonly [Name in Needs]: PortMap[Name] };

/**
 * What a step passes to `context.action()`; the engine fills in key, step and
 * item. `kind` is a kind {@link ActionKinds} declares and `params` are its
 * params (optional when none is required): a wrong param does not compile.
 */
export type ActionDraft<Kind extends ActionKind = ActionKind> = {
  readonly kind: Kind;
  readonly target: ActionTarget;
  readonly gates?: readonly Gate[];
  /** Keys of this step's actions that must be done first (see `context.keyOf`). */
  readonly dependsOn?: readonly string[];
} & (NoParams extends ActionParams<Kind>
  ? { readonly params?: ActionParams<Kind> }
  : { readonly params: ActionParams<Kind> });

/** Given to a step's `plan`. Everything here is read-only: planning never changes the world. */
export interface PlanContext<Needs extends PortName> {
  readonly workload: Workload;
  readonly ports: PortsOf<Needs>;
  /** In-scope resources discovered once for the whole plan (empty when no `inventory` port is supplied). */
  readonly inventory: readonly Resource[];
  /** In-scope resources the workload's exceptions keep (not in `inventory`): to report, never to act on. */
  readonly excepted: readonly ExceptedResource[];
  readonly now: Date;
  /** Builds an action of this step with its deterministic key. */
  action<const Kind extends ActionKind>(draft: ActionDraft<Kind>): Action<Kind>;
  /** The key `action()` would give an action of `kind` on `ref`; for `dependsOn`. */
  keyOf(kind: ActionKind, ref: string): string;
}

/** What `plan` returns. */
export interface StepPlan {
  readonly actions: readonly Action[];
  readonly findings?: readonly Finding[];
}

/** Where an action stands in a run. */
export type ActionStatus = 'pending' | 'waiting' | 'running' | 'done' | 'skipped' | 'refused' | 'failed';

/** An action with what has happened to it in a run. */
export interface ActionRecord {
  readonly action: Action;
  readonly status: ActionStatus;
  /** Why it waits, was skipped, refused or failed. */
  readonly reason: string | null;
  /** The handler's result once done. */
  readonly result: JsonObject | null;
  /** The last checkpoint of a long wait. */
  readonly checkpoint: JsonObject | null;
  /**
   * Provider calls its handler took in the run (execute, reconcile, poll;
   * every retry counts, and a batch call counts once for each of its members).
   */
  readonly attempts: number;
  /** The typed error it failed with (code, message, resource…; no `cause`); null unless it failed. */
  readonly error: DecomError | null;
  /**
   * The gate it waits for while `waiting` on one (a `notBefore` date, an
   * approval name, …); null otherwise. A scheduler that resumes runs later
   * (a cron, the Temporal runner) reads it to know when to come back.
   */
  readonly gate: Gate | null;
}

/** Given to a step's `verify` after its actions have settled. */
export interface VerifyContext<Needs extends PortName> {
  readonly workload: Workload;
  readonly ports: PortsOf<Needs>;
  readonly inventory: readonly Resource[];
  /** In-scope resources the workload's exceptions keep, with their reasons (see {@link PlanContext.excepted}). */
  readonly excepted: readonly ExceptedResource[];
  readonly now: Date;
  /** This step's actions and their outcomes in this run. */
  readonly actions: readonly ActionRecord[];
  readonly findings: readonly Finding[];
}

/** A step of a checklist. Build with {@link defineStep}. */
export interface Step<Needs extends PortName = PortName> {
  readonly id: string;
  readonly item: ChecklistItemId;
  readonly title: string;
  readonly needs: readonly Needs[];
  /** Ids of steps that must be verified before this step's actions run. */
  readonly after: readonly string[];
  plan(context: PlanContext<Needs>): Returned<StepPlan>;
  verify(context: VerifyContext<Needs>): Returned<VerifyOutcome>;
}

/** The input of {@link defineStep}. */
export interface StepDefinition<Needs extends PortName> {
  readonly id: string;
  readonly item: ChecklistItemId;
  readonly title: string;
  readonly needs: readonly Needs[];
  readonly after?: readonly string[];
  plan(context: PlanContext<Needs>): Returned<StepPlan>;
  verify(context: VerifyContext<Needs>): Returned<VerifyOutcome>;
}

/**
 * Defines a step. `needs` names the ports it uses; `context.ports` is typed
 * to exactly those, and an engine whose providers lack one does not compile.
 *
 * @example
 * ```ts
 * // 'cmdb.notify' declared in `ActionKinds` (declaration merging), with no required params.
 * const notifyOwners = defineStep({
 *   id: 'notify-owners', item: 'retire', title: 'Tell the owners', needs: ['cmdb'], after: ['final-backups'],
 *   plan: (context) => ({ actions: [context.action({ kind: 'cmdb.notify', target: { ref: 'owners' } })] }),
 *   verify: (context) => context.actions.every((record) => record.status === 'done')
 *     ? verified('owners notified') : stillOpen('not yet notified'),
 * });
 * ```
 */
export function defineStep<const Needs extends PortName>(definition: StepDefinition<Needs>): Step<Needs> {
  try {
    return { ...definition, after: definition.after ?? [] };
  } catch (cause) {
    // Never a throw: the unreadable definition becomes a step the checklist's validate() reports.
    return unreadableStep(cause) as Step<Needs>;
  }
}

const UNREADABLE_STEP = Symbol('decomkit.unreadableStep');

function unreadableStep(cause: unknown): Step {
  const refuse = () => {
    throw new TypeError('an unreadable step cannot run');
  };
  const step = {
    id: '(unreadable)',
    item: 'retire',
    title: '(unreadable)',
    needs: [],
    after: [],
    plan: refuse,
    verify: refuse,
  };
  return Object.assign(step, { [UNREADABLE_STEP]: cause }) as Step;
}

/** @internal Whether `step` is what {@link defineStep} made of a definition it could not read. */
export function isUnreadableStep(step: unknown): boolean {
  return step !== null && typeof step === 'object' && UNREADABLE_STEP in step;
}

/** A step whose plan or verify failed, for messages. */
export function stepFailure(step: { readonly id: string }, phase: 'plan' | 'verify', error: DecomError): DecomError {
  return { ...error, message: `step "${step.id}" ${phase}: ${error.message}` };
}
