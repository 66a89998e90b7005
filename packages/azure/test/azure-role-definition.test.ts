import { createDefaultHttpClient, type HttpClient } from '@azure/core-rest-pipeline';
import { type Action, defineWorkload, type HandlerContext, type Plan } from '@decomkit/core';
import { afterEach, describe, expect, it } from 'vitest';
import { azureDns, azureRoleDefinition, azureTarget } from '../src/index.js';
import { emulateAzure, emulateAzureDns, emulatedIdOf } from './support/azure-world.js';
import { FAST_RETRIES, testCredential } from './support/contract.js';

const SUBSCRIPTION = '6f1c2a0e-3b1d-4c59-9d2e-0b6a8e4f7c11';
const WORLD = {
  subscriptionId: SUBSCRIPTION,
  resources: [{ name: 'payments-app', type: 'Microsoft.Web/sites', resourceGroup: 'rg-payments' }],
};

function planOf(
  actions: readonly Action[],
  target: Record<string, unknown> = { resourceGroups: ['rg-payments'] },
): Plan {
  const workload = defineWorkload({
    id: 'payments',
    source: { accountId: '111122223333', regions: ['eu-west-1'], select: { tags: { workload: 'payments' } } },
    target: { subscriptionId: SUBSCRIPTION, ...target },
    sunset: { stopAt: '2020-01-01', deleteAt: '2020-01-02' },
    backups: { vault: 'decom-archive', retainDays: 30 },
  })._unsafeUnwrap();
  const step = { id: 'reset-ttl', item: 'ttl' as const, title: 'TTL', needs: [], after: [], actions, findings: [] };
  return {
    schemaVersion: 1,
    createdAt: '',
    workload,
    caller: null,
    steps: [step],
    inventory: [],
    hash: 'f'.repeat(64),
  };
}

const setTtl = (type: string, kind = 'dns.setTtl'): Action =>
  ({
    key: `reset-ttl:${kind}:pay.example.com/${type}`,
    step: 'reset-ttl',
    item: 'ttl',
    kind,
    target: { ref: `pay.example.com/${type}` },
    params: { provider: 'azure', zone: 'example.com', name: 'pay', type, ttl: 300, fromTtl: 60 },
    gates: [],
    dependsOn: [],
  }) as Action;

/** An HTTP client that records each request (method and URL) before sending it. */
function recordingClient(): HttpClient & { readonly requests: { method: string; url: URL }[] } {
  const inner = createDefaultHttpClient();
  const requests: { method: string; url: URL }[] = [];
  return {
    requests,
    sendRequest: (request) => {
      requests.push({ method: request.method, url: new URL(request.url) });
      return inner.sendRequest(request);
    },
  };
}

/** The Azure RBAC action an ARM or Monitor request needs (the resource provider operations' names). */
function rbacActionOf(request: { method: string; url: URL }): string {
  const path = request.url.pathname;
  if (path === '/providers/Microsoft.ResourceGraph/resources') return 'Microsoft.ResourceGraph/resources/read';
  if (path.endsWith('/metrics:getBatch')) return 'Microsoft.Insights/metrics/read';
  if (/\/providers\/Microsoft\.Network\/dnszones$/i.test(path)) return 'Microsoft.Network/dnsZones/read';
  const recordSet = /\/providers\/Microsoft\.Network\/dnsZones\/[^/]+\/([A-Z]+)\/[^/]+$/.exec(path);
  if (recordSet !== null)
    return `Microsoft.Network/dnsZones/${recordSet[1]}/${request.method === 'GET' ? 'read' : 'write'}`;
  return `unknown: ${request.method} ${path}`;
}

describe('azureRoleDefinition', () => {
  let stop: () => void = () => {};
  afterEach(() => stop());

  it("grants every request the target ports and Azure DNS make for a plan's reads and TTL change", async () => {
    const client = recordingClient();
    const clientOptions = { retryOptions: FAST_RETRIES, httpClient: client };
    const stopTarget = emulateAzure(WORLD);
    const record = { zone: 'example.com', name: 'pay', type: 'A', ttl: 60, etag: 1, values: ['20.50.1.10'] };
    const stopDns = emulateAzureDns(SUBSCRIPTION, [record]);
    stop = () => {
      stopTarget();
      stopDns();
    };
    const { targetResources, targetMetrics } = azureTarget({
      subscriptionId: SUBSCRIPTION,
      credential: testCredential(),
      clientOptions,
    });
    const dns = azureDns({ subscriptionId: SUBSCRIPTION, credential: testCredential(), clientOptions });
    const listed = (
      await targetResources.list({ subscriptionId: SUBSCRIPTION, resourceGroups: ['rg-payments'] })
    )._unsafeUnwrap();
    expect(listed).toHaveLength(1);
    const window = { start: '2026-12-01T00:00:00Z', end: '2026-12-02T00:00:00Z' };
    const query = {
      id: 'requests',
      resource: emulatedIdOf(WORLD, 'payments-app'),
      metric: 'Requests',
      statistic: 'Sum',
      period: 3600,
    } as const;
    (await targetMetrics.query([query], window))._unsafeUnwrap();
    const handler = dns.handlers['dns.setTtl'];
    const context = { signal: new AbortController().signal } as HandlerContext;
    const done = await handler.execute(setTtl('A') as Action<'dns.setTtl'>, context);
    expect(done.isOk()).toBe(true);
    expect(record.ttl).toBe(300);

    const role = azureRoleDefinition(planOf([setTtl('A')]))._unsafeUnwrap();
    const needed = [...new Set(client.requests.map(rbacActionOf))];
    expect(needed).toEqual(
      expect.arrayContaining([
        'Microsoft.ResourceGraph/resources/read',
        'Microsoft.Insights/metrics/read',
        'Microsoft.Network/dnsZones/A/write',
      ]),
    );
    expect(needed.filter((action) => !role.Actions.includes(action))).toEqual([]);
  });

  it('is assignable to the resource groups, writes only the record types planned, blobs only when archiving', () => {
    const role = azureRoleDefinition(planOf([setTtl('CNAME')]))._unsafeUnwrap();
    expect(role).toMatchObject({
      Name: 'decomkit payments',
      IsCustom: true,
      AssignableScopes: [`/subscriptions/${SUBSCRIPTION}/resourceGroups/rg-payments`],
      DataActions: [],
    });
    expect(role.Actions).toContain('Microsoft.Network/dnsZones/CNAME/write');
    expect(role.Actions.filter((action) => action.endsWith('/write'))).toEqual([
      'Microsoft.Network/dnsZones/CNAME/write',
    ]);
    const byQuery = azureRoleDefinition(planOf([], { resourceGraphQuery: 'Resources' }), {
      artifacts: true,
      extraScopes: [`/subscriptions/${SUBSCRIPTION}/resourceGroups/rg-dns`],
    })._unsafeUnwrap();
    expect(byQuery.AssignableScopes).toEqual([
      `/subscriptions/${SUBSCRIPTION}`,
      `/subscriptions/${SUBSCRIPTION}/resourceGroups/rg-dns`,
    ]);
    expect(byQuery.Actions.some((action) => action.endsWith('/write'))).toBe(false);
    expect(byQuery.DataActions).toContain('Microsoft.Storage/storageAccounts/blobServices/containers/blobs/write');
  });

  it('refuses a TTL change whose record type is not one, naming the action', () => {
    const bad = azureRoleDefinition(planOf([setTtl('*/write')]));
    expect(bad._unsafeUnwrapErr()).toMatchObject({
      code: 'InvalidInput',
      message: expect.stringContaining('reset-ttl:dns.setTtl'),
    });
  });
});
