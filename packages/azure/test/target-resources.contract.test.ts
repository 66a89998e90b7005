import nock from 'nock';
import { describe, expect, it } from 'vitest';
import { azureTarget } from '../src/index.js';
import { FAST_RETRIES, fixture, holdsSecret, SECRET_TOKEN, testTarget, withNock } from './support/contract.js';

const SUBSCRIPTION = 'cfbbd179-59d2-4052-aa06-9270a38aa9d6';
const ARM = 'https://management.azure.com';
const PATH = '/providers/Microsoft.ResourceGraph/resources';
const first = fixture('resourcegraph/2021-03-01.ResourcesFirstPageQuery.json');
const next = fixture('resourcegraph/2024-04-01.ResourcesNextPageQuery.json');
const last = fixture('resourcegraph/2021-03-01.ResourcesBasicQuery.json');
const body = (example: typeof first) => example.responses['200']?.body as Record<string, unknown>;

interface GraphRequest {
  readonly subscriptions: string[];
  readonly query: string;
  readonly options: Record<string, unknown>;
}

/** Serves `pages` in turn, recording each request body and its headers. */
function servePages(pages: readonly unknown[], host = ARM) {
  const seen: { body: GraphRequest; authorization: string | undefined; apiVersion: string | null }[] = [];
  let index = 0;
  nock(host)
    .post(PATH)
    .query(true)
    .times(pages.length)
    .reply(function reply(uri, requestBody) {
      seen.push({
        body: requestBody as GraphRequest,
        authorization: this.req.headers.authorization,
        apiVersion: new URL(uri, host).searchParams.get('api-version'),
      });
      return [200, pages[index++]];
    });
  return seen;
}

