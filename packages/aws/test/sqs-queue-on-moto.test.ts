import { CreateQueueCommand, GetQueueUrlCommand, ListQueuesCommand } from '@aws-sdk/client-sqs';
import { AWS_RESOURCE_TYPES, type AwsResourceType, awsSource, SQS_QUEUE } from '@decomkit/aws';
import { beforeEach, describe, expect, it } from 'vitest';
import { queueNameOf } from '../src/resources/sqs-queue.js';
import {
  motoClients,
  motoEndpoint,
  mutatingRequests,
  resetMoto,
  TEST_CREDENTIALS,
  TEST_REGION,
  withOwnMoto,
} from './support/moto.js';
import { MOTO_ACCOUNT_ID } from './support/moto-server.js';
import { actionOn, contextFor, discoverAll, handler, reconcile, run } from './support/retirement-harness.js';

withOwnMoto();

const queueArn = (name: string) => `arn:aws:sqs:${TEST_REGION}:${MOTO_ACCOUNT_ID}:${name}`;

/** The AWS source on moto with `resourceTypes` (default: every built-in type, SQS queues among them). */
const source = (resourceTypes: readonly AwsResourceType[] = AWS_RESOURCE_TYPES) =>
  awsSource({
    region: TEST_REGION,
    endpoint: motoEndpoint(),
    credentials: TEST_CREDENTIALS,
    maxAttempts: 1,
    pollMilliseconds: 1,
    readRateLimits: false,
    resourceTypes,
  });

async function seedQueue(name: string, tags: Record<string, string>): Promise<void> {
  await motoClients()
    .get('sqs', TEST_REGION)
    .send(new CreateQueueCommand({ QueueName: name, tags }));
}

async function queueNames(): Promise<string[]> {
  const listed = await motoClients().get('sqs', TEST_REGION).send(new ListQueuesCommand({}));
  return (listed.QueueUrls ?? []).map((url) => url.split('/').pop() ?? '').sort();
}

describe('SQS queue (on moto)', () => {
  beforeEach(resetMoto);

  it('reads the queue name from a queue ARN only', () => {
    expect(queueNameOf(queueArn('payments-events'))).toBe('payments-events');
    expect(queueNameOf(queueArn('payments-events.fifo'))).toBe('payments-events.fifo');
    expect(queueNameOf('arn:aws:sns:eu-west-1:123456789012:payments-events')).toBeNull();
    expect(queueNameOf('arn:aws:sqs:::payments-events')).toBeNull();
    expect(SQS_QUEUE.matchesArn(queueArn('payments-events'))).toBe(true);
    expect(SQS_QUEUE).toMatchObject({ type: 'AWS::SQS::Queue', stoppable: false, holdsData: false });
  });

  it("turns a stack's physical id, the queue URL, into the queue ARN", () => {
    const place = { accountId: MOTO_ACCOUNT_ID, region: TEST_REGION };
    const url = `https://sqs.${TEST_REGION}.amazonaws.com/${MOTO_ACCOUNT_ID}/payments-jobs`;
    expect(SQS_QUEUE.arnOfPhysicalId(place, url)).toBe(queueArn('payments-jobs'));
    expect(SQS_QUEUE.arnOfPhysicalId(place, 'payments-jobs')).toBe(queueArn('payments-jobs'));
  });

  it('is a built-in type; a source given other types leaves queues unhandled', () => {
    const withoutQueues = AWS_RESOURCE_TYPES.filter((type) => type !== SQS_QUEUE);
    expect(source(withoutQueues).retirement.supportedTypes).not.toContain('AWS::SQS::Queue');
    expect(source().retirement.supportedTypes).toContain('AWS::SQS::Queue');
    expect(source().inventory.capabilities).toContain('inventory:AWS::SQS::Queue');
  });

  it('discovers tagged queues (not a look-alike) and describes one; a queue that does not exist is null', async () => {
    await seedQueue('payments-events', { workload: 'payments', Name: 'events' });
    await seedQueue('archive-events', { workload: 'payments-archive' });
    const ports = source();
    const found = await discoverAll({ ...ports, clients: motoClients() });
    expect([...found.keys()]).toEqual([queueArn('payments-events')]);
    expect(found.get(queueArn('payments-events'))).toMatchObject({
      type: 'AWS::SQS::Queue',
      accountId: MOTO_ACCOUNT_ID,
      region: TEST_REGION,
      name: 'payments-events',
      tags: { workload: 'payments', Name: 'events' },
      protection: { deletion: false, stop: false },
      dependsOn: [],
    });
    expect((await ports.inventory.describe(queueArn('payments-events')))._unsafeUnwrap()?.arn).toBe(
      queueArn('payments-events'),
    );
    expect((await ports.inventory.describe(queueArn('no-such-queue')))._unsafeUnwrap()).toBeNull();
  });

  it('deletes with one DeleteQueue by URL, reconciled before and after; a repeat and a gone queue are done', async () => {
    await seedQueue('payments-events', { workload: 'payments' });
    await seedQueue('archive-events', { workload: 'payments-archive' });
    const { retirement } = source();
    const remove = actionOn(queueArn('payments-events'), 'resource.delete');
    expect(await reconcile(retirement, remove)).toEqual({ status: 'absent' });
    expect((await run(retirement, remove))._unsafeUnwrap()).toEqual({
      status: 'done',
      result: { queueName: 'payments-events', state: 'deleted' },
    });
    expect(await queueNames()).toEqual(['archive-events']);
    const deletes = (await mutatingRequests()).filter((request) => request.action === 'DeleteQueue');
    expect(deletes).toHaveLength(1);
    expect(deletes[0]?.body).toContain('payments-events');
    await expect(
      motoClients()
        .get('sqs', TEST_REGION)
        .send(new GetQueueUrlCommand({ QueueName: 'payments-events' })),
    ).rejects.toThrow();
    expect(await reconcile(retirement, remove)).toMatchObject({ status: 'done', result: { state: 'deleted' } });
    expect((await run(retirement, remove))._unsafeUnwrap()).toMatchObject({
      status: 'done',
      result: { id: 'payments-events', alreadyGone: true },
    });
    const never = actionOn(queueArn('no-such-queue'), 'resource.delete');
    expect((await run(retirement, never))._unsafeUnwrap()).toMatchObject({ result: { alreadyGone: true } });
    expect((await mutatingRequests()).filter((request) => request.action === 'DeleteQueue')).toHaveLength(1);
  });

  it('refuses a stop (not stoppable) and a wrong ARN as InvalidInput; lifts no protection; sends nothing', async () => {
    await seedQueue('payments-events', { workload: 'payments' });
    const { retirement } = source();
    const stop = actionOn(queueArn('payments-events'), 'resource.stop');
    expect((await handler(retirement, 'resource.stop').execute(stop, contextFor(stop)))._unsafeUnwrapErr().code).toBe(
      'InvalidInput',
    );
    const lift = actionOn(queueArn('payments-events'), 'protection.lift');
    expect((await run(retirement, lift))._unsafeUnwrap()).toMatchObject({
      status: 'done',
      result: { protection: 'none' },
    });
    // A type no descriptor handles (SNS topics and KMS keys are handled since issue 13: a CodeBuild project is not).
    const key = actionOn('arn:aws:codebuild:eu-west-1:123456789012:project/payments-build', 'resource.delete');
    expect((await run(retirement, key))._unsafeUnwrapErr().code).toBe('InvalidInput');
    expect((await mutatingRequests()).filter((request) => request.action !== 'CreateQueue')).toEqual([]);
    expect(await queueNames()).toEqual(['payments-events']);
  });
});
