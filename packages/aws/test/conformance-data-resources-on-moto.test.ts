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
import {
  bucketObjects,
  functionConcurrency,
  seedBucket,
  seedFunction,
  seedTable,
  tableState,
} from './support/moto-data-resources.js';

withOwnMoto();

/**
 * @decomkit/aws held to the conformance suite's dataResources rows
 * (resourceTypeConformance) on moto_server: S3 buckets, DynamoDB tables and
 * Lambda functions seeded with the SDK (each row's world holds its own type
 * only, and no instance), the oracle reading them back with its own SDK
 * clients and moto's request recorder, never through the provider under
 * test. The same rows run on @decomkit/fake (packages/conformance/test/fake-conformance.test.ts),
 * so the two cannot drift.
 */
const awsDataResourcesOnMoto: ConformanceTarget = {
  name: '@decomkit/aws on moto_server, S3 / DynamoDB / Lambda',
  capabilities: { dataResources: true },
  async create(world) {
    await resetMoto();
    const oracleClients = motoClients();
    const region = world.region;
    const bucketRegions = new Map<string, string>();
    for (const bucket of world.buckets ?? []) {
      bucketRegions.set(bucket.name, bucket.region ?? region);
      await seedBucket(oracleClients, bucket.region ?? region, bucket);
    }
    for (const table of world.tables ?? []) await seedTable(oracleClients, region, table);
    for (const lambda of world.functions ?? []) await seedFunction(oracleClients, region, lambda);
    return {
      providers: awsSource({ region, endpoint: motoEndpoint(), credentials: TEST_CREDENTIALS }),
      oracle: {
        mutatingCalls: async () => (await mutatingRequests()).length,
        advanceTime: async () => {},
        bucket: (name) => bucketObjects(oracleClients, bucketRegions.get(name) ?? region, name),
        table: (name) => tableState(oracleClients, region, name),
        lambdaFunction: (name) => functionConcurrency(oracleClients, region, name),
      },
    };
  },
};

runProviderConformance({ describe, it }, awsDataResourcesOnMoto);
