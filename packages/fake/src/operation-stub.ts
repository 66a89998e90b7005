import { type DecomError, decomError } from '@decomkit/core';
import { invalidFakeInput } from './fake-input-error.js';
import { type FaultError, faultErrorOf, faultErrorProblem, isDecomError } from './fault-error.js';

/** How long a `timeoutOnce` call hangs on the fake clock before the client gives up, by default. */
export const DEFAULT_TIMEOUT_MILLISECONDS = 120_000;

/** The members of a batch call that `partial` fails: their ids, or a test on each id. */
export type PartialMembers = readonly string[] | ((member: string) => boolean);

/** What {@link OperationStub.partial} takes. */
export interface PartialFailure {
  /** The members (instance ids of a StopInstances / TerminateInstances call, …) that are refused. */
  readonly fail: PartialMembers;
  /** The refusal's code; default `{ code: 'OperationNotPermitted' }` (EC2's refusal of a protected instance). */
  readonly error?: FaultError;
}

/** What {@link OperationStub.timeoutOnce} takes. */
export interface TimeoutOptions {
  /** How long the call hangs (fake clock) before it fails; default 120,000 ms. */
  readonly milliseconds?: number;
  /** True: AWS carried the request out and only the answer was lost. Default false: nothing happened. */
  readonly applied?: boolean;
}

type Behaviour =
  | { readonly kind: 'fail'; remaining: number; readonly error: FaultError }
  | { readonly kind: 'timeout'; remaining: number; readonly milliseconds: number; readonly applied: boolean }
  | { readonly kind: 'partial'; readonly matches: (member: string) => boolean; readonly error: FaultError };

/** What the stubs of one call decide: an error (before or after the effect), latency, read lag. */
export interface StubDecision {
  readonly error: DecomError | null;
  /** True when the call's effect happens although the caller gets `error` (a timeout after AWS acted). */
  readonly errorAfterEffect: boolean;
  readonly latency: number;
  readonly lagMilliseconds: number;
}

const OPERATION = /^([a-z][a-z0-9-]*):([A-Z][A-Za-z0-9]*)$/;

/** `service:Operation` split, or a thrown {@link FakeInputError} naming what is wrong. */
export function parseOperation(operation: unknown): { service: string; operation: string } {
  const match = typeof operation === 'string' ? OPERATION.exec(operation) : null;
  if (match === null) {
    throw invalidFakeInput(
      'operation',
      `${JSON.stringify(operation)} is not "service:Operation" (e.g. "ec2:TerminateInstances")`,
    );
  }
  return { service: match[1] as string, operation: match[2] as string };
}

function checkError(method: string, error: unknown): FaultError {
  const problem = faultErrorProblem(error);
  if (problem !== null) throw invalidFakeInput(`${method}.error`, problem);
  return error as FaultError;
}

function checkCount(path: string, value: unknown, allowZero: boolean): number {
  const ok = typeof value === 'number' && Number.isInteger(value) && (allowZero ? value >= 0 : value > 0);
  if (!ok)
    throw invalidFakeInput(
      path,
      `${JSON.stringify(value)} is not a ${allowZero ? 'non-negative' : 'positive'} integer`,
    );
  return value as number;
}

/**
 * The stub of one operation, from `cloud.faults.on('ec2:TerminateInstances')`:
 * what its next calls do, in the spirit of aws-sdk-client-mock. Each method
 * returns the stub, so they chain. One-off failures are used in the order
 * they were added; `fail` (every call) comes after them; `delay` and `lag`
 * apply to every call until `reset`.
 *
 * @example
 * ```ts
 * cloud.faults.on('ec2:TerminateInstances').failOnce({ code: 'RequestLimitExceeded' });
 * cloud.faults.on('backup:StartBackupJob').delay(5_000).timeoutOnce();
 * ```
 */
export class OperationStub {
  /** The service this stub matches (`ec2`). */
  readonly service: string;
  /** The operation this stub matches (`TerminateInstances`). */
  readonly operation: string;
  private behaviours: Behaviour[] = [];
  private delayMilliseconds = 0;
  private lagMilliseconds = 0;
  private hitCount = 0;

  /** @internal Made by `Faults.on`. */
  constructor(operation: string) {
    const parsed = parseOperation(operation);
    this.service = parsed.service;
    this.operation = parsed.operation;
  }

  /** How many calls of this operation the stub has seen since it was made or reset. */
  get calls(): number {
    return this.hitCount;
  }

  /** The next call fails with `error` (an AWS code such as `{ code: 'RequestLimitExceeded' }`, or a DecomError). */
  failOnce(error: FaultError): this {
    return this.failTimes(1, error);
  }

  /** The next `times` calls fail with `error`. */
  failTimes(times: number, error: FaultError): this {
    const count = checkCount('failTimes.times', times, false);
    this.behaviours.push({ kind: 'fail', remaining: count, error: checkError('failTimes', error) });
    return this;
  }

