import type { ActionRecord, RunReport } from '@decomkit/core';
import { CallLog, type FakeCall } from '../call-log.js';
import { invalidFakeInput } from '../fake-input-error.js';
import { parseOperation } from '../operation-stub.js';

/** What vitest hands a matcher as `this` (the part these matchers use). */
export interface MatcherState {
  /** True under `.not`: vitest inverts `pass` itself, the message says what was expected. */
  readonly isNot: boolean;
}

/** What a matcher returns to vitest. */
export interface MatcherOutcome {
  /** Whether the received value meets the matcher (before `.not`). */
  readonly pass: boolean;
  /** What went wrong, naming the resource, the calls or the actions concerned. */
  readonly message: () => string;
}

/** What `toHaveCalled` takes beyond the operation. */
export interface CalledOptions {
  /** Exactly this many calls (default: at least one). */
  readonly times?: number;
  /** Only calls about this id or ARN (a member of a batch call counts). */
  readonly target?: string;
}

function isRunReport(value: unknown): value is RunReport {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as { runId?: unknown }).runId === 'string' &&
    Array.isArray((value as { items?: unknown }).items)
  );
}

/** True for a call log (by shape: the CommonJS build of this entry has its own copy of the class). */
function isCallLog(value: unknown): value is CallLog {
  if (value instanceof CallLog) return true;
  const log = value as Partial<Record<keyof CallLog, unknown>> | null;
  return typeof log?.all === 'function' && typeof log.mutating === 'function' && typeof log.plans === 'function';
}

/** The call log of a fake cloud or the log itself; anything else is a mistake in the test. */
function callLogOf(received: unknown, matcher: string): CallLog {
  if (isCallLog(received)) return received;
  const calls = (received as { calls?: unknown } | null)?.calls;
  if (isCallLog(calls)) return calls;
  throw invalidFakeInput(`${matcher}.received`, 'expected a fake cloud (createFakeCloud) or its `calls`');
}

function checkArn(matcher: string, arn: unknown): string {
  if (typeof arn !== 'string' || arn === '')
    throw invalidFakeInput(`${matcher}.arn`, `${JSON.stringify(arn)} is not an ARN`);
  return arn;
}

/** The members a call was about: the ids of a batch call, or its one target. */
function membersOf(call: FakeCall): string[] {
  return (call.target ?? '').split(',').filter((member) => member !== '');
}

/** True when `call` was about the resource `arn` (by its ARN, or its id: the ARN's last segment). */
function concerns(call: FakeCall, arn: string): boolean {
  const id = arn.replace(/^.*[/:]/, '');
  return membersOf(call).some((member) => member === arn || member === id);
}

function describeCall(call: FakeCall): string {
  return `#${call.seq} ${call.service}:${call.operation}${call.target === null ? '' : ` on ${call.target}`}`;
}

function actionsOf(run: RunReport): ActionRecord[] {
  return run.items.flatMap((item) => item.steps.flatMap((step) => step.actions));
}

/** True when a done `resource.delete` targets `arn`, or names it among what it retires with its target. */
function retires(record: ActionRecord, arn: string): boolean {
  if (record.action.kind !== 'resource.delete' || record.status !== 'done') return false;
  const { target, params } = record.action;
  if (target.arn === arn || target.ref === arn) return true;
  return Array.isArray(params.dependentArns) && params.dependentArns.includes(arn);
}

/**
 * The vitest matchers of `@decomkit/fake/vitest`; add them with
 * `expect.extend(fakeCloudMatchers)` in a setup file.
 */
