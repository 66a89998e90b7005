import { type DecomError, decomError, errAsync, okAsync, type ResultAsync } from '@decomkit/core';
import type { Lifecycle } from './lifecycle.js';
import type { ServiceNowTableAccess } from './table-access.js';
import type { TableClient, TableRow } from './table-client.js';

/** The tables the provider touches; `ci` and `review` are configurable. */
export interface ServiceNowTables {
  /** The CI table: `cmdb_ci` or a class table (`cmdb_ci_vm_instance`…). Its choice lists define "retired". */
  readonly ci: string;
  /** Where a recurring review is recorded; a `task` extension (it needs `correlation_id`, `due_date`). */
  readonly review: string;
}

/** What the record readers share: the client, the tables, the relationship type name, the page size. */
export interface ServiceNowRecords {
  readonly client: TableClient;
  readonly tables: ServiceNowTables;
  readonly relationTypeName: string;
  readonly pageSize: number;
}

/** A CI row and whether the caller may see it. */
export type CiRead = { readonly row: TableRow } | null;

/**
 * Reads CI `id` with its status fields from `table` (default the configured
 * CI table); null when the instance has no such
 * CI. A record the caller may not read (an ACL: `X-Total-Count` counts it
 * but the result leaves it out, see `tableClient`, or its fields come back
 * empty) is `AccessDenied`, never "not found": fail closed.
 */
export function readCi(
  records: ServiceNowRecords,
  id: string,
  lifecycle: Lifecycle,
  signal?: AbortSignal,
  table = records.tables.ci,
): ResultAsync<TableRow | null, DecomError> {
  return records.client
    .list(
      table,
      { query: `sys_id=${id}`, fields: ['sys_id', 'name', 'sys_class_name', ...lifecycle.fields], pageSize: 1 },
      signal,
    )
    .andThen(({ rows }) => {
      const row = rows[0];
      if (row === undefined) return okAsync(null);
      if (row.sys_id !== id)
        return errAsync(
          decomError.accessDenied({
            message: `ServiceNow ${table} ${id}: the record came back without its fields (an ACL restricts them)`,
            resource: id,
          }),
        );
      return okAsync(row);
    });
}

/** Like {@link readCi}, a missing CI being `NotFound` (naming what it was read for). */
export function requireCi(
  records: ServiceNowRecords,
  id: string,
  lifecycle: Lifecycle,
  what: string,
  signal?: AbortSignal,
  table = records.tables.ci,
): ResultAsync<TableRow, DecomError> {
  return readCi(records, id, lifecycle, signal, table).andThen((row) =>
    row === null
      ? errAsync(decomError.notFound({ message: `ServiceNow ${table}: no ${what} ${id}`, resource: id }))
      : okAsync(row),
  );
}

/** The CIs `id` is the parent of in `cmdb_rel_ci`, with the relationship type of each. */
export function relationsOf(
  records: ServiceNowRecords,
  id: string,
  signal?: AbortSignal,
): ResultAsync<readonly { readonly child: string; readonly type: string }[], DecomError> {
  return records.client
    .list(
      'cmdb_rel_ci',
      { query: `parent=${id}`, fields: ['sys_id', 'child', 'type'], pageSize: records.pageSize },
      signal,
    )
    .map(({ rows }) => rows.map((row) => ({ child: row.child ?? '', type: row.type ?? '' })));
}

/** The sys_id of the relationship type named `relationTypeName` in `cmdb_rel_type`; `NotFound` when there is none. */
export function relationTypeId(records: ServiceNowRecords, signal?: AbortSignal): ResultAsync<string, DecomError> {
  const name = records.relationTypeName;
  return records.client
    .list('cmdb_rel_type', { query: `name=${name}`, fields: ['sys_id', 'name'], pageSize: 2 }, signal)
    .andThen(({ rows }) => {
      const found = rows.find((row) => row.name === name);
      return found === undefined
        ? errAsync(
            decomError.notFound({
              message: `ServiceNow cmdb_rel_type: no relationship type named "${name}"`,
              resource: name,
            }),
          )
        : okAsync(found.sys_id ?? '');
    });
}

/** True when a work note on record `id` carries `marker` (`sys_journal_field`, element `work_notes`). */
export function hasMarkedNote(
  records: ServiceNowRecords,
  id: string,
  marker: string,
  signal?: AbortSignal,
): ResultAsync<boolean, DecomError> {
  return records.client
    .list(
      'sys_journal_field',
      { query: `element_id=${id}^element=work_notes^valueLIKE${marker}`, fields: ['sys_id'], pageSize: 1 },
      signal,
    )
    .map(({ rows }) => rows.length > 0);
}

/** The tables these reads touch: the CI table, relations and their types, and the CI's journal (the marked work note). */
export function recordsTableAccess(tables: ServiceNowTables): readonly ServiceNowTableAccess[] {
  return [
    { table: tables.ci, operations: ['read'] },
    { table: 'cmdb_rel_ci', operations: ['read'] },
    { table: 'cmdb_rel_type', operations: ['read'] },
    { table: 'sys_journal_field', operations: ['read'] },
  ];
}
