import { err, ok, type Result } from 'neverthrow';
import { decomError, type InputIssue, type InvalidInputError } from '../errors/decom-error.js';
import { type ExceptedResource, exceptionOf } from '../model/exceptions.js';
import type { Finding } from '../model/finding.js';
import type { Resource } from '../model/resource.js';
import type { WorkloadException } from '../model/workload-schema.js';
import type { RunState } from './run-state.js';

/** Action kinds that only read or copy a resource: one that stays may still have had its backup taken. */
const LEAVES_RESOURCE_AS_IS = new Set(['backup.create']);

/**
 * Every resource kept on purpose in a run: the plan's (the workload's
 * exceptions when it was made) and those recorded since.
 */
export function exceptedIn(state: RunState): readonly ExceptedResource[] {
  const planned = state.plan.excepted ?? [];
  return state.exceptions.length === 0 ? planned : [...planned, ...state.exceptions];
}

/**
 * The run's inventory as its steps verify it: the plan's, less the resources
 * excepted since (what stays is never checked as if it were retired).
 */
export function inventoryIn(state: RunState): readonly Resource[] {
  if (state.exceptions.length === 0) return state.plan.inventory;
  const kept = new Set(state.exceptions.map((resource) => resource.arn));
  return state.plan.inventory.filter((resource) => !kept.has(resource.arn));
}

/** The findings still blocking: a finding about a resource kept on purpose is accepted by its exception. */
export function blockingFindings(
  findings: readonly Finding[],
  excepted: readonly ExceptedResource[],
): readonly Finding[] {
  const kept = new Set(excepted.map((resource) => resource.arn));
  return findings.filter(
    (finding) => finding.severity === 'blocking' && (finding.resource === undefined || !kept.has(finding.resource)),
  );
}

/**
 * What exceptions given during a run keep: each resource of the plan's
 * inventory they name (by ARN, else by type) that is not kept already. An
 * exception recorded mid-run accepts what the plan leaves alone (an unhandled
 * type, a resource another one holds); it cannot take back a planned change,
 * so one naming a resource the plan stops, deletes or unprotects is refused —
 * re-plan with the exception in the workload instead. An exception that names
 * nothing in the run is refused too (a mistyped ARN must not pass silently).
 * Nothing is recorded unless every exception is valid.
 *
 * @example
 * ```ts
 * exceptionsToRecord(state, [{ arn: keyArn, reason: 'shared with billing', approvedBy: 'ops-lead' }]);
 * // ok([{ arn: keyArn, type: 'AWS::KMS::Key', reason: 'shared with billing', approvedBy: 'ops-lead', dependsOn: [] }])
 * ```
 */
export function exceptionsToRecord(
  state: RunState,
  exceptions: readonly WorkloadException[],
): Result<ExceptedResource[], InvalidInputError> {
  const already = new Set(exceptedIn(state).map((resource) => resource.arn));
  const changed = new Map<string, string>();
  for (const action of state.actions.values()) {
    const target = action.action.target.arn;
    if (target !== undefined && !LEAVES_RESOURCE_AS_IS.has(action.action.kind) && !changed.has(target))
      changed.set(target, action.action.key);
  }
  const issues: InputIssue[] = [];
  const recorded: ExceptedResource[] = [];
  exceptions.forEach((exception, index) => {
    const path = `exceptions[${index}]`;
    if (exception.dependent !== undefined) {
      issues.push({
        path: `${path}.dependent`,
        message: `accepting the hidden dependent ${exception.dependent} changes what the plan retires — put the exception in the workload and re-plan`,
      });
      return;
    }
    const named = state.plan.inventory.filter((resource) =>
      exception.arn !== undefined ? resource.arn === exception.arn : resource.type === exception.type,
    );
    if (named.length === 0 && !(exception.arn !== undefined && already.has(exception.arn))) {
      issues.push({
        path,
        message: `${exception.arn ?? exception.type} names no resource in the inventory of run ${state.runId}`,
      });
      return;
    }
    for (const resource of named) {
      const planned = changed.get(resource.arn);
      if (planned !== undefined) {
        issues.push({
          path,
          message: `${resource.arn} has a planned change (${planned}); an exception recorded during a run cannot take it back — re-plan with the exception in the workload`,
        });
        continue;
      }
      if (already.has(resource.arn) || recorded.some((kept) => kept.arn === resource.arn)) continue;
      const kept = exceptionOf(resource, { exceptions: [exception] });
      if (kept !== null) recorded.push(kept);
    }
  });
  if (issues.length > 0) {
    return err(
      decomError.invalidInput(
        `exceptions not recorded: ${issues.map((issue) => `${issue.path}: ${issue.message}`).join('; ')}`,
        issues,
      ),
    );
  }
  return ok(recorded);
}
