import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { serviceNowCmdb } from '@decomkit/cmdb';
import { describe, expect, it } from 'vitest';
import { contextFor, execute, reconcile, retireAction, reviewAction } from './support/actions.js';
import { ci, cmdbOn, instancesClosedAfterEach, LEGACY_CHOICES, USER } from './support/instances.js';

const start = instancesClosedAfterEach();

describe('serviceNowCmdb: authentication, access and paging', () => {
  it('refuses bad credentials as AccessDenied and writes nothing', async () => {
    const instance = await start(LEGACY_CHOICES);
    const cmdb = cmdbOn(instance, { auth: { kind: 'basic', username: USER.username, password: 'wrong' } });
    expect((await cmdb.getItem('CI-AWS'))._unsafeUnwrapErr()).toMatchObject({
      code: 'AccessDenied',
      message: expect.stringContaining('HTTP 401: User Not Authenticated — Required to provide Auth information'),
    });
    expect((await execute(cmdb, retireAction()))._unsafeUnwrapErr().code).toBe('AccessDenied');
    expect(instance.writes()).toEqual([]);
  });

  it('gets an OAuth client-credentials token once and uses it as a bearer; a refused client is AccessDenied', async () => {
    const client = { clientId: 'decomkit', clientSecret: 'oauth-client-secret-value' };
    const instance = await start(LEGACY_CHOICES, { oauthClients: [client] });
    const cmdb = cmdbOn(instance, { auth: { kind: 'oauth-client-credentials', ...client } });
    (await execute(cmdb, retireAction()))._unsafeUnwrap();
    await Promise.all([cmdb.getItem('CI-AWS'), cmdb.getItem('CI-AZURE')]);
    const parallel = cmdbOn(instance, { auth: { kind: 'oauth-client-credentials', ...client } });
    await Promise.all([parallel.getItem('CI-AWS'), parallel.getItem('CI-AZURE')]);
    expect(instance.requests.filter((request) => request.path === '/oauth_token.do')).toHaveLength(2);
    expect(
      instance.requests
        .filter((request) => request.table !== null)
        .every((request) => request.authorization.startsWith('Bearer ')),
    ).toBe(true);
    const refused = cmdbOn(instance, {
      auth: { kind: 'oauth-client-credentials', clientId: 'decomkit', clientSecret: 'nope' },
    });
    expect((await refused.getItem('CI-AWS'))._unsafeUnwrapErr()).toMatchObject({
      code: 'AccessDenied',
      message: expect.stringContaining('OAuth client credentials were refused'),
    });
  });

  it('asks a bearer supplier for its token on each call', async () => {
    const instance = await start(LEGACY_CHOICES, { bearerTokens: ['vault-issued-token'] });
    let asked = 0;
    const cmdb = cmdbOn(instance, {
      auth: {
        kind: 'bearer',
        token: async () => {
          asked += 1;
          return 'vault-issued-token';
        },
      },
    });
    expect((await cmdb.getItem('CI-AWS'))._unsafeUnwrap()?.retired).toBe(false);
    expect(asked).toBeGreaterThan(0);
    const failing = cmdbOn(instance, {
      auth: {
        kind: 'bearer',
        token: () => {
          throw new Error('vault sealed: secret vault-issued-token');
        },
      },
    });
    const error = (await failing.getItem('CI-AWS'))._unsafeUnwrapErr();
    expect(error).toMatchObject({
      code: 'AccessDenied',
      message: expect.stringContaining('bearer token supplier failed'),
    });
    expect(JSON.stringify(error)).not.toContain('vault-issued-token');
  });

  it('reads a missing CI as null and refuses to retire it (NotFound, nothing written)', async () => {
    const instance = await start(LEGACY_CHOICES);
    const cmdb = cmdbOn(instance);
    expect((await cmdb.getItem('CI-NOPE'))._unsafeUnwrap()).toBeNull();
    expect((await execute(cmdb, retireAction('CI-NOPE')))._unsafeUnwrapErr()).toMatchObject({
      code: 'NotFound',
      resource: 'CI-NOPE',
    });
    expect((await execute(cmdb, retireAction('CI-AWS', ['CI-GONE'])))._unsafeUnwrapErr()).toMatchObject({
      code: 'NotFound',
      message: expect.stringContaining('no Azure configuration item to relate CI-GONE'),
    });
    expect((await execute(cmdb, reviewAction('CI-NOPE')))._unsafeUnwrapErr().code).toBe('NotFound');
    expect(instance.writes()).toEqual([]);
  });

  it('a CI an ACL hides is AccessDenied, never "absent" or "not found", and nothing is written', async () => {
    const instance = await start(LEGACY_CHOICES);
    instance.hidden.add('CI-AWS');
    const cmdb = cmdbOn(instance);
    expect((await cmdb.getItem('CI-AWS'))._unsafeUnwrapErr()).toMatchObject({
      code: 'AccessDenied',
      message: expect.stringContaining('1 of 1 matching records are hidden by an ACL'),
    });
    expect((await execute(cmdb, retireAction()))._unsafeUnwrapErr().code).toBe('AccessDenied');
    expect((await reconcile(cmdb, retireAction()))._unsafeUnwrapErr().code).toBe('AccessDenied');
    expect(instance.writes()).toEqual([]);
  });

  it('work notes or relations an ACL hides are AccessDenied, so a hidden marker or relation is never written twice', async () => {
    const instance = await start(LEGACY_CHOICES);
    const cmdb = cmdbOn(instance);
    (await execute(cmdb, retireAction()))._unsafeUnwrap();
    for (const note of instance.tables.sys_journal_field ?? []) instance.hidden.add(note.sys_id ?? '');
    expect((await execute(cmdb, retireAction()))._unsafeUnwrapErr()).toMatchObject({
      code: 'AccessDenied',
      resource: 'sys_journal_field',
    });
    instance.hidden.clear();
    for (const relation of instance.tables.cmdb_rel_ci ?? []) instance.hidden.add(relation.sys_id ?? '');
    expect((await reconcile(cmdb, retireAction()))._unsafeUnwrapErr()).toMatchObject({
      code: 'AccessDenied',
      resource: 'cmdb_rel_ci',
    });
    expect((await cmdb.getItem('CI-AWS'))._unsafeUnwrapErr().code).toBe('AccessDenied');
    expect(instance.writes()).toHaveLength(2);
  });

  it('a write the instance forbids (403) is AccessDenied with its message', async () => {
    const instance = await start(LEGACY_CHOICES);
    instance.readOnlyTables.add('cmdb_ci');
    expect((await execute(cmdbOn(instance), retireAction()))._unsafeUnwrapErr()).toMatchObject({
      code: 'AccessDenied',
      message: expect.stringContaining('HTTP 403: Operation Failed — ACL Exception'),
    });
  });

  it('waits out 429 for the Retry-After the server names, and retries a read after 503', async () => {
    const instance = await start(LEGACY_CHOICES);
    const cmdb = cmdbOn(instance);
    instance.throttle(1, 1);
    const started = Date.now();
    expect((await cmdb.getItem('CI-AWS'))._unsafeUnwrap()?.id).toBe('CI-AWS');
    expect(Date.now() - started).toBeGreaterThanOrEqual(950);
    instance.fail(2);
    expect((await cmdb.getItem('CI-AZURE'))._unsafeUnwrap()?.id).toBe('CI-AZURE');
  });

  it('gives up as Throttled when throttling outlasts the attempts or asks for too long a wait', async () => {
    const instance = await start(LEGACY_CHOICES);
    instance.throttle(10, 0);
    expect(
      (
        await cmdbOn(instance, { retry: { attempts: 3, baseDelayMilliseconds: 1 } }).getItem('CI-AWS')
      )._unsafeUnwrapErr().code,
    ).toBe('Throttled');
    expect(instance.requests).toHaveLength(3);
    instance.throttle(1, 3600);
    const started = Date.now();
    const error = (await cmdbOn(instance).getItem('CI-AWS'))._unsafeUnwrapErr();
    expect(error).toMatchObject({ code: 'Throttled', message: expect.stringContaining('wait 3600 s') });
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  it('pages relations with sysparm_limit and sysparm_offset, asking only for the fields it needs', async () => {
    const azure = Array.from({ length: 25 }, (_, index) => ci(`CI-AZ-${index}`));
    const instance = await start(LEGACY_CHOICES, {
      cis: [ci('CI-AWS'), ...azure],
      tables: {
        cmdb_rel_ci: azure.map((item) => ({ parent: 'CI-AWS', child: item.sys_id ?? '', type: 'rel-depends' })),
      },
    });
    const item = (await cmdbOn(instance, { pageSize: 10 }).getItem('CI-AWS'))._unsafeUnwrap();
    expect(item?.links).toHaveLength(25);
    const pages = instance.requests.filter((request) => request.table === 'cmdb_rel_ci');
    expect(pages.map((request) => [request.query.get('sysparm_limit'), request.query.get('sysparm_offset')])).toEqual([
      ['10', '0'],
      ['10', '10'],
      ['10', '20'],
    ]);
    expect(pages[0]?.query.get('sysparm_fields')).toBe('sys_id,child,type');
    expect(pages[0]?.query.get('sysparm_query')).toBe('parent=CI-AWS');
  });

  it('a request that hangs times out as a dropped connection (retryable); an aborted run is Cancelled', async () => {
    const silent = createServer(() => {});
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(silent.address() as AddressInfo).port}`;
    const retry = { attempts: 2, baseDelayMilliseconds: 1, requestTimeoutMilliseconds: 100 };
    const cmdb = serviceNowCmdb({ instance: url, auth: { kind: 'basic', ...USER }, retry });
    const started = Date.now();
    expect((await cmdb.getItem('CI-AWS'))._unsafeUnwrapErr()).toMatchObject({
      code: 'ProviderFailure',
      retryable: true,
    });
    expect(Date.now() - started).toBeLessThan(5_000);
    const action = retireAction();
    const aborted = new AbortController();
    const pending = cmdb.handlers['cmdb.retire'].execute(action, { ...contextFor(action), signal: aborted.signal });
    aborted.abort();
    expect((await pending)._unsafeUnwrapErr().code).toBe('Cancelled');
    silent.closeAllConnections();
    await new Promise((resolve) => silent.close(resolve));
  });

  it('refuses invalid options and unsafe ids without throwing', async () => {
    const bad = serviceNowCmdb({ instance: 'http://admin:pw@acme.service-now.com', auth: { kind: 'basic', ...USER } });
    const error = (await bad.getItem('CI-AWS'))._unsafeUnwrapErr();
    expect(error).toMatchObject({ code: 'InvalidInput', issues: [{ path: 'instance' }] });
    expect(JSON.stringify(error)).not.toContain('pw@');
    const instance = await start(LEGACY_CHOICES);
    expect((await cmdbOn(instance).getItem('CI-AWS^ORsys_id!=x'))._unsafeUnwrapErr().code).toBe('InvalidInput');
    expect(instance.requests).toEqual([]);
  });
});
