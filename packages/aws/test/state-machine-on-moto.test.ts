import {
  CreateStateMachineCommand,
  ListStateMachinesCommand,
  StartExecutionCommand,
  StopExecutionCommand,
} from '@aws-sdk/client-sfn';
import { STATE_MACHINE } from '@decomkit/aws';
import { beforeEach, describe, expect, it } from 'vitest';
import { stateMachineNameOf } from '../src/resources/step-functions-state-machine.js';
import { motoClients, mutatingRequests, resetMoto, TEST_REGION, withOwnMoto } from './support/moto.js';
import { MOTO_ACCOUNT_ID } from './support/moto-server.js';
import {
  actionOn,
  discoverAll,
  expectNoStopNorProtection,
  portsOn,
  reconcile,
  run,
} from './support/retirement-harness.js';

withOwnMoto();

const machineArn = (name: string) => `arn:aws:states:${TEST_REGION}:${MOTO_ACCOUNT_ID}:stateMachine:${name}`;
const sfn = () => motoClients().get('sfn', TEST_REGION);
const ports = () => portsOn([STATE_MACHINE]);
const actions = async () => (await mutatingRequests()).map((request) => request.action);
const DEFINITION = JSON.stringify({ StartAt: 'Done', States: { Done: { Type: 'Succeed' } } });

async function seedMachine(name: string, tags: Record<string, string>): Promise<void> {
  await sfn().send(
    new CreateStateMachineCommand({
      name,
      definition: DEFINITION,
      roleArn: `arn:aws:iam::${MOTO_ACCOUNT_ID}:role/payments-states`,
      tags: Object.entries(tags).map(([key, value]) => ({ key, value })),
    }),
  );
}

async function machineNames(): Promise<string[]> {
  return ((await sfn().send(new ListStateMachinesCommand({}))).stateMachines ?? []).map(
    (machine) => machine.name ?? '',
  );
}

describe('Step Functions state machine (on moto)', () => {
  beforeEach(resetMoto);

  it('reads the name from a state machine ARN only (not a version, alias or execution ARN)', () => {
    expect(stateMachineNameOf(machineArn('payments-flow'))).toBe('payments-flow');
    expect(stateMachineNameOf(`${machineArn('payments-flow')}:1`)).toBeNull();
    expect(stateMachineNameOf(`${machineArn('payments-flow')}:live`)).toBeNull();
    expect(
      stateMachineNameOf(`arn:aws:states:${TEST_REGION}:${MOTO_ACCOUNT_ID}:execution:payments-flow:run-1`),
    ).toBeNull();
    expect(STATE_MACHINE).toMatchObject({
      type: 'AWS::StepFunctions::StateMachine',
      stoppable: false,
      holdsData: false,
    });
  });

  it('discovers tagged state machines (not a look-alike) changing nothing; a missing one is null', async () => {
    await seedMachine('payments-flow', { workload: 'payments' });
    await seedMachine('archive-flow', { workload: 'payments-archive' });
    const before = await actions();
    const found = await discoverAll(ports());
    expect([...found.keys()]).toEqual([machineArn('payments-flow')]);
    expect(found.get(machineArn('payments-flow'))).toMatchObject({
      type: 'AWS::StepFunctions::StateMachine',
      name: 'payments-flow',
      state: 'ACTIVE',
      tags: { workload: 'payments' },
      protection: { deletion: false, stop: false },
      dependsOn: [],
    });
    expect(found.get(machineArn('payments-flow'))?.retireBlockers).toBeUndefined();
    expect(await actions()).toEqual(before);
    expect((await ports().inventory.describe(machineArn('no-such-flow')))._unsafeUnwrap()).toBeNull();
  });

  it('one with running executions carries a blocker naming the count; its delete is refused (Conflict), nothing sent', async () => {
    await seedMachine('payments-flow', { workload: 'payments' });
    for (const name of ['run-1', 'run-2']) {
      await sfn().send(new StartExecutionCommand({ stateMachineArn: machineArn('payments-flow'), name }));
    }
    const described = (await ports().inventory.describe(machineArn('payments-flow')))._unsafeUnwrap();
    expect(described?.retireBlockers).toEqual([
      { code: 'running-executions', message: expect.stringContaining('has 2 running executions') },
    ]);
    const { retirement } = ports();
    const remove = actionOn(machineArn('payments-flow'), 'resource.delete');
    const refused = (await run(retirement, remove))._unsafeUnwrapErr();
    expect(refused).toMatchObject({ code: 'Conflict', resource: machineArn('payments-flow') });
    expect(refused.message).toContain('2 running executions');
    expect(await reconcile(retirement, remove)).toEqual({ status: 'absent' });
    expect(await actions()).not.toContain('DeleteStateMachine');
    expect(await machineNames()).toEqual(['payments-flow']);

    const executions = `arn:aws:states:${TEST_REGION}:${MOTO_ACCOUNT_ID}:execution:payments-flow`;
    for (const name of ['run-1', 'run-2']) {
      await sfn().send(new StopExecutionCommand({ executionArn: `${executions}:${name}` }));
    }
    expect((await run(retirement, remove))._unsafeUnwrap()).toMatchObject({ status: 'done' });
  });

  it('deletes with DeleteStateMachine, reconciled before and after; a repeat is done', async () => {
    await seedMachine('payments-flow', { workload: 'payments' });
    await seedMachine('archive-flow', { workload: 'payments-archive' });
    const { retirement } = ports();
    const remove = actionOn(machineArn('payments-flow'), 'resource.delete');
    expect(await reconcile(retirement, remove)).toEqual({ status: 'absent' });
    expect((await run(retirement, remove))._unsafeUnwrap()).toEqual({
      status: 'done',
      result: { stateMachine: 'payments-flow', state: 'deleted' },
    });
    expect(await machineNames()).toEqual(['archive-flow']);
    expect(await reconcile(retirement, remove)).toMatchObject({ status: 'done', result: { state: 'deleted' } });
    expect((await run(retirement, remove))._unsafeUnwrap()).toMatchObject({ result: { alreadyGone: true } });
    expect((await actions()).filter((action) => action === 'DeleteStateMachine')).toHaveLength(1);
  });

  it('refuses a stop and a wrong ARN (InvalidInput) and lifts no protection; sends nothing', async () => {
    await seedMachine('payments-flow', { workload: 'payments' });
    const before = await actions();
    await expectNoStopNorProtection(
      ports().retirement,
      machineArn('payments-flow'),
      `${machineArn('payments-flow')}:1`,
    );
    expect(await actions()).toEqual(before);
  });
});
