import { ModifyInstanceAttributeCommand } from '@aws-sdk/client-ec2';
import { beforeEach, describe, expect, it } from 'vitest';
import { motoClients, recordedRequests, resetMoto, TEST_REGION, withOwnMoto } from './support/moto.js';
import { fleetEngine, instanceStates, seedFleet } from './support/moto-fleet.js';

withOwnMoto();

/** The instance ids one recorded EC2 request names (`InstanceId.N=`). */
const idsIn = (body: string) =>
  [...new URLSearchParams(body).entries()].flatMap(([name, value]) => (/^InstanceId\.\d+$/.test(name) ? [value] : []));

describe('one protected instance in a TerminateInstances batch, through the engine on moto_server', () => {
  beforeEach(resetMoto);

  it('terminates the others in one more call, and leaves the protected one running, refused', async () => {
    const clients = motoClients();
    const fleet = await seedFleet(clients, { instances: 24 });
    const engine = fleetEngine();
    const plan = (await engine.plan())._unsafeUnwrap();
    // Protected after the plan (a plan that knew would not have planned its termination): the batch learns it.
    const protectedId = fleet.instanceIds[9] ?? '';
    await clients
      .get('ec2', TEST_REGION)
      .send(new ModifyInstanceAttributeCommand({ InstanceId: protectedId, DisableApiTermination: { Value: true } }));
    const recordedBefore = (await recordedRequests()).length;

    const run = (await engine.apply(plan, { approve: () => true }))._unsafeUnwrap();

    const terminations = (await recordedRequests())
      .slice(recordedBefore)
      .filter((request) => request.action === 'TerminateInstances')
      .map((request) => idsIn(request.body));
    // EC2 named the protected instance: the call that held it was refused and the others in it went again
    // together, in one more call (one by one would be 24 calls more; halves, about 2·log2(24) and the
    // protected one in every failing half). On a busy machine the gatherer may split the 24 in a few calls.
    expect(terminations.filter((ids) => ids.includes(protectedId))).toHaveLength(1);
    expect(terminations.length).toBeGreaterThanOrEqual(2);
    expect(terminations.length).toBeLessThanOrEqual(4);
    expect(new Set(terminations.flat())).toEqual(new Set(fleet.instanceIds));

    const states = await instanceStates(clients);
    expect(states.get(protectedId)).not.toBe('terminated');
    for (const id of fleet.instanceIds.filter((each) => each !== protectedId))
      expect(states.get(id), id).toBe('terminated');

    const records = run.items.flatMap((item) => item.steps.flatMap((step) => step.actions));
    const failed = records.filter((record) => record.status === 'failed');
    expect(failed.map((record) => `${record.action.kind} ${record.action.target.ref}`)).toEqual([
      expect.stringMatching(new RegExp(`^resource\\.delete .*${protectedId}$`)),
    ]);
    expect(failed[0]?.error?.code).toBe('Conflict');
    // The typed protection refusal (provider kit's ec2-protection-refusal), naming the instance.
    expect(failed[0]?.error).toMatchObject({
      protection: { flag: 'deletion', attribute: 'DisableApiTermination' },
    });
    expect(failed[0]?.error?.message).toContain(`instance ${protectedId}`);
    expect(failed[0]?.error?.message).toContain('OperationNotPermitted');
  });
});
