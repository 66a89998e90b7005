import {
  CreateEventSourceMappingCommand,
  GetEventSourceMappingCommand,
  type LambdaClient,
  UpdateEventSourceMappingCommand,
} from '@aws-sdk/client-lambda';
import { CreateQueueCommand, GetQueueAttributesCommand } from '@aws-sdk/client-sqs';
import { LAMBDA_EVENT_SOURCE_MAPPING, LAMBDA_FUNCTION, SQS_QUEUE } from '@decomkit/aws';
import { beforeEach, describe, expect, it } from 'vitest';
import { eventSourceMappingIdOf } from '../src/resources/lambda-event-source-mapping.js';
import { motoClients, mutatingRequests, resetMoto, TEST_REGION, withOwnMoto } from './support/moto.js';
import { seedFunction } from './support/moto-data-resources.js';
import { MOTO_ACCOUNT_ID } from './support/moto-server.js';
import { actionOn, discoverAll, portsOn, reconcile, run } from './support/retirement-harness.js';

withOwnMoto();

const lambda = (): LambdaClient => motoClients().get('lambda', TEST_REGION);
const functionArn = (name: string) => `arn:aws:lambda:${TEST_REGION}:${MOTO_ACCOUNT_ID}:function:${name}`;
const mappingArn = (uuid: string) => `arn:aws:lambda:${TEST_REGION}:${MOTO_ACCOUNT_ID}:event-source-mapping:${uuid}`;
const ports = () => portsOn([LAMBDA_EVENT_SOURCE_MAPPING, LAMBDA_FUNCTION, SQS_QUEUE]);

/** A queue, tagged; its ARN. */
async function seedQueue(name: string, tags: Record<string, string>): Promise<string> {
  const sqs = motoClients().get('sqs', TEST_REGION);
  const created = await sqs.send(new CreateQueueCommand({ QueueName: name, tags }));
  const attributes = await sqs.send(
    new GetQueueAttributesCommand({ QueueUrl: created.QueueUrl, AttributeNames: ['QueueArn'] }),
  );
  return attributes.Attributes?.QueueArn ?? '';
}

/** A mapping from `queueArn` to `functionName`, tagged; its UUID. */
async function seedMapping(functionName: string, queueArn: string, tags: Record<string, string>): Promise<string> {
  const created = await lambda().send(
    new CreateEventSourceMappingCommand({ FunctionName: functionName, EventSourceArn: queueArn, Tags: tags }),
  );
  return created.UUID ?? '';
}

const mappingState = async (uuid: string) =>
  (await lambda().send(new GetEventSourceMappingCommand({ UUID: uuid }))).State;

describe('Lambda event source mappings (on moto)', () => {
  beforeEach(resetMoto);

  it('reads a UUID from a mapping ARN only; bad input is refused with a typed error', async () => {
    const uuid = '6f4a3c1e-2b7d-4e8f-9a0b-1c2d3e4f5a6b';
    expect(eventSourceMappingIdOf(mappingArn(uuid))).toBe(uuid);
    expect(eventSourceMappingIdOf(mappingArn('not-a-uuid'))).toBeNull();
    expect(eventSourceMappingIdOf(functionArn('worker'))).toBeNull();
    expect(LAMBDA_EVENT_SOURCE_MAPPING).toMatchObject({ stoppable: true, holdsData: false });
    const { retirement } = portsOn([LAMBDA_EVENT_SOURCE_MAPPING]);
    const wrong = await run(retirement, actionOn(functionArn('worker'), 'resource.delete'));
    expect(wrong._unsafeUnwrapErr().code).toBe('InvalidInput');
  });

  it('discovers a tagged mapping; the function and the queue depend on it, and on another workload’s mapping', async () => {
    await seedFunction(motoClients(), TEST_REGION, { name: 'worker', tags: { workload: 'payments' } });
    const queue = await seedQueue('orders', { workload: 'payments' });
    const other = await seedQueue('audit', { workload: 'payments' });
    const ours = await seedMapping('worker', queue, { workload: 'payments' });
    const theirs = await seedMapping('worker', other, { workload: 'reporting' });
    const found = await discoverAll(ports());
    expect(found.get(mappingArn(ours))).toMatchObject({
      type: 'AWS::Lambda::EventSourceMapping',
      state: 'Enabled',
      tags: { workload: 'payments' },
      protection: { deletion: false, stop: false },
      dependsOn: [],
    });
    expect(found.has(mappingArn(theirs))).toBe(false);
    // The mapping goes before the queue and the function it joins; one kept (another workload's) keeps them.
    expect(found.get(queue)?.dependsOn).toEqual([mappingArn(ours)]);
    expect(found.get(other)?.dependsOn).toEqual([mappingArn(theirs)]);
    expect([...(found.get(functionArn('worker'))?.dependsOn ?? [])].sort()).toEqual(
      [mappingArn(ours), mappingArn(theirs)].sort(),
    );
  });

  it('disables as the scream test (reconciled before and after), refuses a delete once enabled again, then deletes', async () => {
    await seedFunction(motoClients(), TEST_REGION, { name: 'worker', tags: {} });
    const uuid = await seedMapping('worker', await seedQueue('orders', {}), { workload: 'payments' });
    const { retirement } = ports();
    const stop = actionOn(mappingArn(uuid), 'resource.stop');
    expect(await reconcile(retirement, stop)).toEqual({ status: 'absent' });
    expect((await run(retirement, stop))._unsafeUnwrap()).toEqual({
      status: 'done',
      result: { uuid, state: 'stopped' },
    });
    expect(await mappingState(uuid)).toBe('Disabled');
    expect(await reconcile(retirement, stop)).toMatchObject({ status: 'done', result: { state: 'stopped' } });

    await lambda().send(new UpdateEventSourceMappingCommand({ UUID: uuid, Enabled: true }));
    const remove = actionOn(mappingArn(uuid), 'resource.delete');
    const before = (await mutatingRequests()).length;
    const refused = (await run(retirement, remove))._unsafeUnwrapErr();
    expect(refused).toMatchObject({ code: 'Conflict', resource: mappingArn(uuid) });
    expect(refused.message).toContain('Enabled');
    expect((await mutatingRequests()).length).toBe(before);

    expect((await run(retirement, stop)).isOk()).toBe(true);
    expect(await reconcile(retirement, remove)).toEqual({ status: 'absent' });
    expect((await run(retirement, remove))._unsafeUnwrap()).toEqual({
      status: 'done',
      result: { uuid, state: 'deleted' },
    });
    expect(await reconcile(retirement, remove)).toEqual({ status: 'done', result: { uuid, state: 'deleted' } });
    // Gone counts as deleted (at-least-once); a stop of a gone mapping is NotFound.
    expect((await run(retirement, remove))._unsafeUnwrap()).toMatchObject({ result: { alreadyGone: true } });
    expect((await run(retirement, stop))._unsafeUnwrapErr().code).toBe('NotFound');
  });
});
