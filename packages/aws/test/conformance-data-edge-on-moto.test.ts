import { awsSource } from '@decomkit/aws';
import { type ConformanceTarget, infrastructureRows, resourceTypeConformance } from '@decomkit/conformance';
import { describe, it } from 'vitest';
import {
  motoClients,
  motoEndpoint,
  mutatingRequests,
  resetMoto,
  TEST_CREDENTIALS,
  withOwnMoto,
} from './support/moto.js';
import { answerNodegroupTagging, MOTO_DATA_EDGE_FIXTURES } from './support/moto-data-edge-fixtures.js';
import type { SeededFixture } from './support/moto-fixture-type.js';

withOwnMoto();

/**
 * @decomkit/aws held to the conformance suite's data store and edge and
 * compute rows (resourceTypeConformance over `infrastructureRows`) on
 * moto_server: EFS, Redshift, OpenSearch, API Gateway REST and HTTP APIs,
 * EKS clusters and node groups, Lambda event source mappings. Each row's
 * world holds its own type only, seeded with the SDK; the oracle reads it
 * back with its own SDK clients and moto's request recorder. The same rows
 * run on @decomkit/fake (packages/conformance/test/fake-conformance.test.ts).
 * ElastiCache and CloudFront rows run on the fake only: why, in
 * `MOTO_DATA_EDGE_FIXTURES`. moto tags no node group: eks:TagResource on one
 * is answered by a client middleware (the package README lists it).
 */
const awsDataEdgeOnMoto: ConformanceTarget = {
  name: '@decomkit/aws on moto_server, EFS / Redshift / OpenSearch / API Gateway / EKS / event source mappings',
  capabilities: { resourceTypes: Object.keys(MOTO_DATA_EDGE_FIXTURES) },
  async create(world) {
    await resetMoto();
    const clients = motoClients();
    const region = world.region;
    const seeded = new Map<string, SeededFixture>();
    const typeOf = (type: string) => {
      const fixtureType = MOTO_DATA_EDGE_FIXTURES[type];
      if (fixtureType === undefined) throw new Error(`this target seeds no ${type}`);
      return fixtureType;
    };
    for (const fixture of world.resources ?? []) {
      seeded.set(`${fixture.type} ${fixture.name}`, await typeOf(fixture.type).seed(clients, region, fixture));
    }
    const providerClients = motoClients();
    answerNodegroupTagging(providerClients, region);
    return {
      providers: awsSource({
        region,
        endpoint: motoEndpoint(),
        credentials: TEST_CREDENTIALS,
        clients: { eks: providerClients.get('eks', region) },
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

resourceTypeConformance({ describe, it }, infrastructureRows(awsDataEdgeOnMoto));
