import {
  type CmdbPort,
  type DecomError,
  decomError,
  errAsync,
  type InputIssue,
  okAsync,
  PORT_SPECIFICATION_VERSION,
  ResultAsync,
} from '@decomkit/core';
import { isSafeId } from '../action-input.js';
import { checkEndpoint } from '../http/endpoint.js';
import { DEFAULT_RETRY_POLICY, type RetryPolicy } from '../http/retry-policy.js';
import { cloudIdFinder } from './find-by-cloud-ids.js';
import { type Lifecycle, type LifecycleFields, readLifecycle } from './lifecycle.js';
import { serviceNowRetireHandler } from './retire-handler.js';
import { serviceNowReviewHandler } from './review-handler.js';
import { authorizationSource, type ServiceNowAuth } from './service-now-auth.js';
import { readCi, relationsOf, type ServiceNowRecords, type ServiceNowTables } from './service-now-records.js';
import { tableClient } from './table-client.js';

/** The options of {@link serviceNowCmdb}. */
export interface ServiceNowCmdbOptions {
  /** The instance's origin, e.g. `https://acme.service-now.com` (HTTPS; plain HTTP only for a loopback test server). */
  readonly instance: string;
  readonly auth: ServiceNowAuth;
  /** The CI table (default `cmdb_ci`) and the review table (default `task`). */
  readonly tables?: Partial<ServiceNowTables>;
  /** The relationship type, by `cmdb_rel_type.name`, from the retired CI to its Azure CI; default `Replaced by::Replaces`. */
  readonly relationType?: string;
  /** Which status fields to write: `auto` (default) uses CSDM when the instance lists its choices, legacy otherwise. */
  readonly lifecycle?: LifecycleFields | 'auto';
  /** The `sys_choice` language whose labels are read; default `en`. */
  readonly language?: string;
  /** `sysparm_limit` of list reads; default 100. */
  readonly pageSize?: number;
  /** Retries on 429 and 5xx. */
  readonly retry?: Partial<RetryPolicy>;
}

const TABLE_NAME = /^[a-z0-9_]{1,80}$/;

/**
 * The `cmdb` port on a ServiceNow instance, over the Table API
 * (`/api/now/table/{table}`): reads a CI with its status (the instance's own
 * labels) and relations; `cmdb.retire` sets the retired values read from its
 * choice lists, relates the CI to its Azure CIs and adds a work note;
 * `review.schedule` records the recurring review; `findByCloudIds` finds the
 * CIs Cloud Discovery recorded for resources (`object_id`, `correlation_id`). Every write carries the
 * action marker, so reconcile after a crash finds it. See the package README
 * for the exact tables and fields.
 *
 * Invalid options are not thrown: every call of the port returns the
 * `InvalidInput` error naming them.
 *
 * @example
 * ```ts
 * const cmdb = serviceNowCmdb({
 *   instance: 'https://acme.service-now.com',
 *   auth: { kind: 'oauth-client-credentials', clientId, clientSecret },
 * });
 * const engine = createEngine({ providers: { ...aws, cmdb }, workload });
 * ```
 */
export function serviceNowCmdb(options: ServiceNowCmdbOptions): CmdbPort {
  const issues = optionIssues(options);
  const endpoint = checkEndpoint(options.instance, 'instance');
  if (endpoint.isErr()) issues.push(...endpoint.error.issues);
  if (issues.length > 0 || endpoint.isErr())
    return refusingPort(decomError.invalidInput(`serviceNowCmdb: invalid options`, issues));
  const instance = endpoint.value.origin;
  const policy = { ...DEFAULT_RETRY_POLICY, ...options.retry };
  const client = tableClient(instance, authorizationSource(instance, options.auth), policy);
  const records: ServiceNowRecords = {
    client,
    tables: { ci: options.tables?.ci ?? 'cmdb_ci', review: options.tables?.review ?? 'task' },
    relationTypeName: options.relationType ?? 'Replaced by::Replaces',
    pageSize: options.pageSize ?? 100,
  };
  let cached: Promise<Lifecycle> | null = null;
  const lifecycle = (signal?: AbortSignal): ResultAsync<Lifecycle, DecomError> => {
    if (cached !== null) return ResultAsync.fromSafePromise(cached);
    return readLifecycle(client, records.tables.ci, options.language ?? 'en', options.lifecycle ?? 'auto', signal).map(
      (model) => {
        cached = Promise.resolve(model);
        return model;
      },
    );
  };
  return {
    specificationVersion: PORT_SPECIFICATION_VERSION,
    capabilities: ['cmdb.servicenow'],
    handlers: {
      'cmdb.retire': serviceNowRetireHandler(records, lifecycle),
      'review.schedule': serviceNowReviewHandler(records, lifecycle),
    },
    getItem: (id) => {
      if (!isSafeId(id))
        return errAsync(
          decomError.invalidInput(`ServiceNow getItem: "${id}" is not a CI id`, [
            { path: 'id', message: 'letters, digits and _ . : -' },
          ]),
        );
      return lifecycle().andThen((model) =>
        readCi(records, id, model).andThen((row) =>
          row === null
            ? okAsync(null)
            : relationsOf(records, id).map((relations) => ({
                id,
                name: row.name ?? '',
                status: model.statusOf(row),
                retired: model.isRetired(row),
                links: relations.map((relation) => relation.child),
              })),
        ),
      );
    },
    findByCloudIds: cloudIdFinder(records, lifecycle),
  };
}

function optionIssues(options: ServiceNowCmdbOptions): InputIssue[] {
  const issues: InputIssue[] = [];
  for (const [name, table] of Object.entries(options.tables ?? {}))
    if (typeof table !== 'string' || !TABLE_NAME.test(table))
      issues.push({ path: `tables.${name}`, message: 'a table name (a-z, 0-9, _)' });
  if (options.relationType !== undefined && /[\^\n]/.test(options.relationType))
    issues.push({ path: 'relationType', message: 'a cmdb_rel_type name without ^' });
  if (options.language !== undefined && !/^[a-z]{2}(_[a-z]{2})?$/i.test(options.language))
    issues.push({ path: 'language', message: 'a sys_choice language such as en' });
  if (
    options.pageSize !== undefined &&
    !(Number.isInteger(options.pageSize) && options.pageSize >= 1 && options.pageSize <= 10_000)
  )
    issues.push({ path: 'pageSize', message: 'an integer from 1 to 10000' });
  const kinds = ['basic', 'oauth-client-credentials', 'bearer'];
  if (!kinds.includes((options.auth as { kind?: string } | undefined)?.kind ?? ''))
    issues.push({ path: 'auth.kind', message: `one of ${kinds.join(', ')}` });
  return issues;
}

/** A port whose every call returns `error` (invalid options fail closed, without throwing). */
export function refusingPort(error: DecomError): CmdbPort {
  const refuse = () => errAsync(error);
  return {
    specificationVersion: PORT_SPECIFICATION_VERSION,
    handlers: {
      'cmdb.retire': { execute: refuse, reconcile: refuse },
      'review.schedule': { execute: refuse, reconcile: refuse },
    },
    getItem: refuse,
    findByCloudIds: refuse,
  };
}