  /** Every call fails with `error` (after any one-off behaviour added before), until `reset`. */
  fail(error: FaultError): this {
    this.behaviours.push({ kind: 'fail', remaining: Number.POSITIVE_INFINITY, error: checkError('fail', error) });
    return this;
  }

  /** Every call takes `milliseconds` longer, on the fake clock. */
  delay(milliseconds: number): this {
    this.delayMilliseconds += checkCount('delay.milliseconds', milliseconds, true);
    return this;
  }

  /**
   * The next call hangs (fake clock), then fails as the SDK's `TimeoutError`
   * does: a retryable `ProviderFailure`. With `applied: true` AWS did the work
   * and only the answer was lost, the case idempotency tokens exist for.
   */
  timeoutOnce(options: TimeoutOptions = {}): this {
    const milliseconds = checkCount(
      'timeoutOnce.milliseconds',
      options.milliseconds ?? DEFAULT_TIMEOUT_MILLISECONDS,
      true,
    );
    this.behaviours.push({ kind: 'timeout', remaining: 1, milliseconds, applied: options.applied === true });
    return this;
  }

  /**
   * Every call whose members (the ids of a batch call such as TerminateInstances,
   * or the one resource of another call) include one that `fail` names is refused
   * whole, as EC2 refuses a batch for one instance: the error names each refused
   * member (`OperationNotPermitted: … 'i-0abc…'`), nothing in the call is changed,
   * and a call without such a member goes through.
   */
  partial(failure: PartialFailure): this {
    const { fail } = failure;
    let matches: (member: string) => boolean;
    if (typeof fail === 'function') matches = fail;
    else if (
      Array.isArray(fail) &&
      fail.length > 0 &&
      fail.every((member) => typeof member === 'string' && member !== '')
    ) {
      const named = new Set(fail);
      matches = (member) => named.has(member);
    } else {
      throw invalidFakeInput(
        'partial.fail',
        `${JSON.stringify(fail)} is neither a non-empty list of ids nor a predicate`,
      );
    }
    const error = checkError('partial', failure.error ?? { code: 'OperationNotPermitted' });
    this.behaviours.push({ kind: 'partial', matches, error });
    return this;
  }

  /**
   * Eventual consistency: after each successful call, reads (calls that change
   * nothing) see the world as it was before the call until `milliseconds` have
   * passed on the fake clock.
   */
  lag(milliseconds: number): this {
    this.lagMilliseconds = Math.max(this.lagMilliseconds, checkCount('lag.milliseconds', milliseconds, false));
    return this;
  }

  /** Forgets every behaviour of this stub (and its call count): its operation behaves normally again. */
  reset(): this {
    this.behaviours = [];
    this.delayMilliseconds = 0;
    this.lagMilliseconds = 0;
    this.hitCount = 0;
    return this;
  }

  /** @internal What this stub does to a call on `target` (its members joined by `,`). */
  decide(target: string | null): StubDecision {
    this.hitCount += 1;
    const where = `${this.service}:${this.operation}`;
    let latency = this.delayMilliseconds;
    const answer = (error: DecomError | null, errorAfterEffect = false): StubDecision => ({
      error,
      errorAfterEffect,
      latency,
      lagMilliseconds: error === null || errorAfterEffect ? this.lagMilliseconds : 0,
    });
    for (const behaviour of this.behaviours) {
      if (behaviour.kind === 'partial') {
        const refused = (target ?? '').split(',').filter((member) => member !== '' && behaviour.matches(member));
        if (refused.length === 0) continue;
        return answer(refusalOf(behaviour.error, where, refused));
      }
      if (behaviour.remaining <= 0) continue;
      behaviour.remaining -= 1;
      if (behaviour.kind === 'fail') return answer(faultErrorOf(behaviour.error, where, target));
      latency += behaviour.milliseconds;
      const error = decomError.providerFailure({
        message: `TimeoutError: ${where}${target === null ? '' : ` on ${target}`} got no answer within ${behaviour.milliseconds} ms`,
        retryable: true,
        ...(target === null ? {} : { resource: target }),
      });
      return answer(error, behaviour.applied);
    }
    return answer(null);
  }
}

/** The whole call refused, naming each refused member as EC2 does (`… 'i-0abc', 'i-0def' …`). */
function refusalOf(error: FaultError, where: string, refused: readonly string[]): DecomError {
  const names = refused.map((member) => `'${member}'`).join(', ');
  if (isDecomError(error)) return { ...error, message: `${error.message} (${names})` };
  const message = `${error.message ?? `${where} refused for ${names}`}${error.message === undefined ? '' : ` (${names})`}`;
  return faultErrorOf({ ...error, message }, where, refused.join(','));
}
