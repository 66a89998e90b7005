/**
 * Every failure decomkit reports is a `DecomError`: a value with a literal
 * `code`, a message that names the resource or field concerned, and the
 * underlying `cause` when there is one. Nothing in the public API throws.
 *
 * @example
 * ```ts
 * const result = await engine.plan();
 * if (result.isErr()) {
 *   switch (result.error.code) {
 *     case 'GuardRefused': console.error('wrong account:', result.error.message); break;
 *     case 'InvalidInput': console.error(result.error.issues); break;
 *     default: console.error(result.error.message);
 *   }
 * }
 * ```
 */
export type DecomError =
  | InvalidInputError
  | AccessDeniedError
  | NotFoundError
  | ThrottledError
  | ConflictError
  | GuardRefusedError
  | GateUnmetError
  | ProviderFailureError
  | CancelledError
  | JournalCorruptError
  | NotImplementedError
  | TimedOutError;

/** The literal codes of {@link DecomError}. */
export type DecomErrorCode = DecomError['code'];

export interface ErrorBase {
  /** Human-readable; names the resource, field or action concerned. */
  readonly message: string;
  /** The underlying error, if any (an SDK exception, a schema issue list…). */
  readonly cause?: unknown;
}

/** One problem found in an input, with the path of the field that is wrong. */
export interface InputIssue {
  /** Dotted path of the offending field, e.g. `source.accountId` or `dns.0.originalTtl`. */
  readonly path: string;
  /** What is wrong with it. */
  readonly message: string;
}

/** Input failed validation; `issues` names every offending field. */
export interface InvalidInputError extends ErrorBase {
  readonly code: 'InvalidInput';
  readonly issues: readonly InputIssue[];
}
/** The cloud refused the caller's permissions. */
export interface AccessDeniedError extends ErrorBase {
  readonly code: 'AccessDenied';
  readonly resource?: string;
}
/** The named resource, run or record does not exist. */
export interface NotFoundError extends ErrorBase {
  readonly code: 'NotFound';
  readonly resource?: string;
}
/** The service throttled the call; retryable after a back-off. */
export interface ThrottledError extends ErrorBase {
  readonly code: 'Throttled';
  readonly resource?: string;
}
/** The resource is in a state that forbids the call (protection on, in use, dependency present). */
export interface ConflictError extends ErrorBase {
  readonly code: 'Conflict';
  readonly resource?: string;
  /**
   * Set when the resource's own protection refused the call (an EC2 instance's
   * DisableApiTermination or DisableApiStop): the resource was not changed and stays.
   */
  readonly protection?: ProtectionRefusal;
  /**
   * Set when the run is held by another runner: the lease that holds it (the
   * file journal's `<runId>.lease` file; `memory:<runId>` in a memory journal).
   * Nothing was done; resume once that runner ends.
   */
  readonly lease?: string;
}

/**
 * Which protection refused a stop or a delete (see {@link ConflictError.protection}).
 *
 * @example
 * ```ts
 * if (error.code === 'Conflict' && error.protection?.flag === 'deletion') console.log(error.protection.attribute);
 * ```
 */
export interface ProtectionRefusal {
  /** The flag of `Resource.protection` that is on: `deletion` (termination) or `stop`. */
  readonly flag: 'deletion' | 'stop';
  /** The provider's name for it, e.g. `DisableApiTermination`. */
  readonly attribute: string;
}
/** A safety guard (account, alias, scope) refused to proceed. */
export interface GuardRefusedError extends ErrorBase {
  readonly code: 'GuardRefused';
  readonly guard: 'account' | 'deniedAccount' | 'accountAlias' | 'scope';
}
/** A gate was not met where the caller required it to be. */
export interface GateUnmetError extends ErrorBase {
  readonly code: 'GateUnmet';
}
/** A provider failed for another reason; `retryable` says whether a retry may help (5xx, timeouts). */
export interface ProviderFailureError extends ErrorBase {
  readonly code: 'ProviderFailure';
  readonly retryable: boolean;
  readonly resource?: string;
}
/** The caller aborted through its `AbortSignal`. */
export interface CancelledError extends ErrorBase {
  readonly code: 'Cancelled';
}
/** The journal's hash chain is broken: a line was edited, dropped or reordered. */
export interface JournalCorruptError extends ErrorBase {
  readonly code: 'JournalCorrupt';
  /** 1-based line number where the chain first breaks. */
  readonly line: number;
}
/** The operation exists in the spec but this provider has not built it. */
export interface NotImplementedError extends ErrorBase {
  readonly code: 'NotImplemented';
  readonly operation: string;
}

/** A long wait (a backup job) did not finish within its limit; the action failed and may be retried by `resume`. */
export interface TimedOutError extends ErrorBase {
  readonly code: 'TimedOut';
  readonly resource?: string;
  /** The limit that was reached, in hours. */
  readonly afterHours: number;
}

/** The fields of an error variant other than its `code`: what its constructor takes. */
export type ErrorFields<E extends { readonly code: string }> = Omit<E, 'code'>;

/** Constructors for each {@link DecomError} variant. */
export const decomError = {
  invalidInput: (message: string, issues: readonly InputIssue[] = [], cause?: unknown): InvalidInputError => ({
    code: 'InvalidInput',
    message,
    issues,
    cause,
  }),
  accessDenied: (fields: ErrorFields<AccessDeniedError>): AccessDeniedError => ({ code: 'AccessDenied', ...fields }),
  notFound: (fields: ErrorFields<NotFoundError>): NotFoundError => ({ code: 'NotFound', ...fields }),
  throttled: (fields: ErrorFields<ThrottledError>): ThrottledError => ({ code: 'Throttled', ...fields }),
  conflict: (fields: ErrorFields<ConflictError>): ConflictError => ({ code: 'Conflict', ...fields }),
  guardRefused: (fields: ErrorFields<GuardRefusedError>): GuardRefusedError => ({
    code: 'GuardRefused',
    ...fields,
  }),
  gateUnmet: (fields: ErrorFields<GateUnmetError>): GateUnmetError => ({ code: 'GateUnmet', ...fields }),
  providerFailure: (fields: ErrorFields<ProviderFailureError>): ProviderFailureError => ({
    code: 'ProviderFailure',
    ...fields,
  }),
  cancelled: (message = 'the run was cancelled', cause?: unknown): CancelledError => ({
    code: 'Cancelled',
    message,
    cause,
  }),
  journalCorrupt: (fields: ErrorFields<JournalCorruptError>): JournalCorruptError => ({
    code: 'JournalCorrupt',
    ...fields,
  }),
  timedOut: (fields: ErrorFields<TimedOutError>): TimedOutError => ({ code: 'TimedOut', ...fields }),
  notImplemented: (fields: ErrorFields<NotImplementedError>): NotImplementedError => ({
    code: 'NotImplemented',
    ...fields,
  }),
} as const;

/** True when a retry with back-off may succeed: throttling and transient provider failures. */
export function isRetryable(error: DecomError): boolean {
  return error.code === 'Throttled' || (error.code === 'ProviderFailure' && error.retryable);
}

/** Turns anything caught at an edge into a `ProviderFailure` naming `what`. */
export function fromUnknown(what: string, cause: unknown, retryable = false): ProviderFailureError {
  const detail = cause instanceof Error ? cause.message : String(cause);
  return decomError.providerFailure({ message: `${what}: ${detail}`, retryable, cause });
}
