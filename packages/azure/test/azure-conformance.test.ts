import type { ConformanceRunner } from '@decomkit/conformance';
import {
  advisorConformance,
  dnsConformance,
  targetMetricsConformance,
  targetResourcesConformance,
} from '@decomkit/conformance';
import { dnsByProvider } from '@decomkit/core';
import { createFakeCloud } from '@decomkit/fake';
import nock from 'nock';
import { describe, expect, it } from 'vitest';
import { azureDns } from '../src/index.js';
import { type EmulatedRecordSet, emulateAzure, emulateAzureDns, emulatedIdOf } from './support/azure-world.js';
import { FAST_RETRIES, testCredential, testTarget } from './support/contract.js';

/**
 * The per-port conformance suites on the real Azure SDK clients, over an
 * emulated Azure built from each suite's world (support/azure-world.ts).
 */
/** The checks each suite registered, by suite: a suite that registered none would pass vacuously. */
const registered = new Map<string, string[]>();
function counted(suite: string): ConformanceRunner {
  return {
    describe,
    it: (name, body, timeout) => {
      registered.set(suite, [...(registered.get(suite) ?? []), name]);
      it(name, body, timeout);
    },
  };
}

describe('@decomkit/azure conformance', () => {
  targetResourcesConformance(counted('targetResources'), (world) => {
    const emulated = { subscriptionId: world.azureSubscriptionId, resources: world.azureResources };
    const dispose = emulateAzure(emulated);
    const { ports } = testTarget({ subscriptionId: world.azureSubscriptionId });
    return {
      targetResources: ports.targetResources,
      oracle: { azureIdOf: (name) => emulatedIdOf(emulated, name) },
      dispose: async () => dispose(),
    };
  });

  targetMetricsConformance(counted('targetMetrics'), (world) => {
    const emulated = {
      subscriptionId: world.azureSubscriptionId,
      resources: world.azureResources,
      metrics: world.metrics,
    };
    const dispose = emulateAzure(emulated);
    const { ports } = testTarget({ subscriptionId: world.azureSubscriptionId });
    return {
      targetMetrics: ports.targetMetrics,
      oracle: { azureIdOf: (name) => emulatedIdOf(emulated, name) },
      dispose: async () => dispose(),
    };
  });

  // Azure DNS serves the world's Azure records; its Route 53 records are the fake's, routed by dnsByProvider.
  dnsConformance(counted('dns'), (world) => {
    const subscriptionId = '6f1c2a0e-3b1d-4c59-9d2e-0b6a8e4f7c11';
    const azureRecords: EmulatedRecordSet[] = world.dnsRecords
      .filter((record) => record.provider === 'azure')
      .map((record) => ({
        zone: record.zone,
        name: record.name,
        type: record.type,
        ttl: record.ttl,
        etag: 1,
        values: record.values,
      }));
    const dispose = emulateAzureDns(subscriptionId, azureRecords);
    const route53 = createFakeCloud({
      services: {
        dnsRecords: world.dnsRecords
          .filter((record) => record.provider !== 'azure')
          .map((record) => ({ ...record, values: [...record.values] })),
      },
    });
    const azure = azureDns({
      subscriptionId,
      credential: testCredential(),
      clientOptions: { retryOptions: FAST_RETRIES },
    });
    return {
      dns: dnsByProvider({ route53: route53.providers.dns, azure }),
      oracle: {
        dnsTtl: async (record) =>
          record.provider === 'azure'
            ? (azureRecords.find((found) => found.zone === record.zone && found.name === record.name)?.ttl ?? null)
            : (route53
                .snapshot()
                .services.dnsRecords.find((found) => found.zone === record.zone && found.name === record.name)?.ttl ??
              null),
      },
      dispose: async () => dispose(),
    };
  });

  advisorConformance(counted('advisor'), (world) => {
    const subscriptionId = world.azureSubscriptionId;
    const scope = nock('https://management.azure.com')
      .persist()
      .get(`/subscriptions/${subscriptionId}/providers/Microsoft.Advisor/recommendations`)
      .query(true)
      .reply(200, {
        value: world.advisor.map((advice, index) => ({
          id: `/subscriptions/${subscriptionId}/providers/Microsoft.Advisor/recommendations/r${index}`,
          name: `r${index}`,
          properties: {
            category: advice.category,
            impact: advice.impact,
            impactedValue: 'resource',
            shortDescription: { problem: advice.problem, solution: advice.problem },
          },
        })),
      });
    const { ports } = testTarget({ subscriptionId });
    return {
      advisor: ports.advisor,
      oracle: {},
      dispose: async () => {
        scope.persist(false);
        nock.cleanAll();
      },
    };
  });

  it('registered the checks of every Azure port suite (each check asserts with node:assert)', () => {
    expect([...registered.keys()]).toEqual(['targetResources', 'targetMetrics', 'dns', 'advisor']);
    for (const [suite, checks] of registered) expect(checks.length, suite).toBeGreaterThan(0);
  });
});
