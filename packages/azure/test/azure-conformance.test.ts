import { targetMetricsConformance, targetResourcesConformance } from '@decomkit/conformance';
import { describe, it } from 'vitest';
import { emulateAzure, emulatedIdOf } from './support/azure-world.js';
import { testTarget } from './support/contract.js';

/**
 * The per-port conformance suites on the real Azure SDK clients, over an
 * emulated Azure built from each suite's world (support/azure-world.ts).
 */
describe('@decomkit/azure conformance', () => {
  targetResourcesConformance({ describe, it }, (world) => {
    const emulated = { subscriptionId: world.azureSubscriptionId, resources: world.azureResources };
    const dispose = emulateAzure(emulated);
    const { ports } = testTarget({ subscriptionId: world.azureSubscriptionId });
    return {
      targetResources: ports.targetResources,
      oracle: { azureIdOf: (name) => emulatedIdOf(emulated, name) },
      dispose: async () => dispose(),
    };
  });

  targetMetricsConformance({ describe, it }, (world) => {
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
});
