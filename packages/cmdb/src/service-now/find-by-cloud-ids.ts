import {
  type CloudConfigurationItem,
  type DecomError,
  decomError,
  errAsync,
  okAsync,
  type ResultAsync,
} from '@decomkit/core';
import type { Lifecycle } from './lifecycle.js';
import type { ServiceNowRecords, ServiceNowTables } from './service-now-records.js';
import type { ServiceNowTableAccess } from './table-access.js';
import type { TableRow } from './table-client.js';

/** The CI fields Cloud Discovery keeps a cloud id in (instance id, ARN, resource id). */
export const CLOUD_ID_FIELDS = ['object_id', 'correlation_id'] as const;

/**
 * A cloud id that can stand in an encoded query's `IN` list: no `^` (the
 * query separator), no `,` (the list separator), no whitespace. ARNs and
 * generated ids always are; anything else is not searched (and so never matched).
 */
const QUERYABLE_CLOUD_ID = /^[A-Za-z0-9_.:/+@=-]{1,1024}$/;

/** Cloud ids per query, keeping the URL short. */
const IDS_PER_QUERY = 40;

/**
 * The CIs of the CI table whose `object_id` or `correlation_id` is one of
 * `cloudIds`: one `IN` query per field and per 40 ids (the instance compares
 * case-insensitively; the provider keeps only exact matches). Each CI once,
 * naming the cloud id it carries. A CI the list hides (an ACL) is
 * `AccessDenied`, as in every list read; a row whose cloud id fields come back
 * empty matches nothing.
 */
export function findByCloudIds(
  records: ServiceNowRecords,
  lifecycle: Lifecycle,
  cloudIds: readonly string[],
  signal?: AbortSignal,
): ResultAsync<readonly CloudConfigurationItem[], DecomError> {
  const wanted = new Set(cloudIds.filter((cloudId) => QUERYABLE_CLOUD_ID.test(cloudId)));
  const chunks: string[][] = [];
  const ids = [...wanted];
  for (let start = 0; start < ids.length; start += IDS_PER_QUERY) chunks.push(ids.slice(start, start + IDS_PER_QUERY));
  const fields = ['sys_id', 'name', 'sys_class_name', ...CLOUD_ID_FIELDS, ...lifecycle.fields];
  const queries = chunks.flatMap((chunk) =>
    CLOUD_ID_FIELDS.map((field) => ({ query: `${field}IN${chunk.join(',')}`, fields, pageSize: records.pageSize })),
  );
  // One query at a time: an instance's rate limit counts every request.
  return queries
    .reduce<ResultAsync<TableRow[], DecomError>>(
      (previous, query) =>
        previous.andThen((rows) =>
          records.client.list(records.tables.ci, query, signal).map((result) => [...rows, ...result.rows]),
        ),
      okAsync([]),
    )
    .andThen((rows) => {
      const found = new Map<string, CloudConfigurationItem>();
      for (const row of rows) {
        const cloudId = CLOUD_ID_FIELDS.map((field) => row[field] ?? '').find((value) => wanted.has(value));
        if (cloudId === undefined) continue;
        const id = row.sys_id ?? '';
        if (id === '')
          return errAsync(
            decomError.accessDenied({
              message: `ServiceNow ${records.tables.ci}: the CI carrying ${cloudId} came back without its sys_id (an ACL restricts it)`,
              resource: cloudId,
            }),
          );
        if (found.has(id)) continue;
        found.set(id, {
          cloudId,
          id,
          name: row.name ?? '',
          status: lifecycle.statusOf(row),
          retired: lifecycle.isRetired(row),
        });
      }
      return okAsync([...found.values()]);
    });
}

/** {@link findByCloudIds} as the port offers it: the lifecycle read first. */
export function cloudIdFinder(
  records: ServiceNowRecords,
  lifecycle: () => ResultAsync<Lifecycle, DecomError>,
): (cloudIds: readonly string[]) => ResultAsync<readonly CloudConfigurationItem[], DecomError> {
  return (cloudIds) =>
    cloudIds.length === 0
      ? okAsync<readonly CloudConfigurationItem[], DecomError>([])
      : lifecycle().andThen((model) => findByCloudIds(records, model, cloudIds));
}

/** The table this read touches: the CI table. */
export function findTableAccess(tables: ServiceNowTables): readonly ServiceNowTableAccess[] {
  return [{ table: tables.ci, operations: ['read'] }];
}