export const fakeCloudMatchers = {
  /** The run (what `engine.apply` / `resume` returns) deleted `arn`: its `resource.delete` is done. */
  toHaveRetired(this: MatcherState, received: unknown, arn: string): MatcherOutcome {
    checkArn('toHaveRetired', arn);
    if (!isRunReport(received)) {
      throw invalidFakeInput(
        'toHaveRetired.received',
        'expected a run report (what engine.apply or resume returns, unwrapped)',
      );
    }
    const records = actionsOf(received);
    const retiring = records.find((record) => retires(record, arn));
    const about = records.filter((record) => record.action.target.arn === arn || record.action.target.ref === arn);
    const story =
      about.length === 0
        ? 'no action of the run targets it (the plan did not include it)'
        : about
            .map(
              (record) =>
                `${record.action.kind} ${record.status}${record.reason === null ? '' : ` (${record.reason})`}`,
            )
            .join('; ');
    return {
      pass: retiring !== undefined,
      message: () =>
        this.isNot
          ? `expected run ${received.runId} not to have retired ${arn}, but ${retiring?.action.key ?? 'its delete'} is done`
          : `expected run ${received.runId} to have retired ${arn}, but: ${story}`,
    };
  },

  /**
   * No mutating call was made while a plan ran. The plans are those the call
   * log saw through `createEngine({ onEvent: cloud.calls.recordEngineEvent })`;
   * with none seen the matcher throws rather than pass on nothing.
   */
  toHaveNoMutationsDuringPlan(this: MatcherState, received: unknown): MatcherOutcome {
    const log = callLogOf(received, 'toHaveNoMutationsDuringPlan');
    if (log.plans().length === 0) {
      throw invalidFakeInput(
        'toHaveNoMutationsDuringPlan.received',
        'the call log saw no plan: pass `onEvent: cloud.calls.recordEngineEvent` to createEngine',
      );
    }
    const mutating = log.duringPlans().filter((call) => call.mutating);
    return {
      pass: mutating.length === 0,
      message: () =>
        this.isNot
          ? `expected a mutating call during the ${log.plans().length} plan(s), but there was none`
          : `expected no mutating call during plan, but there were ${mutating.length}: ${mutating.map(describeCall).join(', ')}`,
    };
  },

  /** The fake cloud received `operation` (`service:Operation`): at least once, or `times` times, optionally about `target`. */
  toHaveCalled(this: MatcherState, received: unknown, operation: string, options: CalledOptions = {}): MatcherOutcome {
    const log = callLogOf(received, 'toHaveCalled');
    const { service, operation: name } = parseOperation(operation);
    const { times, target } = options;
    if (times !== undefined && (!Number.isInteger(times) || times < 0)) {
      throw invalidFakeInput('toHaveCalled.times', `${JSON.stringify(times)} is not a non-negative integer`);
    }
    const calls = log
      .all()
      .filter((call) => call.service === service && call.operation === name)
      .filter((call) => target === undefined || concerns(call, target));
    const pass = times === undefined ? calls.length > 0 : calls.length === times;
    const wanted = `${times === undefined ? 'a call' : `${times} call(s)`} of ${operation}${target === undefined ? '' : ` about ${target}`}`;
    const seen = log.all().filter((call) => call.service === service);
    return {
      pass,
      message: () =>
        `expected ${this.isNot ? 'not ' : ''}${wanted}, but there ${calls.length === 1 ? 'was' : 'were'} ${calls.length}` +
        (calls.length > 0
          ? `: ${calls.map(describeCall).join(', ')}`
          : `; the ${service} calls made: ${seen.length === 0 ? 'none' : [...new Set(seen.map((call) => call.operation))].join(', ')}`),
    };
  },

  /** No mutating call was about the resource `arn` (by its ARN or its id; starting a backup of it counts). */
  toHaveLeftUntouched(this: MatcherState, received: unknown, arn: string): MatcherOutcome {
    const log = callLogOf(received, 'toHaveLeftUntouched');
    checkArn('toHaveLeftUntouched', arn);
    const touching = log.mutating().filter((call) => concerns(call, arn));
    return {
      pass: touching.length === 0,
      message: () =>
        this.isNot
          ? `expected a mutating call about ${arn}, but there was none`
          : `expected ${arn} to be left untouched, but: ${touching.map(describeCall).join(', ')}`,
    };
  },
};

/** The matchers' signatures as `expect(…)` shows them, `R` being the assertion's return type. */
export interface FakeCloudMatchers<R = unknown> {
  /** The run deleted `arn` (its `resource.delete` is done). Received: a run report. */
  toHaveRetired(arn: string): R;
  /** No mutating call while a plan ran. Received: a fake cloud whose log saw the plan (`cloud.calls.recordEngineEvent`). */
  toHaveNoMutationsDuringPlan(): R;
  /** The fake cloud received `operation` (`ec2:StopInstances`), at least once or `times` times, about `target`. */
  toHaveCalled(operation: string, options?: CalledOptions): R;
  /** No mutating call was about `arn`. Received: a fake cloud. */
  toHaveLeftUntouched(arn: string): R;
}
