import {
  type ActionHandler,
  type DecomError,
  decomError,
  errAsync,
  type HandlerContext,
  isRetryable,
  type JsonObject,
  okAsync,
  type PlannedAction,
  ResultAsync,
} from '@decomkit/core';
import { done } from '@decomkit/provider-kit';
import { actionMarker, type RetireInput, retireInput } from '../action-input.js';
import type { Lifecycle } from './lifecycle.js';
import type { ServiceNowTables } from './service-now-records.js';
import {
  hasMarkedNote,
  relationsOf,
  relationTypeId,
  requireCi,
  type ServiceNowRecords,
} from './service-now-records.js';
import type { ServiceNowTableAccess } from './table-access.js';
import type { TableRow } from './table-client.js';

/** What a retirement finds on the instance before (or instead of) writing. */
interface RetireState {
  readonly input: RetireInput;
  readonly lifecycle: Lifecycle;
  readonly row: TableRow;
  readonly noted: boolean;
  readonly typeId: string;
  readonly related: readonly string[];
}

/**
 * `cmdb.retire` on ServiceNow: one PATCH of the CI that sets its retired
 * status values and adds a work note carrying the action marker, then one
 * `cmdb_rel_ci` record per Azure CI not yet related by the configured type.
 * Each write is preceded by a read (the marked note, the relations), so
 * running it again, or after a crash, writes nothing twice; reconcile reads
 * the same facts back.
 */
export function serviceNowRetireHandler(
  records: ServiceNowRecords,
  lifecycle: (signal?: AbortSignal) => ResultAsync<Lifecycle, DecomError>,
): ActionHandler<'cmdb.retire'> {
  const stateOf = (
    action: PlannedAction<'cmdb.retire'>,
    signal?: AbortSignal,
  ): ResultAsync<RetireState, DecomError> => {
    const input = retireInput(action);
    if (input.isErr()) return errAsync(input.error);
    const { ciId } = input.value;
    return lifecycle(signal).andThen((model) =>
      ResultAsync.combine([
        requireCi(records, ciId, model, 'configuration item', signal),
        hasMarkedNote(records, ciId, actionMarker(action), signal),
        // The relationship type is only needed (and only required to exist) when there is a CI to relate.
        input.value.azureCiIds.length === 0 ? okAsync('') : relationTypeId(records, signal),
        relationsOf(records, ciId, signal),
      ] as const).map(([row, noted, typeId, relations]) => ({
        input: input.value,
        lifecycle: model,
        row,
        noted,
        typeId,
        related: relations.filter((relation) => relation.type === typeId).map((relation) => relation.child),
      })),
    );
  };
  const resultOf = (
    action: PlannedAction,
    state: RetireState,
    row: TableRow,
    related: readonly string[],
  ): JsonObject => ({
    ciId: state.input.ciId,
    status: state.lifecycle.statusOf(row),
    statusFields: { ...state.lifecycle.retiredValues },
    relationType: records.relationTypeName,
    links: [...related],
    marker: actionMarker(action),
  });
  return {
    rateLimits: () => [],
    execute: (action, context) =>
      stateOf(action, context.signal).andThen((state) =>
        // Every Azure CI to relate is read before anything is written: an unknown one writes nothing.
        ResultAsync.combine(
          missingOf(state).map((id) =>
            // Read in the base table: an Azure CI is usually of another class than the retired one.
            requireCi(records, id, state.lifecycle, 'Azure configuration item to relate', context.signal, 'cmdb_ci'),
          ),
        )
          .andThen(() => patchOnce(records, action, state, context))
          .andThen((row) =>
            relateMissing(records, state, context.signal).map((related) => done(resultOf(action, state, row, related))),
          ),
      ),
    reconcile: (action, context) =>
      stateOf(action, context.signal).map((state) =>
        state.noted &&
        state.lifecycle.isRetired(state.row) &&
        state.input.azureCiIds.every((id) => state.related.includes(id))
          ? done(resultOf(action, state, state.row, state.related))
          : ({ status: 'absent' } as const),
      ),
  };
}

