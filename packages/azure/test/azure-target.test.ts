import type { TokenCredential } from '@azure/core-auth';
import nock from 'nock';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { AZURE_CLOUDS, azureTarget, lazyDefaultCredential } from '../src/index.js';
import { SECRET_TOKEN, withNock } from './support/contract.js';

const built = vi.hoisted(() => ({ options: [] as unknown[], scopes: [] as string[] }));
vi.mock('@azure/identity', () => ({
  DefaultAzureCredential: class implements TokenCredential {
    constructor(options: unknown) {
      built.options.push(options);
    }
    async getToken(scopes: string | string[]) {
      built.scopes.push(...(Array.isArray(scopes) ? scopes : [scopes]));
      return { token: SECRET_TOKEN, expiresOnTimestamp: Date.now() + 3_600_000 };
    }
  },
}));

const SUBSCRIPTION = '6f1c2a0e-3b1d-4c59-9d2e-0b6a8e4f7c11';

describe('azureTarget', () => {
  withNock();
  beforeEach(() => {
    built.options.length = 0;
    built.scopes.length = 0;
  });

  it('builds DefaultAzureCredential only when a token is first needed, for the chosen cloud', async () => {
    const ports = azureTarget({ subscriptionId: SUBSCRIPTION, cloud: 'china' });
    expect(Object.keys(ports).sort()).toEqual(['advisor', 'targetMetrics', 'targetResources']);
    expect(built.options).toEqual([]);
    nock(AZURE_CLOUDS.china.resourceManager)
      .post('/providers/Microsoft.ResourceGraph/resources')
      .query(true)
      .reply(200, { totalRecords: 0, count: 0, resultTruncated: 'false', data: [] });
    expect((await ports.targetResources.list({ subscriptionId: SUBSCRIPTION })).isOk()).toBe(true);
    expect(built.options).toEqual([{ authorityHost: 'https://login.chinacloudapi.cn' }]);
    expect(built.scopes).toEqual(['https://management.chinacloudapi.cn/.default']);
  });

  it('builds the default credential once, however many tokens are asked', async () => {
    const credential = lazyDefaultCredential(AZURE_CLOUDS.public);
    await credential.getToken('a');
    await credential.getToken('b');
    expect(built.options).toHaveLength(1);
  });

  it('uses injected clients instead of building its own', async () => {
    const resources = vi.fn(async () => ({ totalRecords: 0, count: 0, resultTruncated: 'false' as const, data: [] }));
    const ports = azureTarget({
      subscriptionId: SUBSCRIPTION,
      clients: { resourceGraph: { resources } as never },
    });
    expect((await ports.targetResources.list({ subscriptionId: SUBSCRIPTION }))._unsafeUnwrap()).toEqual([]);
    expect(resources).toHaveBeenCalledOnce();
    expect(built.options).toEqual([]);
  });
});
