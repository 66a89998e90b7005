import { beforeEach, describe, expect, it } from 'vitest';
import { VPC_ENDPOINT } from '../src/resources/vpc-endpoint.js';
import { motoClients, recordedRequests, resetMoto, withOwnMoto } from './support/moto.js';
import { seedVpc } from './support/moto-vpc-fixtures.js';
import { discoverAll, PAYMENTS_SOURCE, portsOn } from './support/retirement-harness.js';

withOwnMoto();

/** DescribeVpcEndpoints requests sent while `discover` runs. */
async function endpointListings(discover: () => Promise<unknown>): Promise<number> {
  const before = (await recordedRequests()).length;
  await discover();
  return (await recordedRequests()).slice(before).filter((request) => request.action === 'DescribeVpcEndpoints').length;
}

describe('VPC endpoints discovered by their tags, on moto_server', () => {
  beforeEach(resetMoto);

  it('lists the region’s endpoints once when none carries the tags (no describe of nothing)', async () => {
    await seedVpc(motoClients(), { workload: 'other' });
    const ports = portsOn([VPC_ENDPOINT]);
    let found = new Map();
    expect(await endpointListings(async () => (found = await discoverAll(ports)))).toBe(1);
    expect(found.size).toBe(0);
  });

  it('still finds an endpoint that carries them, described', async () => {
    const seeded = await seedVpc(motoClients(), { workload: 'payments' });
    const ports = portsOn([VPC_ENDPOINT]);
    const found = await discoverAll(ports, PAYMENTS_SOURCE);
    const endpoints = [...found.values()].filter((resource) => resource.type === VPC_ENDPOINT.type);
    expect(endpoints.map((resource) => resource.arn)).toEqual([expect.stringContaining(seeded.endpointId)]);
  });
});