/** The work note: the action marker, the run, the action, the evidence its gates name, the Azure CIs. */
function noteOf(action: PlannedAction<'cmdb.retire'>, input: RetireInput, runId: string | undefined): string {
  const evidence = action.gates.map((gate) => JSON.stringify(gate)).join('; ') || 'none recorded';
  return [
    `[${actionMarker(action)}] Retired by decomkit.`,
    `Run: ${runId ?? 'not given (called outside a run)'}.`,
    `Action: ${action.key} (step ${action.step}).`,
    `Evidence (gates met before the action ran): ${evidence}.`,
    `Replaced by: ${input.azureCiIds.join(', ') || 'no Azure CI named'}.`,
  ].join('\n');
}

/**
 * Sets the retired values and adds the marked note in one PATCH, unless the
 * marked note is already there. A write that failed without an answer (a
 * dropped connection, a 5xx) may have landed: the note is read again before
 * the error is returned, so the engine's retry never writes it twice.
 */
function patchOnce(
  records: ServiceNowRecords,
  action: PlannedAction<'cmdb.retire'>,
  state: RetireState,
  { signal, runId }: Pick<HandlerContext, 'signal' | 'runId'>,
): ResultAsync<TableRow, DecomError> {
  const { ciId } = state.input;
  if (state.noted) return okAsync(state.row);
  const fields = ['sys_id', 'name', ...state.lifecycle.fields];
  const body = { ...state.lifecycle.retiredValues, work_notes: noteOf(action, state.input, runId) };
  return records.client
    .update(records.tables.ci, ciId, body, fields, signal)
    .orElse((error) =>
      isRetryable(error)
        ? hasMarkedNote(records, ciId, actionMarker(action), signal).andThen((landed) =>
            landed ? requireCi(records, ciId, state.lifecycle, 'configuration item', signal) : errAsync(error),
          )
        : errAsync(error),
    )
    .andThen((row) =>
      state.lifecycle.isRetired(row)
        ? okAsync(row)
        : errAsync(
            decomError.accessDenied({
              message: `ServiceNow ${records.tables.ci} ${ciId}: the update was accepted but the status fields did not change (an ACL, a data policy or a business rule refused them)`,
              resource: ciId,
            }),
          ),
    );
}

/** The Azure CIs not yet related to the CI by the configured type. */
function missingOf(state: RetireState): readonly string[] {
  return state.input.azureCiIds.filter((id) => !state.related.includes(id));
}

/** Creates the `cmdb_rel_ci` records not there yet. */
function relateMissing(
  records: ServiceNowRecords,
  state: RetireState,
  signal: AbortSignal,
): ResultAsync<readonly string[], DecomError> {
  const related = [...state.related];
  return missingOf(state).reduce<ResultAsync<readonly string[], DecomError>>(
    (previous, azureCiId) =>
      previous.andThen(() =>
        records.client
          .create('cmdb_rel_ci', { parent: state.input.ciId, child: azureCiId, type: state.typeId }, ['sys_id'], signal)
          .orElse((error) =>
            isRetryable(error)
              ? relationsOf(records, state.input.ciId, signal).andThen((relations) =>
                  relations.some((relation) => relation.child === azureCiId && relation.type === state.typeId)
                    ? okAsync({})
                    : errAsync(error),
                )
              : errAsync(error),
          )
          .map(() => {
            related.push(azureCiId);
            return related;
          }),
      ),
    okAsync(related),
  );
}

/** The tables `cmdb.retire` writes: the CI (its status fields and work note) and the relation to each Azure CI. */
export function retireTableAccess(tables: ServiceNowTables): readonly ServiceNowTableAccess[] {
  return [
    { table: tables.ci, operations: ['write'] },
    { table: 'cmdb_rel_ci', operations: ['create'] },
  ];
}
