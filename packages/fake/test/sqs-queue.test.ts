import { AWS_TYPES, createFakeCloud } from '@decomkit/fake';
import { describe, expect, it } from 'vitest';
import { queueUrlOf } from '../src/providers/kind-sqs-queue.js';
import { ACCOUNT, actionOn, contextFor, discoverAll, handler, REGION } from './support.js';

const tags = { workload: 'payments' };
const OTHER_ACCOUNT = '999988887777';
const queue = (name: string, account = ACCOUNT) => `arn:aws:sqs:${REGION}:${account}:${name}`;
const urlOf = (name: string) => `https://sqs.${REGION}.amazonaws.com/${ACCOUNT}/${name}`;

function world() {
  return createFakeCloud({
    source: {
      queues: [
        { queueName: 'payments-jobs', tags, messages: 12 },
        { queueName: 'payments-secret', tags, tagsReadable: false },
        { queueName: 'payments-far', tags, region: 'us-east-1' },
        { queueName: 'payments-theirs', tags, accountId: OTHER_ACCOUNT },
        { queueName: 'billing-jobs', tags: { workload: 'billing' } },
      ],
    },
  });
}

describe('the fake SQS service', () => {
  it('creates, tags, lists, reads attributes of and deletes queues, as AWS does', async () => {
    const cloud = createFakeCloud();
    const { queueUrl } = (await cloud.aws.sqs.createQueue(REGION, 'orders', { team: 'a' }))._unsafeUnwrap();
    expect(queueUrl).toBe(urlOf('orders'));
    expect((await cloud.aws.sqs.createQueue(REGION, 'orders'))._unsafeUnwrap().queueUrl).toBe(queueUrl);
    (await cloud.aws.sqs.tagQueue(queueUrl, { workload: 'payments' }))._unsafeUnwrap();
    expect((await cloud.aws.sqs.listQueueTags(queueUrl))._unsafeUnwrap()).toEqual({ team: 'a', workload: 'payments' });
    expect((await cloud.aws.sqs.listQueues(REGION, { prefix: 'ord' }))._unsafeUnwrap().queueUrls).toEqual([queueUrl]);
    expect((await cloud.aws.sqs.getQueueAttributes(queueUrl))._unsafeUnwrap()).toMatchObject({
      queueArn: queue('orders'),
      approximateNumberOfMessages: 0,
    });
    (await cloud.aws.sqs.deleteQueue(queueUrl))._unsafeUnwrap();
    expect(cloud.source.queues()).toEqual([]);
    expect((await cloud.aws.sqs.listQueues(REGION))._unsafeUnwrap().queueUrls).toEqual([]);
  });

  it('answers QueueDoesNotExist (NotFound) for a missing queue, AccessDenied for unreadable tags', async () => {
    const cloud = world();
    const missing = await cloud.aws.sqs.getQueueAttributes(urlOf('nope'));
    expect(missing._unsafeUnwrapErr()).toMatchObject({ code: 'NotFound' });
    expect(missing._unsafeUnwrapErr().message).toMatch(/^QueueDoesNotExist:/);
    expect((await cloud.aws.sqs.deleteQueue(urlOf('nope')))._unsafeUnwrapErr().code).toBe('NotFound');
    expect((await cloud.aws.sqs.tagQueue(urlOf('nope'), {}))._unsafeUnwrapErr().code).toBe('NotFound');
    expect((await cloud.aws.sqs.listQueueTags(urlOf('payments-secret')))._unsafeUnwrapErr().code).toBe('AccessDenied');
  });
});

