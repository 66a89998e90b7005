import { AWS_TYPES, createFakeCloud, type FakeCloud, LOGICAL_ID_TAG } from '@decomkit/fake';
import { STACK_NAME_TAG } from '@decomkit/provider-kit';
import { describe, expect, it } from 'vitest';
import { actionOn, arn, contextFor, discoverAll, handler, runToEnd } from './support.js';

const tags = { workload: 'payments' };
const inStack = (name: string, logicalId: string) => ({ ...tags, [STACK_NAME_TAG]: name, [LOGICAL_ID_TAG]: logicalId });

/** A stack `payments` of an instance, a volume it retains and a bucket; `other` holds a billing instance. */
function world(seed: { deleteFailure?: string; terminationProtection?: boolean } = {}) {
  return createFakeCloud({
    source: {
      instances: [
        { id: 'i-web', tags: inStack('payments', 'Web') },
        { id: 'i-free', tags },
        { id: 'i-billing', tags: { workload: 'billing', [STACK_NAME_TAG]: 'other' } },
      ],
      volumes: [{ id: 'vol-data', tags: inStack('payments', 'Data') }],
      buckets: [{ bucketName: 'payments-assets', tags: inStack('payments', 'Assets') }],
      stacks: [
        { stackName: 'payments', tags, retain: ['Data'], ...seed },
        { stackName: 'other', tags },
      ],
    },
  });
}

function stackOf(cloud: FakeCloud, name: string) {
  const stack = cloud.source.stacks().find((candidate) => candidate.stackName === name);
  if (stack === undefined) throw new Error(`no stack ${name}`);
  return stack;
}

const BUCKET = 'arn:aws:s3:::payments-assets';
/** What the stack `payments` deletes: what the plan takes along. */
const ALONG = [arn.instance('i-web'), BUCKET];

