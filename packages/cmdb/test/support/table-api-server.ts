import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A record of the loopback instance: string fields, references as sys_ids. */
export type Row = Record<string, string>;

/** A request the loopback instance received. */
export interface ReceivedRequest {
  readonly method: string;
  readonly table: string | null;
  readonly path: string;
  readonly query: URLSearchParams;
  readonly authorization: string;
  readonly body: string;
}

/** How the loopback instance behaves. */
export interface TableApiServerOptions {
  /** Tables and their rows (sys_choice, cmdb_ci, cmdb_rel_type…); rows get a sys_id when they lack one. */
  readonly tables: Record<string, Row[]>;
  /** Accepted `Authorization` values are derived from these. */
  readonly users?: { readonly username: string; readonly password: string }[];
  readonly oauthClients?: { readonly clientId: string; readonly clientSecret: string }[];
  readonly bearerTokens?: string[];
}

/** The loopback instance: its URL, its state, what it received, and switches for faults. */
export interface TableApiServer {
  readonly url: string;
  readonly tables: Record<string, Row[]>;
  readonly requests: ReceivedRequest[];
  /** sys_ids an ACL hides: left out of lists (still counted in X-Total-Count), 404 by id. */
  readonly hidden: Set<string>;
  /** Tables whose writes answer 403. */
  readonly readOnlyTables: Set<string>;
  /** The next `count` requests answer 429 with `Retry-After: seconds`. */
  throttle(count: number, seconds: number): void;
  /** The next `count` requests answer 503. */
  fail(count: number): void;
  /** The next write matching `method` and `table` is applied, then the connection is dropped without an answer. */
  crashAfterWrite(method: 'POST' | 'PATCH', table: string): void;
  /** Writes (POST, PATCH) received on the Table API so far. */
  writes(): ReceivedRequest[];
  close(): Promise<void>;
}

const NOT_FOUND = { message: 'No Record found', detail: "Record doesn't exist or ACL restricts the record retrieval" };

/**
 * Starts a loopback server on port 0 that speaks the Table API subset the
 * ServiceNow provider uses, with ServiceNow's shapes: `{ result }`,
 * `X-Total-Count`, `Link` paging headers, the error envelope
 * `{ error: { message, detail }, status: 'failure' }`; encoded queries with
 * `=`, `IN`, `LIKE` joined by `^`; `work_notes` written to `sys_journal_field`;
 * basic, bearer and `oauth_token.do` client-credentials authentication.
 */