describe('SQS queues as a retirable kind', () => {
  it('is supported by the retirement port, with the traits of a plain type', () => {
    const cloud = world();
    expect(cloud.providers.retirement.supportedTypes).toContain(AWS_TYPES.queue);
    const traits = cloud.providers.inventory.resourceTypes.find((type) => type.type === AWS_TYPES.queue);
    expect(traits).toMatchObject({ stoppable: false, holdsData: false });
    expect(traits?.matchesArn(queue('payments-jobs'))).toBe(true);
    expect(traits?.matchesArn(`arn:aws:sns:${REGION}:${ACCOUNT}:payments-jobs`)).toBe(false);
    expect(queueUrlOf(queue('payments-jobs'))).toBe(urlOf('payments-jobs'));
  });

  it('is discovered by tag in its region, as the caller’s, with unreadable tags as null', async () => {
    const found = await discoverAll(world(), { tags });
    const queues = found.filter((resource) => resource.type === AWS_TYPES.queue);
    expect(queues.map((resource) => resource.arn).sort()).toEqual([queue('payments-jobs'), queue('payments-secret')]);
    expect(queues.find((resource) => resource.arn === queue('payments-secret'))?.tags).toBeNull();
  });

  it('is described with its tags and identity, and null once gone or for an unknown queue', async () => {
    const cloud = world();
    const described = (await cloud.providers.inventory.describe(queue('payments-jobs')))._unsafeUnwrap();
    expect(described).toMatchObject({
      arn: queue('payments-jobs'),
      type: AWS_TYPES.queue,
      accountId: ACCOUNT,
      region: REGION,
      name: 'payments-jobs',
      tags,
      state: 'available',
      protection: { deletion: false, stop: false },
      dependsOn: [],
    });
    expect(described?.resourceIdentity).toEqual(expect.any(String));
    expect((await cloud.providers.inventory.describe(queue('nope')))._unsafeUnwrap()).toBeNull();
    expect(
      (await cloud.providers.inventory.describe(queue('payments-theirs', OTHER_ACCOUNT)))._unsafeUnwrap(),
    ).toBeNull();
  });

  it('is deleted with DeleteQueue; reconcile says absent before and done after; a repeat finds it gone: done', async () => {
    const cloud = world();
    const remove = handler(cloud, 'resource.delete');
    const action = actionOn('resource.delete', queue('payments-jobs'), {}, AWS_TYPES.queue);
    const context = contextFor(cloud, action);
    expect((await remove.reconcile(action, context))._unsafeUnwrap()).toEqual({ status: 'absent' });
    const outcome = (await remove.execute(action, context))._unsafeUnwrap();
    expect(outcome).toMatchObject({ status: 'done', result: { queueUrl: urlOf('payments-jobs'), state: 'deleted' } });
    expect(cloud.source.queues().map((found) => found.queueName)).not.toContain('payments-jobs');
    expect((await cloud.providers.inventory.describe(queue('payments-jobs')))._unsafeUnwrap()).toBeNull();
    expect((await remove.reconcile(action, context))._unsafeUnwrap()).toMatchObject({
      status: 'done',
      result: { queueUrl: urlOf('payments-jobs'), state: 'deleted' },
    });
    const again = (await remove.execute(action, context))._unsafeUnwrap();
    expect(again).toMatchObject({ status: 'done', result: { alreadyGone: true } });
    expect(cloud.calls.of('DeleteQueue')).toHaveLength(2);
    expect(cloud.calls.mutating().filter((call) => call.operation !== 'DeleteQueue')).toEqual([]);
  });

  it('cannot be stopped, has no protection to lift, and refuses an ARN that is not a queue', async () => {
    const cloud = world();
    const stop = actionOn('resource.stop', queue('payments-jobs'), {}, AWS_TYPES.queue);
    expect((await handler(cloud, 'resource.stop').execute(stop, contextFor(cloud, stop)))._unsafeUnwrapErr().code).toBe(
      'InvalidInput',
    );
    const lift = actionOn('protection.lift', queue('payments-jobs'), {}, AWS_TYPES.queue);
    expect(
      (await handler(cloud, 'protection.lift').execute(lift, contextFor(cloud, lift)))._unsafeUnwrap(),
    ).toMatchObject({
      status: 'done',
    });
    const wrong = actionOn('resource.delete', `arn:aws:sqs:${REGION}:${ACCOUNT}:bad/name`, {}, AWS_TYPES.queue);
    expect(
      (await handler(cloud, 'resource.delete').execute(wrong, contextFor(cloud, wrong)))._unsafeUnwrapErr().code,
    ).toBe('InvalidInput');
    expect(cloud.calls.mutating()).toEqual([]);
  });
});
