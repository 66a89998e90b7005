import { type DecomError, decomError, errAsync, okAsync, type ResultAsync } from '@decomkit/core';
import type { ServiceNowTableAccess } from './table-access.js';
import type { TableClient, TableRow } from './table-client.js';

/** Which status fields a CI's retirement is written to: CSDM's life cycle pair or the legacy pair. */
export type LifecycleFields = 'csdm' | 'legacy';

/** The status fields this provider reads and writes, by model. */
export const LIFECYCLE_FIELDS = {
  csdm: ['life_cycle_stage', 'life_cycle_stage_status'],
  legacy: ['install_status', 'operational_status'],
} as const;

/** A choice of one field, as `sys_choice` lists it. */
interface Choice {
  readonly table: string;
  readonly element: string;
  readonly value: string;
  readonly label: string;
}

/**
 * The instance's lifecycle as its choice lists define it: which model it
 * uses, the values that mean retired (read from `sys_choice`, never
 * hard-coded), and the labels to show.
 */
export interface Lifecycle {
  readonly model: LifecycleFields;
  /** The fields and values a retirement writes. */
  readonly retiredValues: Readonly<Record<string, string>>;
  /** The status fields to read. */
  readonly fields: readonly string[];
  /** True when `row` holds every retired value. */
  isRetired(row: TableRow): boolean;
  /** The instance's own words for the row's status (its labels). */
  statusOf(row: TableRow): string;
}

const RETIRED = /\bretired\b/i;
const END_OF_LIFE = /\bend of life\b|\bretire/i;

/**
 * Reads the choice lists of the CI table's status fields (a class table's
 * own list, or the one it inherits from `cmdb_ci`) and builds the
 * {@link Lifecycle}: CSDM when the instance lists `life_cycle_stage_status`
 * choices (or `prefer` says so), legacy otherwise. An instance whose lists
 * lack a retired value is a `Conflict` naming the field: nothing is written.
 */
export function readLifecycle(
  client: TableClient,
  ciTable: string,
  language: string,
  prefer: LifecycleFields | 'auto',
  signal?: AbortSignal,
): ResultAsync<Lifecycle, DecomError> {
  const elements = [...LIFECYCLE_FIELDS.csdm, ...LIFECYCLE_FIELDS.legacy];
  return client
    .list(
      'sys_choice',
      {
        query: `nameIN${[...new Set([ciTable, 'cmdb_ci'])].join(',')}^elementIN${elements.join(',')}^language=${language}^inactive=false`,
        fields: ['name', 'element', 'value', 'label'],
        pageSize: 500,
      },
      signal,
    )
    .andThen(({ rows }) => {
      const choices: Choice[] = rows.map((row) => ({
        table: row.name ?? '',
        element: row.element ?? '',
        value: row.value ?? '',
        label: row.label ?? '',
      }));
      // A class table's own list for a field replaces the one it inherits from cmdb_ci.
      const of = (element: string) => {
        const forField = choices.filter((choice) => choice.element === element);
        const own = forField.filter((choice) => choice.table === ciTable);
        return own.length > 0 ? own : forField;
      };
      const hasCsdm = of('life_cycle_stage_status').length > 0;
      const hasLegacy = of('install_status').length > 0;
      const model: LifecycleFields | null = prefer !== 'auto' ? prefer : hasCsdm ? 'csdm' : hasLegacy ? 'legacy' : null;
      if (model === null)
        return errAsync(
          decomError.conflict({
            message: `ServiceNow ${ciTable}: sys_choice lists no choices for life_cycle_stage_status or install_status (language ${language}); cannot tell what "retired" is`,
            resource: `${ciTable}.install_status`,
          }),
        );
      const missing = (field: string) =>
        decomError.conflict({
          message: `ServiceNow ${ciTable}.${field}: the instance's choice list has no retired value (choices: ${
            of(field)
              .map((choice) => choice.label)
              .join(', ') || 'none'
          })`,
          resource: `${ciTable}.${field}`,
        });
      const retiredValues: Record<string, string> = {};
      if (model === 'csdm') {
        const stage = of('life_cycle_stage').find((choice) => END_OF_LIFE.test(choice.label));
        const status = of('life_cycle_stage_status').find((choice) => RETIRED.test(choice.label));
        if (stage === undefined) return errAsync(missing('life_cycle_stage'));
        if (status === undefined) return errAsync(missing('life_cycle_stage_status'));
        retiredValues.life_cycle_stage = stage.value;
        retiredValues.life_cycle_stage_status = status.value;
      } else {
        const install = of('install_status').find((choice) => RETIRED.test(choice.label));
        if (install === undefined) return errAsync(missing('install_status'));
        retiredValues.install_status = install.value;
        // operational_status is written too when the instance has a retired choice for it.
        const operational = of('operational_status').find((choice) => RETIRED.test(choice.label));
        if (operational !== undefined) retiredValues.operational_status = operational.value;
      }
      const fields = LIFECYCLE_FIELDS[model];
      const labelOf = (field: string, value: string) =>
        of(field).find((choice) => choice.value === value)?.label ?? value;
      return okAsync({
        model,
        retiredValues,
        fields,
        isRetired: (row: TableRow) => Object.entries(retiredValues).every(([field, value]) => row[field] === value),
        statusOf: (row: TableRow) =>
          fields
            .map((field) => labelOf(field, row[field] ?? ''))
            .filter((label) => label !== '')
            .join(' / '),
      });
    });
}

/** The tables these reads touch: the choice lists. */
export const LIFECYCLE_TABLE_ACCESS: readonly ServiceNowTableAccess[] = [{ table: 'sys_choice', operations: ['read'] }];
