import type { Plan } from '@decomkit/core';
import { findTableAccess } from './find-by-cloud-ids.js';
import { LIFECYCLE_TABLE_ACCESS } from './lifecycle.js';
import { retireTableAccess } from './retire-handler.js';
import { reviewTableAccess } from './review-handler.js';
import { recordsTableAccess, type ServiceNowTables } from './service-now-records.js';
import { mergeTableAccess, type ServiceNowTableAccess } from './table-access.js';

/**
 * What the ServiceNow account of `serviceNowCmdb` needs for a plan: the
 * tables and Table API operations its ACLs must allow (derived from the
 * calls of each handler), and the out-of-the-box roles whose ACLs usually
 * grant them (a suggestion: instances customise ACLs; the tables are the
 * contract).
 */
export interface ServiceNowAccess {
  /** Each table and the operations on it, tables sorted. */
  readonly tables: readonly ServiceNowTableAccess[];
  /** Out-of-the-box roles that usually grant them (a suggestion). */
  readonly roles: readonly string[];
}

/**
 * The ServiceNow access a plan's CMDB actions need: reading the CI table,
 * its choice lists, relations, relation types and journal; for
 * `cmdb.retire`, writing the CI and creating `cmdb_rel_ci` rows; for
 * `review.schedule`, reading and creating rows of the review table. Null
 * when the plan has no CMDB action. `tables` as given to `serviceNowCmdb`.
 *
 * @example
 * ```ts
 * import { serviceNowAccess } from '@decomkit/cmdb';
 * const access = serviceNowAccess(plan, { ci: 'cmdb_ci_vm_instance' });
 * // { tables: [{ table: 'cmdb_ci_vm_instance', operations: ['read', 'write'] }, …], roles: ['sn_cmdb_editor', …] }
 * ```
 */
export function serviceNowAccess(plan: Plan, tables: Partial<ServiceNowTables> = {}): ServiceNowAccess | null {
  const names: ServiceNowTables = { ci: tables.ci ?? 'cmdb_ci', review: tables.review ?? 'task' };
  const kinds = new Set(plan.steps.flatMap((step) => step.actions.map((action) => action.kind)));
  const retires = kinds.has('cmdb.retire');
  const reviews = kinds.has('review.schedule');
  if (!retires && !reviews) return null;
  const accesses = [
    ...LIFECYCLE_TABLE_ACCESS,
    ...recordsTableAccess(names),
    ...findTableAccess(names),
    ...(retires ? retireTableAccess(names) : []),
    ...(reviews ? reviewTableAccess(names) : []),
  ];
  const roles = [
    ...(retires ? ['sn_cmdb_editor'] : ['sn_cmdb_user']),
    // Task rows and the journal's work notes are itil's.
    'itil',
  ];
  return { tables: mergeTableAccess(accesses), roles };
}
