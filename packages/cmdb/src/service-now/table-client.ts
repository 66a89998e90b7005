import { type DecomError, decomError, err, ok, type Result, ResultAsync } from '@decomkit/core';
import { fromUnknown } from '@decomkit/provider-kit';
import { isAborted, type RetryPolicy, requestSignal, retryDelay, sleep } from '../http/retry-policy.js';
import { type AuthorizationSource, kindOf } from './service-now-auth.js';

/** One Table API record as the provider reads it: field values, references as plain sys_ids. */
export type TableRow = Readonly<Record<string, string>>;

/** A list query: an encoded query, the fields wanted, and the page size. */
export interface ListQuery {
  /** `sysparm_query`, e.g. `parent=abc^child=def`. */
  readonly query: string;
  /** `sysparm_fields`: only these fields come back. */
  readonly fields: readonly string[];
  /** `sysparm_limit` of each page; default 100. */
  readonly pageSize?: number;
}

/** A list result: every row the query matched (`X-Total-Count`, which counts rows before ACLs, when sent). */
export interface ListResult {
  readonly rows: readonly TableRow[];
  readonly total: number | null;
}

/** The Table API calls the ServiceNow provider makes. */
export interface TableClient {
  list(table: string, query: ListQuery, signal?: AbortSignal): ResultAsync<ListResult, DecomError>;
  create(
    table: string,
    body: Record<string, string>,
    fields: readonly string[],
    signal?: AbortSignal,
  ): ResultAsync<TableRow, DecomError>;
  update(
    table: string,
    sysId: string,
    body: Record<string, string>,
    fields: readonly string[],
    signal?: AbortSignal,
  ): ResultAsync<TableRow, DecomError>;
}

/** The most pages one list reads (a guard against a server that never stops paging). */
const MAX_PAGES = 200;

/**
 * A Table API client (`/api/now/table/{table}`): JSON, references as sys_ids
 * (`sysparm_exclude_reference_link`), paging by `sysparm_limit` /
 * `sysparm_offset`, retries on 429 (any call) and on 5xx or a dropped
 * connection (reads only: a write that may have landed is never sent twice
 * blindly; the handler reads back first), typed errors for 401, 403, 404.
 */
export function tableClient(instance: string, auth: AuthorizationSource, policy: RetryPolicy): TableClient {
  const send = (
    method: 'GET' | 'POST' | 'PATCH',
    path: string,
    params: Record<string, string>,
    body: Record<string, string> | null,
    signal: AbortSignal | undefined,
  ): ResultAsync<Response, DecomError> =>
    new ResultAsync(sendWithRetries(instance, auth, policy, { method, path, params, body, signal }));
  const rowOf = (table: string) => (response: Response) =>
    jsonOf(response, `${table}`).andThen((json) => {
      const result = (json as { result?: unknown }).result;
      return result !== null && typeof result === 'object' && !Array.isArray(result)
        ? ok(rowFrom(result as Record<string, unknown>))
        : err(
            decomError.providerFailure({
              message: `ServiceNow ${table}: the response has no result record`,
              retryable: false,
            }),
          );
    });
  return {
    list: (table, query, signal) => new ResultAsync(listAll(send, table, query, signal)),
    create: (table, body, fields, signal) =>
      send('POST', `/api/now/table/${table}`, readParams(fields), body, signal).andThen(rowOf(table)),
    update: (table, sysId, body, fields, signal) =>
      send('PATCH', `/api/now/table/${table}/${encodeURIComponent(sysId)}`, readParams(fields), body, signal).andThen(
        rowOf(`${table} ${sysId}`),
      ),
  };
}

function readParams(fields: readonly string[]): Record<string, string> {
  return { sysparm_fields: fields.join(','), sysparm_exclude_reference_link: 'true' };
}

async function listAll(
  send: (
    method: 'GET',
    path: string,
    params: Record<string, string>,
    body: null,
    signal: AbortSignal | undefined,
  ) => ResultAsync<Response, DecomError>,
  table: string,
  query: ListQuery,
  signal: AbortSignal | undefined,
): Promise<Result<ListResult, DecomError>> {
  const pageSize = query.pageSize ?? 100;
  const rows: TableRow[] = [];
  let total: number | null = null;
  for (let page = 0; page < MAX_PAGES; page += 1) {
    const params = {
      ...readParams(query.fields),
      sysparm_query: query.query,
      sysparm_limit: String(pageSize),
      sysparm_offset: String(page * pageSize),
    };
    const response = await send('GET', `/api/now/table/${table}`, params, null, signal);
    if (response.isErr()) return err(response.error);
    if (page === 0) {
      const count = Number(response.value.headers.get('x-total-count'));
      total = response.value.headers.has('x-total-count') && Number.isFinite(count) ? count : null;
    }
    const json = await jsonOf(response.value, table);
    if (json.isErr()) return err(json.error);
    const result = (json.value as { result?: unknown }).result;
    if (!Array.isArray(result))
      return err(
        decomError.providerFailure({
          message: `ServiceNow ${table}: the response has no result list`,
          retryable: false,
        }),
      );
    for (const row of result) rows.push(rowFrom(row as Record<string, unknown>));
    // ServiceNow sends `Link` with rel="next" while there is more; without any `Link`, a full page may have more.
    const link = response.value.headers.get('link');
    const hasNext = link === null || /rel="next"/.test(link);
    if (result.length < pageSize || !hasNext)
      return total !== null && rows.length < total
        ? err(hidden(table, query, rows.length, total))
        : ok({ rows, total });
  }
  return err(
    decomError.providerFailure({ message: `ServiceNow ${table}: more than ${MAX_PAGES} pages`, retryable: false }),
  );
}

