import { beforeEach, describe, expect, it } from 'vitest';
import { motoClients, recordedRequests, resetMoto, withOwnMoto } from './support/moto.js';
import { fleetEngine, instanceStates, seedFleet } from './support/moto-fleet.js';

withOwnMoto();

/** The instance ids one recorded EC2 request names (`InstanceId.N=`). */
const idsIn = (body: string) =>
  [...new URLSearchParams(body).entries()].flatMap(([name, value]) => (/^InstanceId\.\d+$/.test(name) ? [value] : []));

describe('a fleet retired on moto_server, batches gathered by readiness', () => {
  beforeEach(resetMoto);

  it('stops 600 instances in one StopInstances and terminates them in one TerminateInstances', async () => {
    const clients = motoClients();
    // More stops than half the engine's launch window (1,024 actions): launched interleaved with their
    // terminations, at most 512 could be under way together; launched by readiness, all 600 are, and
    // their batch waits for every one of them however slowly they arrive.
    const fleet = await seedFleet(clients, { instances: 600 });
    const engine = fleetEngine();
    const plan = (await engine.plan())._unsafeUnwrap();
    const recordedBefore = (await recordedRequests()).length;

    const run = (await engine.apply(plan, { approve: () => true }))._unsafeUnwrap();
    expect(run.status).toBe('completed');

    const requests = (await recordedRequests()).slice(recordedBefore);
    const idsOf = (action: string) =>
      requests.filter((request) => request.action === action).map((request) => idsIn(request.body).length);
    // Every stop and terminate was ready together: each goes as one call of 600 ids (EC2 takes 1,000).
    // Moto may answer a 5xx the engine retries: such a call is sent again whole, with the same ids.
    expect(new Set(idsOf('StopInstances'))).toEqual(new Set([600]));
    expect(new Set(idsOf('TerminateInstances'))).toEqual(new Set([600]));
    const states = await instanceStates(clients);
    for (const id of fleet.instanceIds) expect(states.get(id), id).toBe('terminated');
  }, 120_000);
});