describe('targetResources over Resource Graph (contract: the REST API examples)', () => {
  withNock();

  it('follows $skipToken through every page, sending what the examples send', async () => {
    const seen = servePages([body(first), body(next), body(last)]);
    const { ports, credential } = testTarget({ subscriptionId: SUBSCRIPTION });
    const listed = await ports.targetResources.list({ subscriptionId: SUBSCRIPTION });
    expect(listed._unsafeUnwrap().map((resource) => resource.name)).toEqual([
      'yetanothertest_OsDisk_1_f396cbcb625a457bb69fe2abf5975820',
      'TestAA',
      'TestRB',
      'second_OsDisk_dddddbcb625a457bb69fe2abf5975820',
      'AATest',
      'RBTest',
      'myNetworkInterface',
      'myVnet',
      'myPublicIp',
    ]);
    expect(seen.map((request) => request.apiVersion)).toEqual(['2024-04-01', '2024-04-01', '2024-04-01']);
    expect(seen.every((request) => request.authorization === `Bearer ${SECRET_TOKEN}`)).toBe(true);
    expect(credential.scopes[0]).toBe('https://management.azure.com/.default');
    // The example's next-page request carries the first page's token as options.$skipToken.
    const nextQuery = next.parameters.query as GraphRequest;
    expect(seen[1]?.body.options.$skipToken).toBe(nextQuery.options.$skipToken);
    expect(seen[1]?.body.subscriptions).toEqual(nextQuery.subscriptions);
    expect(seen[2]?.body.options.$skipToken).toBe(body(next).$skipToken);
    expect(seen[0]?.body.options).toEqual({ $top: 1000, resultFormat: 'objectArray' });
    expect(Object.keys(seen[0]?.body ?? {}).sort()).toEqual(Object.keys(nextQuery).sort());
  });

  it('maps rows: resource group from the id when not projected, tags as strings, null-prototype', async () => {
    servePages([body(last)]);
    const { ports } = testTarget({ subscriptionId: SUBSCRIPTION });
    const [nic] = (await ports.targetResources.list({ subscriptionId: SUBSCRIPTION }))._unsafeUnwrap();
    expect(nic).toMatchObject({
      id: '/subscriptions/cfbbd179-59d2-4052-aa06-9270a38aa9d6/resourceGroups/RG1/providers/Microsoft.Network/networkInterfaces/myNetworkInterface',
      type: 'microsoft.network/networkinterfaces',
      location: 'centralus',
      resourceGroup: 'RG1',
    });
    expect({ ...nic?.tags }).toEqual({ tag1: 'Value1' });
    expect(Object.getPrototypeOf(nic?.tags)).toBeNull();
  });

  it("narrows to the workload's resource groups (in~, case-insensitive) or its own query", async () => {
    const seen = servePages([body(last), body(last)]);
    const { ports } = testTarget({ subscriptionId: SUBSCRIPTION });
    await ports.targetResources.list({ subscriptionId: SUBSCRIPTION, resourceGroups: ['rg-payments', 'RG2'] });
    await ports.targetResources.list({
      subscriptionId: SUBSCRIPTION,
      query: "Resources | where tags.workload == 'payments'",
    });
    expect(seen[0]?.body.query).toBe(
      "Resources | project id, name, type, location, resourceGroup, tags | where resourceGroup in~ ('rg-payments', 'RG2')",
    );
    expect(seen[1]?.body.query).toBe("Resources | where tags.workload == 'payments'");
  });

  it('refuses a resource group name that could break out of the KQL string, sending nothing', async () => {
    const { ports } = testTarget({ subscriptionId: SUBSCRIPTION });
    const listed = await ports.targetResources.list({ subscriptionId: SUBSCRIPTION, resourceGroups: ["rg') or 1==1"] });
    expect(listed._unsafeUnwrapErr()).toMatchObject({ code: 'InvalidInput', issues: [{ path: 'resourceGroups.0' }] });
  });

  it('waits out a 429 as Retry-After says, then reads on; a 429 that persists is Throttled', async () => {
    nock(ARM)
      .post(PATH)
      .query(true)
      .reply(429, { error: { code: 'RateLimiting' } }, { 'Retry-After': '1' });
    servePages([body(last)]);
    const { ports } = testTarget({ subscriptionId: SUBSCRIPTION });
    const started = Date.now();
    expect((await ports.targetResources.list({ subscriptionId: SUBSCRIPTION }))._unsafeUnwrap()).toHaveLength(3);
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);

    nock(ARM)
      .post(PATH)
      .query(true)
      .times(3)
      .reply(
        429,
        { error: { code: 'RateLimiting', message: 'slow down' } },
        {
          'Retry-After': '0',
        },
      );
    const throttled = await ports.targetResources.list({ subscriptionId: SUBSCRIPTION });
    expect(throttled._unsafeUnwrapErr()).toMatchObject({ code: 'Throttled', resource: `subscription ${SUBSCRIPTION}` });
  });

  it('reads 401 (expired token) and 403 as AccessDenied, holding no token anywhere', async () => {
    nock(ARM)
      .post(PATH)
      .query(true)
      .reply(401, {
        error: {
          code: 'ExpiredAuthenticationToken',
          message: 'The access token expiry UTC time is earlier than current UTC time.',
        },
      });
    nock(ARM)
      .post(PATH)
      .query(true)
      .reply(403, { error: { code: 'AuthorizationFailed', message: 'no read on the subscription' } });
    const { ports } = testTarget({ subscriptionId: SUBSCRIPTION });
    for (const code of ['ExpiredAuthenticationToken', 'AuthorizationFailed']) {
      const denied = (await ports.targetResources.list({ subscriptionId: SUBSCRIPTION }))._unsafeUnwrapErr();
      expect(denied.code).toBe('AccessDenied');
      expect(denied.message).toContain(code);
      expect(denied.message).toContain(SUBSCRIPTION);
      expect(holdsSecret(denied)).toBe(false);
    }
  });

  it('reads a credential that cannot get a token as AccessDenied, with any token in its message cut out', async () => {
    const ports = azureTarget({
      subscriptionId: SUBSCRIPTION,
      clientOptions: { retryOptions: FAST_RETRIES },
      credential: {
        getToken: async () => {
          throw Object.assign(new Error(`refresh failed for Bearer ${SECRET_TOKEN} (${SECRET_TOKEN})`), {
            name: 'CredentialUnavailableError',
          });
        },
      },
    });
    const denied = (await ports.targetResources.list({ subscriptionId: SUBSCRIPTION }))._unsafeUnwrapErr();
    expect(denied.code).toBe('AccessDenied');
    expect(denied.message).toContain('CredentialUnavailableError');
    expect(holdsSecret(denied)).toBe(false);
  });

  it('fails on a malformed body, a row without an id, or a truncated result without a token', async () => {
    nock(ARM).post(PATH).query(true).reply(200, '{"data": [', { 'Content-Type': 'application/json' });
    servePages([
      { ...body(last), data: [{ name: 'no-id' }] },
      { ...body(last), resultTruncated: 'true' },
    ]);
    const { ports } = testTarget({ subscriptionId: SUBSCRIPTION });
    const results = [];
    for (let index = 0; index < 3; index++)
      results.push(await ports.targetResources.list({ subscriptionId: SUBSCRIPTION }));
    const errors = results.map((result) => result._unsafeUnwrapErr());
    expect(errors.map((error) => error.code)).toEqual(['ProviderFailure', 'ProviderFailure', 'ProviderFailure']);
    expect(errors[1]?.message).toContain('row 0');
    expect(errors[2]?.message).toContain('truncated');
    expect(errors.some(holdsSecret)).toBe(false);
  });

  it('talks to the US Government cloud with its own endpoint and token scope', async () => {
    servePages([body(last)], 'https://management.usgovcloudapi.net');
    const { ports, credential } = testTarget({ subscriptionId: SUBSCRIPTION, cloud: 'usGovernment' });
    expect((await ports.targetResources.list({ subscriptionId: SUBSCRIPTION })).isOk()).toBe(true);
    expect(credential.scopes).toEqual(['https://management.usgovcloudapi.net/.default']);
  });
});
