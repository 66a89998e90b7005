import { beforeEach, describe, expect, it } from 'vitest';
import { motoClients, recordedRequests, resetMoto, withOwnMoto } from './support/moto.js';
import { fleetEngine, seedFleet } from './support/moto-fleet.js';

withOwnMoto();

/** Requests per API action while the engine applies the plan of a fleet of `size` instances and databases. */
async function applyRequests(size: number): Promise<Map<string, number>> {
  await resetMoto();
  await seedFleet(motoClients(), { instances: size, databases: size });
  // Polls a second apart: however long the deletes take to send on a busy machine, they wait in few rounds.
  const engine = fleetEngine(1_000);
  const plan = (await engine.plan())._unsafeUnwrap();
  const before = (await recordedRequests()).length;
  const run = (await engine.apply(plan, { approve: () => true }))._unsafeUnwrap();
  expect(run.status).toBe('completed');
  const counts = new Map<string, number>();
  for (const request of (await recordedRequests()).slice(before)) {
    counts.set(request.action ?? '', (counts.get(request.action ?? '') ?? 0) + 1);
  }
  return counts;
}

describe('waits for deletes and their final snapshots, polled in rounds, on moto_server', () => {
  beforeEach(resetMoto);

  it('reads the pending databases and snapshots with a number of describes that does not grow with the fleet', async () => {
    const small = await applyRequests(10);
    const large = await applyRequests(40);
    // Every database deleted (moto sometimes answers a 5xx the engine retries: a delete may go twice).
    expect(small.get('DeleteDBInstance')).toBeGreaterThanOrEqual(10);
    expect(large.get('DeleteDBInstance')).toBeGreaterThanOrEqual(40);
    // The final snapshots are read only by the waits: one describe a round for all the databases
    // (100 ids per filter), not one per concurrency slot's worth of them (10 → 40 databases was 2 → 9).
    const snapshots = (counts: Map<string, number>) => counts.get('DescribeDBSnapshots') ?? 0;
    expect(snapshots(small)).toBeGreaterThan(0);
    expect(snapshots(large)).toBeLessThanOrEqual(snapshots(small) + 1);
  });
});
