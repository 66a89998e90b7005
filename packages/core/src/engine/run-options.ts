import { err, ok, type Result } from 'neverthrow';
import { decomError, type InputIssue, type InvalidInputError } from '../errors/decom-error.js';
import { workloadExceptionSchema } from '../model/workload-schema.js';
import { describeInput, isFieldObject } from '../util/input-shape.js';
import { zodInputIssues } from '../util/zod-input-issues.js';
import type { RunOptions } from './applying.js';
import type { RunState } from './run-state.js';

/**
 * Checks the options of `apply` and `resume` and copies them once: `approve`
 * a function, `signal` an `AbortSignal`, `runId` a string (the journal checks
 * its form), `exceptions` workload exceptions (the run checks what they name). The run reads the copy, so a getter on the caller's object is
 * read here, inside the entry point's guard, and never again mid-run.
 */
export function checkRunOptions<Options extends RunOptions & { readonly runId?: string }>(
  input: Options | undefined,
): Result<Options, InvalidInputError> {
  if (input === undefined) return ok({} as Options);
  if (!isFieldObject(input)) return err(invalid([{ path: '(options)', message: 'must be an object' }]));
  const copy: { -readonly [Key in keyof Options]: Options[Key] } = { ...input };
  const issues: InputIssue[] = [];
  if (copy.approve !== undefined && typeof copy.approve !== 'function')
    issues.push({ path: 'approve', message: `must be a function, got ${describeInput(copy.approve)}` });
  if (copy.signal !== undefined && !(copy.signal instanceof AbortSignal))
    issues.push({ path: 'signal', message: `must be an AbortSignal, got ${describeInput(copy.signal)}` });
  if (copy.runId !== undefined && typeof copy.runId !== 'string')
    issues.push({ path: 'runId', message: `must be a string, got ${describeInput(copy.runId)}` });
  if (
    copy.only !== undefined &&
    !(Array.isArray(copy.only) && copy.only.every((key: unknown) => typeof key === 'string'))
  ) {
    issues.push({ path: 'only', message: `must be an array of action keys, got ${describeInput(copy.only)}` });
  } else if (copy.only !== undefined) {
    copy.only = [...copy.only];
  }
  if (copy.exceptions !== undefined) {
    const exceptions = exceptionsSchema.safeParse(copy.exceptions);
    if (exceptions.success) copy.exceptions = exceptions.data;
    else issues.push(...zodInputIssues(exceptions.error, 'exceptions', 'exceptions'));
  }
  return issues.length === 0 ? ok(copy) : err(invalid(issues));
}

const exceptionsSchema = workloadExceptionSchema.array();

function invalid(issues: readonly InputIssue[]): InvalidInputError {
  return decomError.invalidInput(
    `invalid run options: ${issues.map((issue) => `${issue.path}: ${issue.message}`).join('; ')}`,
    issues,
  );
}

/** `InvalidInput` naming every key of `only` that is not an action of the run. */
export function checkOnlyKeys(state: RunState, only: readonly string[] | undefined): Result<void, InvalidInputError> {
  const unknown = (only ?? []).filter((key) => !state.actions.has(key));
  if (unknown.length === 0) return ok(undefined);
  const shown = unknown.slice(0, 5).join(', ') + (unknown.length > 5 ? ` and ${unknown.length - 5} more` : '');
  return err(
    decomError.invalidInput(
      `invalid run options: only names what is not an action of run ${state.runId}: ${shown}`,
      unknown.map((key) => ({ path: 'only', message: `no action "${key}" in run ${state.runId}` })),
    ),
  );
}
