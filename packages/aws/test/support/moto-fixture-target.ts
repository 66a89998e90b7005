import { type AwsClientOverrides, awsSource } from '@decomkit/aws';
import type { ConformanceTarget } from '@decomkit/conformance';
import { motoClients, motoEndpoint, mutatingRequests, resetMoto, TEST_CREDENTIALS } from './moto.js';
import type { MotoFixtureType, SeededFixture } from './moto-fixture-type.js';

/**
 * A conformance target of @decomkit/aws on moto_server for the
 * infrastructure rows of `fixtureTypes`: each world seeded with the SDK
 * after a reset, the oracle reading it back with its own SDK clients and
 * moto's request recorder, never through the provider under test.
 * `clientsOf` injects the provider's clients that stand in for what moto
 * lacks (listed in the package README).
 */
export function motoFixtureTarget(
  name: string,
  fixtureTypes: Readonly<Record<string, MotoFixtureType>>,
  clientsOf: (region: string) => AwsClientOverrides = () => ({}),
): ConformanceTarget {
  return {
    name,
    capabilities: { resourceTypes: Object.keys(fixtureTypes) },
    async create(world) {
      await resetMoto();
      const clients = motoClients();
      const region = world.region;
      const seeded = new Map<string, SeededFixture>();
      const typeOf = (type: string) => {
        const fixtureType = fixtureTypes[type];
        if (fixtureType === undefined) throw new Error(`this target seeds no ${type}`);
        return fixtureType;
      };
      for (const fixture of world.resources ?? []) {
        seeded.set(`${fixture.type} ${fixture.name}`, await typeOf(fixture.type).seed(clients, region, fixture));
      }
      return {
        providers: awsSource({
          region,
          endpoint: motoEndpoint(),
          credentials: TEST_CREDENTIALS,
          clients: clientsOf(region),
        }),
        oracle: {
          mutatingCalls: async () => (await mutatingRequests()).length,
          advanceTime: async () => {},
          resourceArn: (type, name) => seeded.get(`${type} ${name}`)?.arn ?? null,
          resourceName: (type, name) => seeded.get(`${type} ${name}`)?.name ?? null,
          resource: async (type, name) => {
            const found = seeded.get(`${type} ${name}`);
            return found === undefined ? null : typeOf(type).read(clients, region, found.id);
          },
        },
      };
    },
  };
}
