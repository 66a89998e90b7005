import {
  type ActionHandler,
  type DecomError,
  errAsync,
  isRetryable,
  okAsync,
  type PlannedAction,
  type ResultAsync,
} from '@decomkit/core';
import { done } from '@decomkit/provider-kit';
import { actionMarker, type ReviewInput, reviewInput } from '../action-input.js';
import type { Lifecycle } from './lifecycle.js';
import type { ServiceNowTables } from './service-now-records.js';
import { requireCi, type ServiceNowRecords } from './service-now-records.js';
import type { ServiceNowTableAccess } from './table-access.js';
import type { TableRow } from './table-client.js';

/** The fields of the review record the provider reads back. */
const REVIEW_FIELDS = ['sys_id', 'number', 'due_date', 'correlation_id', 'cmdb_ci'];

/** `2027-06-01T00:00:00.000Z` as a glide date-time (`2027-06-01 00:00:00`, UTC). */
function glideDateTime(iso: string): string {
  return iso.slice(0, 19).replace('T', ' ');
}

/**
 * `review.schedule` on ServiceNow: one record in the review table (default
 * `task`) with the due date, the period in its description, the CI in
 * `cmdb_ci` and the action marker in `correlation_id`; found by that marker
 * before it is created (and after a create that failed without an answer),
 * so it exists once.
 */
export function serviceNowReviewHandler(
  records: ServiceNowRecords,
  lifecycle: (signal?: AbortSignal) => ResultAsync<Lifecycle, DecomError>,
): ActionHandler<'review.schedule'> {
  const table = records.tables.review;
  const find = (action: PlannedAction, signal?: AbortSignal) =>
    records.client
      .list(table, { query: `correlation_id=${actionMarker(action)}`, fields: REVIEW_FIELDS, pageSize: 1 }, signal)
      .map(({ rows }) => rows[0] ?? null);
  const resultOf = (action: PlannedAction, input: ReviewInput, row: TableRow) =>
    done({
      review: action.key,
      table,
      sysId: row.sys_id ?? '',
      number: row.number ?? '',
      workloadId: input.workloadId,
      ciId: input.ciId,
      cadenceMonths: input.cadenceMonths,
      firstReviewAt: input.firstReviewAt,
    });
  const create = (action: PlannedAction<'review.schedule'>, input: ReviewInput, signal: AbortSignal) => {
    const subject = input.workloadId ?? input.ciId ?? '';
    const body: Record<string, string> = {
      short_description: `Well-Architected review of ${subject} (every ${input.cadenceMonths} months)`,
      description: [
        `Recurring Well-Architected review of ${subject}: every ${input.cadenceMonths} months, first due ${input.firstReviewAt}.`,
        `Scheduled by decomkit, action ${action.key} [${actionMarker(action)}].`,
      ].join('\n'),
      due_date: glideDateTime(input.firstReviewAt),
      correlation_id: actionMarker(action),
      correlation_display: 'decomkit',
      ...(input.ciId === null ? {} : { cmdb_ci: input.ciId }),
    };
    return records.client
      .create(table, body, REVIEW_FIELDS, signal)
      .orElse((error) =>
        isRetryable(error)
          ? find(action, signal).andThen((row) => (row === null ? errAsync(error) : okAsync(row)))
          : errAsync(error),
      );
  };
  return {
    rateLimits: () => [],
    execute: (action, context) => {
      const input = reviewInput(action);
      if (input.isErr()) return errAsync(input.error);
      const { ciId } = input.value;
      const ciExists: ResultAsync<unknown, DecomError> =
        ciId === null
          ? okAsync(null)
          : lifecycle(context.signal).andThen((model) =>
              requireCi(records, ciId, model, 'configuration item', context.signal),
            );
      return ciExists
        .andThen(() => find(action, context.signal))
        .andThen((row) => (row === null ? create(action, input.value, context.signal) : okAsync(row)))
        .map((row) => resultOf(action, input.value, row));
    },
    reconcile: (action, context) => {
      const input = reviewInput(action);
      if (input.isErr()) return errAsync(input.error);
      return find(action, context.signal).map((row) =>
        row === null ? ({ status: 'absent' } as const) : resultOf(action, input.value, row),
      );
    },
  };
}

/** The table `review.schedule` reads (an earlier review by its marker) and writes. */
export function reviewTableAccess(tables: ServiceNowTables): readonly ServiceNowTableAccess[] {
  return [{ table: tables.review, operations: ['read', 'create'] }];
}
