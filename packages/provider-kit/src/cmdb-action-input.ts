import { type DecomError, decomError, err, type InputIssue, ok, type PlannedAction, type Result } from '@decomkit/core';

/** What `cmdb.retire` asks for, checked: the CI and the Azure CIs that replace it (each once). */
export interface CmdbRetireInput {
  readonly ciId: string;
  readonly azureCiIds: readonly string[];
}

/** What `review.schedule` asks for, checked. */
export interface ReviewScheduleInput {
  readonly workloadId: string | null;
  readonly ciId: string | null;
  readonly cadenceMonths: number;
  /** ISO 8601, normalised to UTC. */
  readonly firstReviewAt: string;
}

/** Which strings a CMDB takes as CI ids; default any non-empty string. */
export type CiIdCheck = (id: string) => boolean;

const anyId: CiIdCheck = (id) => id !== '';

/**
 * The params of a `cmdb.retire` action, checked (a plan is data: never trust
 * it for a fact): `ciId` a CI id, `azureCiIds` a list of them (absent: none).
 *
 * @example
 * ```ts
 * const input = cmdbRetireInput(action);
 * if (input.isErr()) return errAsync(input.error);
 * ```
 */
export function cmdbRetireInput(
  action: PlannedAction<'cmdb.retire'>,
  isId: CiIdCheck = anyId,
): Result<CmdbRetireInput, DecomError> {
  const { ciId, azureCiIds } = action.params;
  if (typeof ciId !== 'string' || !isId(ciId))
    return err(
      decomError.invalidInput(`${action.key}: cmdb.retire needs params.ciId`, [
        { path: 'params.ciId', message: 'required: a CI id' },
      ]),
    );
  const links = azureCiIds ?? [];
  if (!Array.isArray(links) || !links.every((id) => typeof id === 'string' && isId(id)))
    return err(
      decomError.invalidInput(`${action.key}: params.azureCiIds must be a list of CI ids`, [
        { path: 'params.azureCiIds', message: 'not a list of CI ids' },
      ]),
    );
  return ok({ ciId, azureCiIds: [...new Set(links as string[])] });
}

/**
 * The params of a `review.schedule` action, checked: a `ciId` or a
 * `workloadId`, `cadenceMonths` an integer from 1 to 60, `firstReviewAt` an
 * instant; every offending field named.
 *
 * @example
 * ```ts
 * const input = reviewScheduleInput(action);
 * if (input.isErr()) return errAsync(input.error);
 * ```
 */
export function reviewScheduleInput(
  action: PlannedAction<'review.schedule'>,
  isId: CiIdCheck = anyId,
): Result<ReviewScheduleInput, DecomError> {
  const { workloadId, ciId, cadenceMonths, firstReviewAt } = action.params;
  const issues: InputIssue[] = [];
  const text = (value: unknown) => (typeof value === 'string' && value !== '' ? value : null);
  const ci = text(ciId);
  if (text(workloadId) === null && ci === null)
    issues.push({ path: 'params.ciId', message: 'a ciId or a workloadId is required' });
  if (ci !== null && !isId(ci)) issues.push({ path: 'params.ciId', message: 'not a CI id' });
  if (typeof cadenceMonths !== 'number' || !Number.isInteger(cadenceMonths) || cadenceMonths < 1 || cadenceMonths > 60)
    issues.push({ path: 'params.cadenceMonths', message: 'an integer from 1 to 60' });
  if (typeof firstReviewAt !== 'string' || !Number.isFinite(Date.parse(firstReviewAt)))
    issues.push({ path: 'params.firstReviewAt', message: 'an ISO 8601 instant' });
  if (issues.length > 0)
    return err(
      decomError.invalidInput(
        `${action.key}: review.schedule: ${issues.map((issue) => `${issue.path} ${issue.message}`).join('; ')}`,
        issues,
      ),
    );
  return ok({
    workloadId: text(workloadId),
    ciId: ci,
    cadenceMonths: cadenceMonths as number,
    firstReviewAt: new Date(firstReviewAt as string).toISOString(),
  });
}
