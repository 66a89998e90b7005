import { ConfigServiceClient } from '@aws-sdk/client-config-service';
import { WellArchitectedClient } from '@aws-sdk/client-wellarchitected';
import { awsSource } from '@decomkit/aws';
import { type ConformanceTarget, runProviderConformance } from '@decomkit/conformance';
import { describe, it } from 'vitest';
import { AwsClients } from '../src/clients.js';
import { awsAssessmentPort } from '../src/ports/assessment-port.js';
import { awsConfigInventoryPort } from '../src/ports/config-inventory-port.js';
import { fakeConfigApi } from './support/config-api-double.js';
import { memoryArtifacts } from './support/memory-artifacts.js';
import {
  motoClients,
  motoEndpoint,
  mutatingRequests,
  resetMoto,
  TEST_CREDENTIALS,
  withOwnMoto,
} from './support/moto.js';
import {
  completedBackupsOf,
  instanceState,
  type SeededInstance,
  seedInstance,
  terminationProtection,
} from './support/moto-world.js';
import { fakeWellArchitectedApi } from './support/well-architected-api-double.js';

withOwnMoto();

/**
 * The `assessment` and `configInventory` ports held to the conformance suite.
 * EC2 lives on moto_server; moto has no Well-Architected Tool and records no
 * EC2 instances in Config, so those two services are stateful
 * aws-sdk-client-mock doubles (test/support/well-architected-api-double.ts,
 * config-api-double.ts). The Config double lags like AWS Config: it records a
 * terminated instance as `ResourceDeleted` only when the oracle's time moves,
 * reading the instance's state from moto (never from the provider under test).
 * The oracle reads artifacts from the in-memory store directly, not through the port.
 */
function awsWithDoubles(name: string, capabilities: ConformanceTarget['capabilities']): ConformanceTarget {
  return {
    name,
    capabilities,
    async create(world) {
      await resetMoto();
      const oracleClients = motoClients();
      const seeded = new Map<string, SeededInstance>();
      for (const instance of world.instances ?? []) {
        seeded.set(
          instance.name,
          await seedInstance(oracleClients, {
            region: instance.region ?? world.region,
            tags: instance.tags,
            terminationProtection: instance.terminationProtection ?? false,
            keepRootVolume: true,
          }),
        );
      }
      const instance = (name: string): SeededInstance => {
        const found = seeded.get(name);
        if (found === undefined) throw new Error(`no instance named ${name} in the world`);
        return found;
      };
      const wellArchitected = new WellArchitectedClient({ region: world.region, credentials: TEST_CREDENTIALS });
      const wellArchitectedApi = fakeWellArchitectedApi(wellArchitected, { answersPageSize: 4 });
      if (world.wellArchitected !== undefined)
        wellArchitectedApi.seed({
          name: world.wellArchitected.name,
          lenses: [world.wellArchitected.lens],
          answers: world.wellArchitected.answers,
        });
      const configApis = new Map<string, ReturnType<typeof fakeConfigApi>>();
      const configClients = new Map<string, ConfigServiceClient>();
      const configIn = (region: string): ConfigServiceClient => {
        const known = configClients.get(region);
        if (known !== undefined) return known;
        const client = new ConfigServiceClient({ region, credentials: TEST_CREDENTIALS });
        configClients.set(region, client);
        configApis.set(region, fakeConfigApi(client, { region }));
        return client;
      };
      for (const seededInstance of seeded.values()) {
        configIn(seededInstance.region);
        configApis.get(seededInstance.region)?.discover({
          type: 'AWS::EC2::Instance',
          id: seededInstance.id,
          name: seededInstance.id,
          arn: seededInstance.arn,
          region: seededInstance.region,
        });
      }
      const clients = new AwsClients({
        endpoint: motoEndpoint(),
        credentials: TEST_CREDENTIALS,
        clients: { wellarchitected: wellArchitected, config: configIn },
      });
      const artifacts = memoryArtifacts();
      const source = awsSource({ region: world.region, endpoint: motoEndpoint(), credentials: TEST_CREDENTIALS });
      let now = Date.parse('2026-12-15T10:00:00Z');
      return {
        providers: {
          identity: source.identity,
          inventory: source.inventory,
          retirement: source.retirement,
          assessment: awsAssessmentPort(clients, world.region),
          configInventory: awsConfigInventoryPort(clients, world.region),
          artifacts,
        },
        oracle: {
          arnOf: (name) => instance(name).arn,
          instanceState: (name) => instanceState(oracleClients, instance(name)),
          terminationProtection: (name) => terminationProtection(oracleClients, instance(name)),
          completedBackups: (name) => completedBackupsOf(oracleClients, instance(name)),
          mutatingCalls: async () => (await mutatingRequests()).length,
          // Config catches up with moto once time has passed: terminated instances are recorded deleted.
          advanceTime: async (milliseconds) => {
            now += milliseconds;
            for (const seededInstance of seeded.values()) {
              const state = await instanceState(oracleClients, seededInstance);
              const api = configApis.get(seededInstance.region);
              const known = api?.resources.find((resource) => resource.arn === seededInstance.arn);
              const deleted = known?.history.at(-1)?.status === 'ResourceDeleted';
              if ((state === 'terminated' || state === null) && !deleted)
                api?.record(seededInstance.arn, 'ResourceDeleted', new Date(now));
            }
          },
          artifact: async (artifactName) => artifacts.stored.get(artifactName)?.body ?? null,
        },
      };
    },
  };
}

runProviderConformance(
  { describe, it },
  awsWithDoubles('@decomkit/aws assessment and configInventory (Well-Architected and Config on aws-sdk-client-mock)', {
    assessment: true,
    configInventory: true,
  }),
);

// With retirement too, the configInventory group deletes an instance on moto and expects Config to record it deleted
// once time has passed (the retirement group runs again here, on the same moto world).
runProviderConformance(
  { describe, it },
  awsWithDoubles('@decomkit/aws configInventory after a retirement on moto_server', {
    configInventory: true,
    retirement: true,
  }),
);
