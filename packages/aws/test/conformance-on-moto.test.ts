import { awsSource } from '@decomkit/aws';
import { type ConformanceTarget, runProviderConformance } from '@decomkit/conformance';
import { describe, it } from 'vitest';
import { motoClients, motoEndpoint, mutatingRequests, resetMoto, TEST_CREDENTIALS } from './support/moto.js';
import { instanceState, type SeededInstance, seedInstance, terminationProtection } from './support/moto-world.js';

/**
 * @decomkit/aws held to the conformance suite on moto_server. The world is
 * seeded with the SDK, and the oracle reads moto with its own SDK clients
 * and moto's request recorder, never through the provider under test.
 */
const awsOnMoto: ConformanceTarget = {
  name: '@decomkit/aws on moto_server',
  capabilities: { identity: true, inventory: true, retirement: true },
  async create(world) {
    await resetMoto();
    const oracleClients = motoClients();
    const seeded = new Map<string, SeededInstance>();
    for (const instance of world.instances) {
      seeded.set(
        instance.name,
        await seedInstance(oracleClients, {
          region: instance.region ?? world.region,
          tags: instance.tags,
          terminationProtection: instance.terminationProtection ?? false,
        }),
      );
    }
    const instance = (name: string): SeededInstance => {
      const found = seeded.get(name);
      if (found === undefined) throw new Error(`no instance named ${name} in the world`);
      return found;
    };
    const providers = awsSource({ region: world.region, endpoint: motoEndpoint(), credentials: TEST_CREDENTIALS });
    return {
      providers,
      oracle: {
        arnOf: (name) => instance(name).arn,
        instanceState: (name) => instanceState(oracleClients, instance(name)),
        terminationProtection: (name) => terminationProtection(oracleClients, instance(name)),
        completedBackups: async () => 0,
        mutatingCalls: async () => (await mutatingRequests()).length,
        advanceTime: async () => {},
      },
    };
  },
};

runProviderConformance({ describe, it }, awsOnMoto);
