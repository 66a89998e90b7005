import type { DecomError, PlannedAction, Result } from '@decomkit/core';
import {
  type CmdbRetireInput,
  cmdbRetireInput,
  idempotencyToken,
  type ReviewScheduleInput,
  reviewScheduleInput,
} from '@decomkit/provider-kit';

/** What `cmdb.retire` asks for, checked: the CI and the Azure CIs that replace it. */
export type RetireInput = CmdbRetireInput;

/** What `review.schedule` asks for, checked. */
export type ReviewInput = ReviewScheduleInput;

/** Ids the providers put in queries and paths: letters, digits and `_ . : -` (so no encoded-query injection). */
const SAFE_ID = /^[A-Za-z0-9_.:-]{1,128}$/;

/**
 * The key every write of an action carries (a ServiceNow `correlation_id` or
 * work-note marker, a webhook `Idempotency-Key`): derived from the action key
 * alone, never from the attempt, so a retry after a crash finds the first
 * attempt's write.
 *
 * @example
 * ```ts
 * actionMarker({ key: 'clean-up-artifacts:cmdb.retire:CI0042' }); // 'decomkit:dk-…'
 * ```
 */
export function actionMarker(action: { readonly key: string }): string {
  return `decomkit:${idempotencyToken(action.key)}`;
}

/** True for an id safe to put in a query or a path. */
export function isSafeId(id: string): boolean {
  return SAFE_ID.test(id);
}

/** The checked params of `cmdb.retire` (CI ids safe for a query). */
export function retireInput(action: PlannedAction<'cmdb.retire'>): Result<RetireInput, DecomError> {
  return cmdbRetireInput(action, isSafeId);
}

/** The checked params of `review.schedule` (CI id safe for a query). */
export function reviewInput(action: PlannedAction<'review.schedule'>): Result<ReviewInput, DecomError> {
  return reviewScheduleInput(action, isSafeId);
}
