import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type MotoServer, startMotoServer } from '../../packages/aws/test/support/moto-server.js';
import { finalSnapshotOf, runBatchingFloorScript } from '../floor/batching-floor-script.js';
import { floorRequests, floorTotal } from '../floor/request-floor.js';
import { motoLeftovers, seedEstate } from '../moto-estate.js';
import { MOTO_ACCOUNT_ID, MOTO_CREDENTIALS } from '../moto-server.js';

// The floor must be reachable: a plain SDK script retires a tagged estate with exactly the floor's requests.
const REGION = 'eu-west-1';
let moto: MotoServer;

beforeAll(async () => {
  moto = await startMotoServer();
}, 300_000);

afterAll(async () => {
  await moto?.stop();
}, 60_000);

const options = (accountId: string) => ({
  endpoint: moto.endpoint,
  region: REGION,
  credentials: MOTO_CREDENTIALS,
  accountId,
  tag: { key: 'workload', value: 'floor' },
  concurrency: 4,
  pollMilliseconds: 10,
});

describe('the batching floor script on moto', () => {
  it('refuses another account before it changes anything', async () => {
    await seedEstate(moto.endpoint, {
      region: REGION,
      instances: 2,
      databases: 1,
      tag: { key: 'workload', value: 'floor' },
      namePrefix: 'guarded',
    });
    await expect(runBatchingFloorScript(options('999999999999'))).rejects.toThrow(/not 999999999999/);
    const left = await motoLeftovers(moto.endpoint, REGION);
    expect(left.states).toEqual(new Map([['running', 2]]));
    expect(left.databases).toEqual(['guarded-0']);
    await fetch(`${moto.endpoint}/moto-api/reset`, { method: 'POST' });
  });

  it('retires the tagged estate, and only it, with exactly the floor requests', async () => {
    const estate = { instances: 7, databases: 3 };
    await seedEstate(moto.endpoint, {
      region: REGION,
      ...estate,
      tag: { key: 'workload', value: 'floor' },
      namePrefix: 'floor-db',
    });
    // Look-alikes of another workload: never touched.
    await seedEstate(moto.endpoint, {
      region: REGION,
      instances: 2,
      databases: 1,
      tag: { key: 'workload', value: 'billing' },
      namePrefix: 'billing-db',
    });
    const result = await runBatchingFloorScript(options(MOTO_ACCOUNT_ID));
    expect(result).toMatchObject(estate);
    const floor = floorRequests(estate);
    expect(Object.fromEntries(result.requests)).toEqual(
      Object.fromEntries([...floor].map(([action, entry]) => [action, entry.count])),
    );
    expect([...result.requests.values()].reduce((sum, count) => sum + count, 0)).toBe(floorTotal(floor));
    const left = await motoLeftovers(moto.endpoint, REGION);
    expect(left.states).toEqual(
      new Map([
        ['terminated', 7],
        ['running', 2],
      ]),
    );
    expect(left.databases).toEqual(['billing-db-0']);
    // moto also keeps each database's automated snapshot (`rds:…`).
    const manual = left.snapshots.filter((id) => !id.startsWith('rds:')).sort();
    expect(manual).toEqual(['floor-db-0', 'floor-db-1', 'floor-db-2'].map(finalSnapshotOf));
  });
});

describe('floorRequests', () => {
  it('grows with pages and calls, not with resources, except the per-database RDS calls', () => {
    const small = floorRequests({ instances: 1_000, databases: 100 });
    const large = floorRequests({ instances: 2_000, databases: 200 });
    expect(small.get('ec2:TerminateInstances')?.count).toBe(1);
    expect(large.get('ec2:TerminateInstances')?.count).toBe(2);
    expect(large.get('ec2:DescribeInstances')?.count).toBe(6);
    expect(large.get('rds:DeleteDBInstance')?.count).toBe(200);
    expect(large.get('rds:DescribeDBSnapshots')?.count).toBe(2);
    expect(floorTotal(small)).toBe(1 + 3 + 1 + 1 + 3 + 100 + 100 + 1);
  });
});
