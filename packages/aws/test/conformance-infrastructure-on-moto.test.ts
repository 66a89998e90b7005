import { awsSource } from '@decomkit/aws';
import { type ConformanceTarget, runProviderConformance } from '@decomkit/conformance';
import { describe, it } from 'vitest';
import {
  motoClients,
  motoEndpoint,
  mutatingRequests,
  resetMoto,
  TEST_CREDENTIALS,
  withOwnMoto,
} from './support/moto.js';
import { MOTO_CONTAINER_STREAM_FIXTURES } from './support/moto-container-stream-fixtures.js';
import { MOTO_EC2_FIXTURES } from './support/moto-ec2-fixtures.js';
import type { SeededFixture } from './support/moto-fixture-type.js';
import { MOTO_MONITORING_FIXTURES } from './support/moto-monitoring-fixtures.js';
import { MOTO_SERVICE_FIXTURES } from './support/moto-service-fixtures.js';
import { MOTO_VPC_NETWORK_FIXTURES } from './support/moto-vpc-network-fixtures.js';

withOwnMoto();

/** Every infrastructure type this target seeds in moto, and how. */
const FIXTURE_TYPES = {
  ...MOTO_EC2_FIXTURES,
  ...MOTO_SERVICE_FIXTURES,
  ...MOTO_CONTAINER_STREAM_FIXTURES,
  ...MOTO_MONITORING_FIXTURES,
  ...MOTO_VPC_NETWORK_FIXTURES,
};

/**
 * @decomkit/aws held to the conformance suite's infrastructure rows
 * (resourceTypeConformance over `infrastructureRows`) on moto_server: each
 * row's world holds its own type only, seeded with the SDK; the oracle reads
 * it back with its own SDK clients and moto's request recorder, never through
 * the provider under test. The same rows run on @decomkit/fake
 * (packages/conformance/test/fake-conformance.test.ts), so the two cannot drift.
 */
const awsInfrastructureOnMoto: ConformanceTarget = {
  name: '@decomkit/aws on moto_server, EC2 / ELBv2 / Auto Scaling / RDS / SQS / ECS / ECR / Kinesis / Step Functions / SNS / EventBridge / Logs / CloudWatch / Secrets Manager / VPC networking',
  capabilities: { resourceTypes: Object.keys(FIXTURE_TYPES) },
  async create(world) {
    await resetMoto();
    const clients = motoClients();
    const region = world.region;
    const seeded = new Map<string, SeededFixture>();
    const typeOf = (type: string) => {
      const fixtureType = FIXTURE_TYPES[type];
      if (fixtureType === undefined) throw new Error(`this target seeds no ${type}`);
      return fixtureType;
    };
    for (const fixture of world.resources ?? []) {
      seeded.set(`${fixture.type} ${fixture.name}`, await typeOf(fixture.type).seed(clients, region, fixture));
    }
    return {
      providers: awsSource({ region, endpoint: motoEndpoint(), credentials: TEST_CREDENTIALS }),
      oracle: {
        mutatingCalls: async () => (await mutatingRequests()).length,
        advanceTime: async () => {},
        resourceArn: (type, name) => seeded.get(`${type} ${name}`)?.arn ?? null,
        resource: async (type, name) => {
          const found = seeded.get(`${type} ${name}`);
          return found === undefined ? null : typeOf(type).read(clients, region, found.id);
        },
      },
    };
  },
};

runProviderConformance({ describe, it }, awsInfrastructureOnMoto);
