import type { ResultAsync } from 'neverthrow';
import type { DecomError } from '../errors/decom-error.js';
import type { Action } from '../model/action.js';
import type { JsonObject } from '../util/json.js';
import type { ActionKind, UncheckedParams } from './action-kinds.js';
import type { ClockPort } from './clock.js';
import type { PortMap } from './providers.js';
import type { PORT_SPECIFICATION_VERSION } from './specification-version.js';

/** What a handler says after executing (or polling) an action. */
export type HandlerOutcome =
  /** The effect happened; `result` is journaled (request id, snapshot ARN…). */
  | { readonly status: 'done'; readonly result: JsonObject }
  /** A long wait (a backup job): the engine journals `checkpoint` and calls `poll` later. */
  | {
      readonly status: 'pending';
      readonly checkpoint: JsonObject;
      readonly pollAfterMilliseconds?: number;
      /**
       * The poll only reads, and the provider answers the polls made at one
       * moment with one call (a describe of all the ids): the engine then polls
       * the action in rounds with the others pending with the same pause, all
       * at once in one concurrency slot, so a round costs one describe however
       * many wait.
       */
      readonly pollsTogether?: boolean;
    };

/** What `reconcile` found after a crash left an intent without its outcome. */
export type ReconcileOutcome = HandlerOutcome | { readonly status: 'absent' };

/** Passed to every handler call. */
export interface HandlerContext {
  readonly signal: AbortSignal;
  readonly clock: ClockPort;
  /** Derived from the action key: pass it as ClientToken / IdempotencyToken, or tag with it. */
  readonly idempotencyToken: string;
  /**
   * The run the action belongs to (`RunReport.runId`), for what a handler
   * writes outside the journal (a CMDB work note). The engine always sets it;
   * absent only where a handler is called outside a run (a test). Never a
   * key for idempotency: a resumed run keeps its id, another run has its own.
   */
  readonly runId?: string;
  /**
   * The engine's other ports, for handlers whose effect spans two (an
   * assessment export written to the `artifacts` store). Their own handlers are hidden.
   */
  readonly ports: ReadonlyPorts;
}

/** Ports as handlers see them: handlers hidden. */
export type ReadonlyPorts = { readonly [Name in keyof PortMap]?: Omit<PortMap[Name], 'handlers'> };

/** A rate-limit claim: the bucket an action draws from, per (service, account, region). */
export interface RateLimitClaim {
  readonly service: string;
  /** The bucket within the service, e.g. `mutating` or `terminate-instances`. */
  readonly bucket: string;
  readonly accountId: string;
  readonly region: string;
  /** Tokens this action takes; default 1. */
  readonly tokens?: number;
}

/**
 * An action as a handler of `Kind` receives it: from a plan, which is data, so
 * its params are {@link UncheckedParams} (named as `Kind` declares them, each
 * checked before use: never trust a plan for a fact).
 */
export type PlannedAction<Kind extends string = string> = Omit<Action, 'params'> & {
  readonly params: UncheckedParams<Kind>;
};

/**
 * Carries out one action kind. Handlers hold no state between calls: given the
 * action and its last checkpoint they can run anywhere (another process, a
 * Temporal activity), and they must be safe to call again.
 *
 * `ActionHandler<'cmdb.retire'>` reads the params {@link ActionKinds} declares
 * for `cmdb.retire`; `ActionHandler` alone handles any kind.
 */
export interface ActionHandler<Kind extends string = string> {
  /** Buckets this action draws from before it is executed. */
  rateLimits?(action: PlannedAction<Kind>): readonly RateLimitClaim[];
  /** Performs the effect, using `context.idempotencyToken`. */
  execute(action: PlannedAction<Kind>, context: HandlerContext): ResultAsync<HandlerOutcome, DecomError>;
  /** Continues a long wait from its last checkpoint. Required when `execute` can return `pending`. */
  poll?(
    action: PlannedAction<Kind>,
    checkpoint: JsonObject,
    context: HandlerContext,
  ): ResultAsync<HandlerOutcome, DecomError>;
  /**
   * After a crash left an `intent` without `done`: finds out whether the
   * effect happened (look up the snapshot tagged with the action key; the
   * instance already terminated) so nothing is done twice.
   */
  reconcile(action: PlannedAction<Kind>, context: HandlerContext): ResultAsync<ReconcileOutcome, DecomError>;
  /**
   * Optional: carry out several actions of this kind in one call
   * (TerminateInstances takes many instance ids). The engine gathers ready
   * actions with equal `key`s, journals each intent first, and, when a whole
   * batch is refused (one protected instance fails the whole AWS call), sends
   * it again without the members its error names, or else in halves.
   */
  readonly batch?: BatchHandler<Kind>;
}

/** Executes several actions of one kind in one call. */
export interface BatchHandler<Kind extends string = string> {
  /** The most actions one call may carry. */
  readonly maxSize: number;
  /** Actions with equal keys may share a call (same account and region, say); null: this one runs alone. */
  key(action: PlannedAction<Kind>): string | null;
  /** Buckets the whole call draws from (one request token, one resource token per action…). */
  rateLimits?(actions: readonly PlannedAction<Kind>[]): readonly RateLimitClaim[];
  /** Performs the effect for every action; the outcome of each by action key. */
  execute(
    actions: readonly PlannedAction<Kind>[],
    context: HandlerContext,
  ): ResultAsync<ReadonlyMap<string, HandlerOutcome>, DecomError>;
  /**
   * The keys of the members a failed call's error names as the cause (EC2
   * refuses a whole TerminateInstances for one protected instance, naming it).
   * Those take the error; the others are sent again in one call. Without it,
   * or when the error names none of them, the batch is sent again as two
   * halves, each split again while it fails: a member fails only with the
   * error of a call that named it or held it alone.
   *
   * @example
   * ```ts
   * refusedBy: (error, actions) =>
   *   actions.filter((action) => error.message.includes(`'${idOf(action)}'`)).map((action) => action.key),
   * ```
   */
  refusedBy?(error: DecomError, actions: readonly PlannedAction<Kind>[]): readonly string[];
}

/** Handlers by action kind, each typed for its kind; only kinds {@link ActionKinds} declares. */
export type ActionHandlers = { readonly [Kind in ActionKind]?: ActionHandler<Kind> };

/**
 * The handlers of a port that must handle `Required`: one for each of those
 * kinds (a port without one does not compile), and any other declared kind.
 *
 * @example
 * ```ts
 * interface CmdbPort extends PortBase {
 *   readonly handlers: PortHandlers<'cmdb.retire' | 'review.schedule'>;
 * }
 * ```
 */
export type PortHandlers<Required extends ActionKind> = {
  readonly [Kind in Required]: ActionHandler<Kind>;
} & ActionHandlers;

/**
 * Something a port can carry: the version of this contract it was built for,
 * its action handlers and the capabilities it declares.
 */
export interface PortBase {
  /**
   * The port contract the port implements: {@link PORT_SPECIFICATION_VERSION}.
   * `createEngine` refuses a port built for another version (or none), so a
   * provider written against an older contract is a clear error, not a
   * misread action.
   */
  readonly specificationVersion: typeof PORT_SPECIFICATION_VERSION;
  /** Free-form capability flags (`backup.native`, `resource:AWS::EC2::Instance`, …). */
  readonly capabilities?: readonly string[];
  /** Handlers by action kind. */
  readonly handlers?: ActionHandlers;
}