/**
 * A list the instance answered with fewer rows than `X-Total-Count`: an ACL
 * hides some. Acting on a partial read could write twice (a hidden work note,
 * a hidden relation) or miss a CI, so it is `AccessDenied`.
 */
function hidden(table: string, query: ListQuery, seen: number, total: number): DecomError {
  return decomError.accessDenied({
    message: `ServiceNow ${table} (${query.query}): ${total - seen} of ${total} matching records are hidden by an ACL from this user`,
    resource: table,
  });
}

/** Field values as strings; a reference given as `{ link, value }` becomes its value (the sys_id). */
function rowFrom(record: Record<string, unknown>): TableRow {
  const row: Record<string, string> = {};
  for (const [field, value] of Object.entries(record)) {
    if (value !== null && typeof value === 'object' && 'value' in value)
      row[field] = String((value as { value: unknown }).value);
    else row[field] = value === null || value === undefined ? '' : String(value);
  }
  return row;
}

function jsonOf(response: Response, what: string): ResultAsync<unknown, DecomError> {
  return ResultAsync.fromPromise(response.json() as Promise<unknown>, (cause) =>
    decomError.providerFailure({
      message: `ServiceNow ${what}: the response is not JSON`,
      retryable: false,
      cause: kindOf(cause),
    }),
  );
}

interface Request {
  readonly method: 'GET' | 'POST' | 'PATCH';
  readonly path: string;
  readonly params: Record<string, string>;
  readonly body: Record<string, string> | null;
  readonly signal: AbortSignal | undefined;
}

async function sendWithRetries(
  instance: string,
  auth: AuthorizationSource,
  policy: RetryPolicy,
  request: Request,
): Promise<Result<Response, DecomError>> {
  const what = `ServiceNow ${request.method} ${request.path}`;
  const url = `${instance}${request.path}?${new URLSearchParams(request.params).toString()}`;
  let reauthenticated = false;
  for (let attempt = 1; ; attempt += 1) {
    if (isAborted(request.signal)) return err(decomError.cancelled(`${what}: cancelled`));
    const header = await auth.header(request.signal);
    if (header.isErr()) return err(header.error);
    let response: Response;
    try {
      response = await fetch(url, {
        method: request.method,
        headers: {
          accept: 'application/json',
          authorization: header.value,
          ...(request.body === null ? {} : { 'content-type': 'application/json' }),
        },
        ...(request.body === null ? {} : { body: JSON.stringify(request.body) }),
        signal: requestSignal(policy, request.signal),
      });
    } catch (cause) {
      if (isAborted(request.signal)) return err(decomError.cancelled(`${what}: cancelled`));
      // A dropped connection (or a request past its timeout): a read is retried; a write may have landed, so the handler reads back instead.
      if (request.method === 'GET' && attempt < policy.attempts) {
        await sleep(retryDelay(policy, attempt, null), request.signal);
        continue;
      }
      return err(fromUnknown(`${what}: no response`, kindOf(cause), true));
    }
    if (response.ok) return ok(response);
    if (response.status === 401 && !reauthenticated) {
      reauthenticated = true;
      auth.invalidate();
      await response.body?.cancel();
      continue;
    }
    const retryable = response.status === 429 || (response.status >= 500 && request.method === 'GET');
    if (retryable && attempt < policy.attempts) {
      const delay = retryDelay(policy, attempt, response.headers.get('retry-after'));
      await response.body?.cancel();
      if (delay > policy.maxDelayMilliseconds)
        return err(
          decomError.throttled({ message: `${what}: throttled; the server asks to wait ${Math.ceil(delay / 1000)} s` }),
        );
      await sleep(delay, request.signal);
      continue;
    }
    return err(await errorOf(response, what));
  }
}

/** The typed error for a failed response, with ServiceNow's `{ error: { message, detail } }` when present. */
async function errorOf(response: Response, what: string): Promise<DecomError> {
  const envelope = (await response.json().catch(() => null)) as {
    error?: { message?: unknown; detail?: unknown };
  } | null;
  const said = [envelope?.error?.message, envelope?.error?.detail].filter(
    (part) => typeof part === 'string' && part !== '',
  );
  const message = `${what}: HTTP ${response.status}${said.length > 0 ? `: ${said.join(' — ')}` : ''}`;
  switch (response.status) {
    case 401:
      return decomError.accessDenied({ message: `${message} (the credentials were refused)` });
    case 403:
      return decomError.accessDenied({ message });
    case 404:
      return decomError.notFound({ message, resource: what });
    case 400:
      return decomError.invalidInput(message);
    case 409:
      return decomError.conflict({ message });
    case 429:
      return decomError.throttled({ message });
    default:
      return decomError.providerFailure({ message, retryable: response.status >= 500 });
  }
}