export async function startTableApiServer(options: TableApiServerOptions): Promise<TableApiServer> {
  const tables: Record<string, Row[]> = {};
  for (const [name, rows] of Object.entries(options.tables))
    tables[name] = rows.map((row) => ({ sys_id: randomUUID().replaceAll('-', ''), ...row }));
  tables.sys_journal_field ??= [];
  const requests: ReceivedRequest[] = [];
  const hidden = new Set<string>();
  const readOnlyTables = new Set<string>();
  const issued = new Set(options.bearerTokens ?? []);
  const basic = new Set(
    (options.users ?? []).map((user) => `Basic ${Buffer.from(`${user.username}:${user.password}`).toString('base64')}`),
  );
  let throttled = { count: 0, seconds: 0 };
  let failing = 0;
  let crash: { method: string; table: string } | null = null;

  const send = (response: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) => {
    response.writeHead(status, { 'content-type': 'application/json', ...headers });
    response.end(JSON.stringify(body));
  };
  const error = (response: ServerResponse, status: number, message: string, detail: string | null, headers = {}) =>
    send(response, status, { error: { message, detail }, status: 'failure' }, headers);

  const handle = (request: IncomingMessage, body: string, response: ServerResponse) => {
    const url = new URL(request.url ?? '/', 'http://loopback');
    const match = /^\/api\/now\/table\/([a-z0-9_]+)(?:\/([^/]+))?$/.exec(url.pathname);
    const received: ReceivedRequest = {
      method: request.method ?? 'GET',
      table: match?.[1] ?? null,
      path: url.pathname,
      query: url.searchParams,
      authorization: request.headers.authorization ?? '',
      body,
    };
    requests.push(received);
    if (throttled.count > 0) {
      throttled = { ...throttled, count: throttled.count - 1 };
      return error(response, 429, 'Too Many Requests', 'Rate limit exceeded', {
        'retry-after': String(throttled.seconds),
      });
    }
    if (failing > 0) {
      failing -= 1;
      return error(response, 503, 'Service Unavailable', null);
    }
    if (url.pathname === '/oauth_token.do' && request.method === 'POST') {
      const form = new URLSearchParams(body);
      const client = (options.oauthClients ?? []).find(
        (candidate) =>
          candidate.clientId === form.get('client_id') && candidate.clientSecret === form.get('client_secret'),
      );
      if (form.get('grant_type') !== 'client_credentials' || client === undefined)
        return send(response, 401, { error_description: 'access_denied', error: 'server_error' });
      const token = randomUUID();
      issued.add(token);
      return send(response, 200, { access_token: token, scope: 'useraccount', token_type: 'Bearer', expires_in: 1799 });
    }
    const authorization = request.headers.authorization ?? '';
    if (!basic.has(authorization) && !(authorization.startsWith('Bearer ') && issued.has(authorization.slice(7))))
      return error(response, 401, 'User Not Authenticated', 'Required to provide Auth information');
    if (match === null) return error(response, 400, 'Requested URI does not represent any resource', null);
    const [, table = '', sysId] = match;
    const rows = tables[table];
    if (rows === undefined) return error(response, 400, 'Invalid table', `Invalid table ${table}`);
    const fields =
      url.searchParams
        .get('sysparm_fields')
        ?.split(',')
        .filter((field) => field !== '') ?? null;
    const shape = (row: Row) =>
      fields === null
        ? { ...row }
        : Object.fromEntries(fields.filter((field) => field in row).map((field) => [field, row[field]]));
    if (request.method === 'GET' && sysId === undefined) {
      const matched = rows.filter(matcher(url.searchParams.get('sysparm_query') ?? ''));
      const visible = matched.filter((row) => !hidden.has(row.sys_id ?? ''));
      const limit = Number(url.searchParams.get('sysparm_limit') ?? '10000');
      const offset = Number(url.searchParams.get('sysparm_offset') ?? '0');
      return send(
        response,
        200,
        { result: visible.slice(offset, offset + limit).map(shape) },
        {
          'x-total-count': String(matched.length),
          link: linkHeader(url, limit, offset, matched.length),
        },
      );
    }
    if (request.method === 'GET') {
      const row = rows.find((candidate) => candidate.sys_id === sysId && !hidden.has(sysId ?? ''));
      return row === undefined
        ? error(response, 404, NOT_FOUND.message, NOT_FOUND.detail)
        : send(response, 200, { result: shape(row) });
    }
    if (request.method !== 'POST' && request.method !== 'PATCH')
      return error(response, 405, 'Method not Supported', null);
    if (readOnlyTables.has(table))
      return error(response, 403, 'Operation Failed', 'ACL Exception Insert/Update Failed due to security constraints');
    const changes = JSON.parse(body === '' ? '{}' : body) as Row;
    const { work_notes: note, ...fieldsToSet } = changes;
    let row: Row;
    if (request.method === 'POST') {
      row = { sys_id: randomUUID().replaceAll('-', ''), ...fieldsToSet };
      if (table === 'task' || 'number' in (rows[0] ?? {}))
        row.number = `TASK${String(rows.length + 1).padStart(7, '0')}`;
      rows.push(row);
    } else {
      const existing = rows.find((candidate) => candidate.sys_id === sysId && !hidden.has(sysId ?? ''));
      if (existing === undefined) return error(response, 404, NOT_FOUND.message, NOT_FOUND.detail);
      Object.assign(existing, fieldsToSet);
      row = existing;
    }
    if (note !== undefined && note !== '')
      tables.sys_journal_field?.push({
        sys_id: randomUUID().replaceAll('-', ''),
        element_id: row.sys_id ?? '',
        element: 'work_notes',
        name: table,
        value: note,
      });
    if (crash !== null && crash.method === request.method && crash.table === table) {
      crash = null;
      request.socket.destroy();
      return;
    }
    return send(response, request.method === 'POST' ? 201 : 200, { result: shape(row) });
  };

  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => handle(request, Buffer.concat(chunks).toString('utf8'), response));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    tables,
    requests,
    hidden,
    readOnlyTables,
    throttle: (count, seconds) => {
      throttled = { count, seconds };
    },
    fail: (count) => {
      failing = count;
    },
    crashAfterWrite: (method, table) => {
      crash = { method, table };
    },
    writes: () =>
      requests.filter((request) => request.table !== null && (request.method === 'POST' || request.method === 'PATCH')),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** An encoded query (`a=1^bINx,y^cLIKEz`) as a row predicate. */
function matcher(query: string): (row: Row) => boolean {
  const conditions = query
    .split('^')
    .filter((part) => part !== '')
    .map((part) => {
      const found = /^([a-z0-9_]+?)(=|IN|LIKE)(.*)$/.exec(part);
      if (found === null) throw new Error(`the loopback server does not understand the condition ${part}`);
      const [, field = '', operator, value = ''] = found;
      if (operator === 'IN') return (row: Row) => value.split(',').includes(row[field] ?? '');
      if (operator === 'LIKE') return (row: Row) => (row[field] ?? '').includes(value);
      return (row: Row) => (row[field] ?? '') === value;
    });
  return (row) => conditions.every((condition) => condition(row));
}

/** ServiceNow's `Link` header: first, prev, next (when there is more), last. */
function linkHeader(url: URL, limit: number, offset: number, total: number): string {
  const at = (rel: string, value: number) => {
    const page = new URL(url.toString());
    page.searchParams.set('sysparm_offset', String(value));
    return `<${page.toString()}>;rel="${rel}"`;
  };
  const links = [at('first', 0)];
  if (offset > 0) links.push(at('prev', Math.max(0, offset - limit)));
  if (offset + limit < total) links.push(at('next', offset + limit));
  links.push(at('last', Math.max(0, Math.floor((total - 1) / limit) * limit)));
  return links.join(',');
}
