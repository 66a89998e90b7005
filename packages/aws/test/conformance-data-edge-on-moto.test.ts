import { infrastructureRows, resourceTypeConformance } from '@decomkit/conformance';
import { describe, expect, it } from 'vitest';
import { motoClients, withOwnMoto } from './support/moto.js';
import { answerNodegroupTagging, MOTO_DATA_EDGE_FIXTURES } from './support/moto-data-edge-fixtures.js';
import { motoFixtureTarget } from './support/moto-fixture-target.js';

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
const awsDataEdgeOnMoto = motoFixtureTarget(
  '@decomkit/aws on moto_server, EFS / Redshift / OpenSearch / API Gateway / EKS / event source mappings',
  MOTO_DATA_EDGE_FIXTURES,
  (region) => {
    const clients = motoClients();
    answerNodegroupTagging(clients, region);
    return { eks: clients.get('eks', region) };
  },
);

const rows = infrastructureRows(awsDataEdgeOnMoto);

describe('the data store and edge rows on moto', () => {
  it('run for every type this target seeds: none is left without its conformance rows', () => {
    expect(rows.map((row) => row.type).sort()).toEqual(Object.keys(MOTO_DATA_EDGE_FIXTURES).sort());
  });
});

resourceTypeConformance({ describe, it }, rows);
