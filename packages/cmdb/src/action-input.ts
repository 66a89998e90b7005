import {
  type DecomError,
  decomError,
  err,
  idempotencyToken,
  ok,
  type PlannedAction,
  type Result,
} from '@decomkit/core';

/** What `cmdb.retire` asks for, checked: the CI and the Azure CIs that replace it. */
export interface RetireInput {
  readonly ciId: string;
  readonly azureCiIds: readonly string[];
}

/** What `review.schedule` asks for, checked. */
export interface ReviewInput {
  readonly workloadId: string | null;
  readonly ciId: string | null;
  readonly cadenceMonths: number;
  /** ISO 8601, normalised to UTC. */
  readonly firstReviewAt: string;
}

/** Ids the providers put in queries and paths: letters, digits and `_ . : -` (so no encoded-query injection). */
const SAFE_ID = /^[A-Za-z0-9_.:-]{1,128}$/;

/**
 * The key every write of an action carries (a ServiceNow `correlation_id` or
 * work-note marker, a webhook `Idempotency-Key`): derived from the action key
 * alone, never from the attempt, so a retry after a crash finds the first
 * attempt's write.
 */
export function actionMarker(action: { readonly key: string }): string {
  return `decomkit:${idempotencyToken(action.key)}`;
}

/** True for an id safe to put in a query or a path. */
export function isSafeId(id: string): boolean {
  return SAFE_ID.test(id);
}

/** The checked params of `cmdb.retire`. */
export function retireInput(action: PlannedAction<'cmdb.retire'>): Result<RetireInput, DecomError> {
  const { ciId, azureCiIds } = action.params;
  if (typeof ciId !== 'string' || !isSafeId(ciId))
    return err(
      decomError.invalidInput(`${action.key}: cmdb.retire needs params.ciId (a CI id)`, [
        { path: 'params.ciId', message: 'required: letters, digits and _ . : -' },
      ]),
    );
  const links = azureCiIds ?? [];
  if (!Array.isArray(links) || !links.every((id) => typeof id === 'string' && isSafeId(id)))
    return err(
      decomError.invalidInput(`${action.key}: params.azureCiIds must be a list of CI ids`, [
        { path: 'params.azureCiIds', message: 'not a list of CI ids' },
      ]),
    );
  return ok({ ciId, azureCiIds: [...new Set(links as string[])] });
}

/** The checked params of `review.schedule`. */
export function reviewInput(action: PlannedAction<'review.schedule'>): Result<ReviewInput, DecomError> {
  const { workloadId, ciId, cadenceMonths, firstReviewAt } = action.params;
  const issues: { path: string; message: string }[] = [];
  const text = (value: unknown) => (typeof value === 'string' && value !== '' ? value : null);
  if (text(workloadId) === null && text(ciId) === null)
    issues.push({ path: 'params.ciId', message: 'a ciId or a workloadId is required' });
  const ci = text(ciId);
  if (ci !== null && !isSafeId(ci)) issues.push({ path: 'params.ciId', message: 'letters, digits and _ . : -' });
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