describe('CloudFormation stacks in the fake cloud', () => {
  it('discovers a stack with its resources and what its template retains, by tag and by the stacks selector', async () => {
    const cloud = world();
    const stackArn = stackOf(cloud, 'payments').arn;
    const byTag = await discoverAll(cloud, { tags });
    const stack = byTag.find((resource) => resource.type === AWS_TYPES.stack && resource.name === 'payments');
    expect(stack?.arn).toBe(stackArn);
    expect(stack?.arn).toMatch(/^arn:aws:cloudformation:eu-west-1:111122223333:stack\/payments\/[0-9a-f-]{36}$/);
    expect(stack?.stackResources).toEqual([
      { arn: arn.instance('i-web'), logicalId: 'Web', retained: false },
      { arn: arn.volume('vol-data'), logicalId: 'Data', retained: true },
      { arn: BUCKET, logicalId: 'Assets', retained: false },
    ]);
    const bySelector = await discoverAll(cloud, { stacks: ['other'] });
    expect(bySelector.map((resource) => resource.arn)).toEqual([
      arn.instance('i-billing'),
      stackOf(cloud, 'other').arn,
    ]);
    expect(cloud.providers.retirement.supportedTypes).toContain(AWS_TYPES.stack);
    expect(cloud.providers.inventory.resourceTypes.find((type) => type.type === AWS_TYPES.stack)).toMatchObject({
      stoppable: false,
      holdsData: false,
    });
  });

  it('deletes the stack with DeleteStack: its resources go, the retained one stays, the events are the evidence', async () => {
    const cloud = world();
    const stackArn = stackOf(cloud, 'payments').arn;
    const result = await runToEnd(cloud, actionOn('resource.delete', stackArn, { dependentArns: ALONG }));
    expect(result).toMatchObject({ stack: stackArn, state: 'deleted', retained: ['Data'] });
    const events = result.events as { logicalId: string; status: string }[];
    expect(events.map((event) => `${event.logicalId} ${event.status}`)).toEqual([
      'payments DELETE_IN_PROGRESS',
      'Web DELETE_COMPLETE',
      'Data DELETE_SKIPPED',
      'Assets DELETE_COMPLETE',
      'payments DELETE_COMPLETE',
    ]);
    expect(cloud.source.instance('i-web').state).toBe('terminated');
    expect(cloud.source.instance('i-free').state).toBe('running');
    expect(cloud.source.volumes().map((volume) => volume.id)).toEqual(['vol-data']);
    expect(cloud.source.buckets()).toEqual([]);
    expect(stackOf(cloud, 'payments').status).toBe('DELETE_COMPLETE');
    // The resources went with the stack: no call deleted one of them on its own.
    const mutating = cloud.calls.all().filter((call) => call.mutating);
    expect(mutating.map((call) => `${call.service}:${call.operation}`)).toEqual(['cloudformation:DeleteStack']);
    expect((await discoverAll(cloud, { tags })).some((resource) => resource.arn === stackArn)).toBe(false);
  });

  it('refuses DeleteStack (nothing sent) when the stack would delete what the plan did not take along, or no longer deletes what it did', async () => {
    const cloud = world();
    const stackArn = stackOf(cloud, 'payments').arn;
    const remove = handler(cloud, 'resource.delete');
    for (const dependentArns of [[arn.instance('i-web')], [...ALONG, arn.volume('vol-data')]]) {
      const action = actionOn('resource.delete', stackArn, { dependentArns });
      const refused = await remove.execute(action, contextFor(cloud, action));
      expect(refused._unsafeUnwrapErr()).toMatchObject({ code: 'Conflict', resource: stackArn });
    }
    expect(cloud.calls.all().filter((call) => call.mutating)).toEqual([]);
    expect(stackOf(cloud, 'payments').status).toBe('CREATE_COMPLETE');
  });

  it('reconciles after a crash: absent before DeleteStack, pending while it runs, done with the events after', async () => {
    const cloud = world();
    const stackArn = stackOf(cloud, 'payments').arn;
    const action = actionOn('resource.delete', stackArn, { dependentArns: ALONG });
    const remove = handler(cloud, 'resource.delete');
    const reconcile = remove.reconcile;
    if (reconcile === undefined) throw new Error('the stack delete must reconcile');
    expect((await reconcile(action, contextFor(cloud, action)))._unsafeUnwrap()).toEqual({ status: 'absent' });
    // The process dies right after DeleteStack was sent.
    expect((await remove.execute(action, contextFor(cloud, action)))._unsafeUnwrap().status).toBe('pending');
    expect((await reconcile(action, contextFor(cloud, action)))._unsafeUnwrap().status).toBe('pending');
    cloud.clock.advance(10 * 60_000);
    const after = (await reconcile(action, contextFor(cloud, action)))._unsafeUnwrap();
    expect(after).toMatchObject({ status: 'done', result: { stack: stackArn, state: 'deleted', retained: ['Data'] } });
    // A second execute (at-least-once) finds it gone and sends nothing.
    const again = (await remove.execute(action, contextFor(cloud, action)))._unsafeUnwrap();
    expect(again).toEqual({ status: 'done', result: { stack: stackArn, alreadyGone: true } });
    expect(cloud.calls.all().filter((call) => call.operation === 'DeleteStack')).toHaveLength(1);
  });

  it('fails a delete that ends DELETE_FAILED with the reason, deleting nothing; termination protection refuses it until lifted', async () => {
    const failing = world({ deleteFailure: 'Web: resource in use' });
    const failingArn = stackOf(failing, 'payments').arn;
    const remove = handler(failing, 'resource.delete');
    const action = actionOn('resource.delete', failingArn, { dependentArns: ALONG });
    const started = (await remove.execute(action, contextFor(failing, action)))._unsafeUnwrap();
    expect(started.status).toBe('pending');
    failing.clock.advance(10 * 60_000);
    const error = (await remove.poll?.(action, { stack: failingArn }, contextFor(failing, action)))?._unsafeUnwrapErr();
    expect(error).toMatchObject({ code: 'ProviderFailure', retryable: false });
    expect(error?.message).toContain('DELETE_FAILED: Web: resource in use');
    expect(failing.source.instance('i-web').state).toBe('running');

    const locked = world({ terminationProtection: true });
    const lockedArn = stackOf(locked, 'payments').arn;
    const [stack] = (await discoverAll(locked, { stacks: ['payments'] })).filter((r) => r.arn === lockedArn);
    expect(stack?.protection).toEqual({ deletion: true, stop: false });
    const deleteAction = actionOn('resource.delete', lockedArn, { dependentArns: ALONG });
    const refused = await handler(locked, 'resource.delete').execute(deleteAction, contextFor(locked, deleteAction));
    expect(refused._unsafeUnwrapErr()).toMatchObject({ code: 'Conflict' });
    expect(refused._unsafeUnwrapErr().message).toContain('TerminationProtection');
    await runToEnd(locked, actionOn('protection.lift', lockedArn));
    expect(stackOf(locked, 'payments').terminationProtection).toBe(false);
    await runToEnd(locked, deleteAction);
    expect(locked.source.instance('i-web').state).toBe('terminated');
  });

  it('takes injected faults through world.call like every fake service', async () => {
    const cloud = world();
    const stackArn = stackOf(cloud, 'payments').arn;
    cloud.faults.inject({ service: 'cloudformation', operation: 'DeleteStack', error: 'throttled', times: 1 });
    const action = actionOn('resource.delete', stackArn, { dependentArns: ALONG });
    const remove = handler(cloud, 'resource.delete');
    expect((await remove.execute(action, contextFor(cloud, action)))._unsafeUnwrapErr().code).toBe('Throttled');
    expect(stackOf(cloud, 'payments').status).toBe('CREATE_COMPLETE');
    expect((await runToEnd(cloud, action)).state).toBe('deleted');
  });
});
