import { DescribeRuleCommand } from '@aws-sdk/client-eventbridge';
import { CreateTopicCommand, ListSubscriptionsCommand, SubscribeCommand } from '@aws-sdk/client-sns';
import { AWS_RESOURCE_TYPES, EVENTBRIDGE_RULE, SNS_TOPIC } from '@decomkit/aws';
import { beforeEach, describe, expect, it } from 'vitest';
import { ruleIdOf } from '../src/resources/eventbridge-rule.js';
import { topicNameOf } from '../src/resources/sns-topic.js';
import { motoClients, mutatingRequests, resetMoto, TEST_REGION, withOwnMoto } from './support/moto.js';
import { putAlarm, putRule } from './support/moto-monitoring-fixtures.js';
import { MOTO_ACCOUNT_ID } from './support/moto-server.js';
import { actionOn, discoverAll, portsOn, reconcile, run, tagList } from './support/retirement-harness.js';

withOwnMoto();

const tags = { workload: 'payments' };
const topicArn = (name: string) => `arn:aws:sns:${TEST_REGION}:${MOTO_ACCOUNT_ID}:${name}`;
const ruleArn = (name: string) => `arn:aws:events:${TEST_REGION}:${MOTO_ACCOUNT_ID}:rule/${name}`;
const alarmArn = (name: string) => `arn:aws:cloudwatch:${TEST_REGION}:${MOTO_ACCOUNT_ID}:alarm:${name}`;

async function seedTopic(name: string, topicTags: Record<string, string>): Promise<string> {
  const sns = motoClients().get('sns', TEST_REGION);
  const created = await sns.send(new CreateTopicCommand({ Name: name, Tags: tagList(topicTags) }));
  await sns.send(
    new SubscribeCommand({ TopicArn: created.TopicArn, Protocol: 'email', Endpoint: `${name}@example.com` }),
  );
  return created.TopicArn ?? '';
}

describe('SNS topics (on moto)', () => {
  beforeEach(resetMoto);

  it('reads the topic name from a topic ARN only (not a subscription)', () => {
    expect(topicNameOf(topicArn('payments-alerts'))).toBe('payments-alerts');
    expect(topicNameOf(topicArn('payments-alerts.fifo'))).toBe('payments-alerts.fifo');
    expect(topicNameOf(`${topicArn('payments-alerts')}:6d2b0a4c-1f3e-4a5b-9c8d-7e6f5a4b3c2d`)).toBeNull();
    expect(topicNameOf(`arn:aws:sqs:${TEST_REGION}:${MOTO_ACCOUNT_ID}:payments-alerts`)).toBeNull();
    expect(AWS_RESOURCE_TYPES).toContain(SNS_TOPIC);
    expect(SNS_TOPIC).toMatchObject({ type: 'AWS::SNS::Topic', stoppable: false, holdsData: false });
  });

  it('is discovered by tag (not a look-alike) and depends on the alarms that notify it', async () => {
    await seedTopic('payments-alerts', tags);
    await seedTopic('archive-alerts', { workload: 'payments-archive' });
    // Another workload's alarm: the topic depends on it all the same.
    await putAlarm(motoClients(), TEST_REGION, 'billing-5xx', { workload: 'billing' }, [topicArn('payments-alerts')]);
    const found = await discoverAll(portsOn([SNS_TOPIC]));
    expect([...found.keys()]).toEqual([topicArn('payments-alerts')]);
    expect(found.get(topicArn('payments-alerts'))).toMatchObject({
      type: 'AWS::SNS::Topic',
      name: 'payments-alerts',
      tags,
      protection: { deletion: false, stop: false },
      dependsOn: [alarmArn('billing-5xx')],
    });
  });

  it('is deleted with its subscriptions (DeleteTopic), reconciled before and after; a repeat is done', async () => {
    await seedTopic('payments-alerts', tags);
    await seedTopic('archive-alerts', { workload: 'payments-archive' });
    const { retirement } = portsOn([SNS_TOPIC]);
    const remove = actionOn(topicArn('payments-alerts'), 'resource.delete');
    expect(await reconcile(retirement, remove)).toEqual({ status: 'absent' });
    expect((await run(retirement, remove))._unsafeUnwrap()).toEqual({
      status: 'done',
      result: { topicName: 'payments-alerts', state: 'deleted' },
    });
    const subscriptions = await motoClients().get('sns', TEST_REGION).send(new ListSubscriptionsCommand({}));
    expect((subscriptions.Subscriptions ?? []).map((subscription) => subscription.TopicArn)).toEqual([
      topicArn('archive-alerts'),
    ]);
    expect(await reconcile(retirement, remove)).toMatchObject({ status: 'done', result: { state: 'deleted' } });
    expect((await run(retirement, remove))._unsafeUnwrap().status).toBe('done');
    const mutating = (await mutatingRequests()).filter(
      (request) => !['CreateTopic', 'Subscribe'].includes(request.action ?? ''),
    );
    expect(mutating.map((request) => request.action)).toEqual(['DeleteTopic', 'DeleteTopic']);
  });
});

describe('EventBridge rules (on moto)', () => {
  beforeEach(resetMoto);

  it('reads the rule id of the default and of a custom bus; refuses other ARNs', () => {
    expect(ruleIdOf(ruleArn('payments-nightly'))).toBe('payments-nightly');
    expect(ruleIdOf(ruleArn('payments-bus/payments-nightly'))).toBe('payments-bus/payments-nightly');
    expect(ruleIdOf(ruleArn('aws.partner/vendor/bus/nightly'))).toBeNull();
    expect(ruleIdOf(`arn:aws:events:${TEST_REGION}:${MOTO_ACCOUNT_ID}:event-bus/payments-bus`)).toBeNull();
    expect(EVENTBRIDGE_RULE).toMatchObject({ type: 'AWS::Events::Rule', stoppable: true, holdsData: false });
    const place = { accountId: MOTO_ACCOUNT_ID, region: TEST_REGION };
    expect(EVENTBRIDGE_RULE.arnOfPhysicalId(place, 'payments-nightly')).toBe(ruleArn('payments-nightly'));
    expect(EVENTBRIDGE_RULE.arnOfPhysicalId(place, 'payments-bus|settle')).toBe(ruleArn('payments-bus/settle'));
  });

  it('is discovered by its tags through ListRules (moto’s tagging API lists no rules), not a look-alike', async () => {
    await putRule(motoClients(), TEST_REGION, 'payments-nightly', tags);
    await putRule(motoClients(), TEST_REGION, 'archive-nightly', { workload: 'payments-archive' });
    const found = await discoverAll(portsOn([EVENTBRIDGE_RULE]));
    expect([...found.keys()]).toEqual([ruleArn('payments-nightly')]);
    expect(found.get(ruleArn('payments-nightly'))).toMatchObject({
      name: 'payments-nightly',
      tags,
      state: 'ENABLED',
      protection: { deletion: false, stop: false },
    });
  });

  it('is stopped by DisableRule (the scream test), then deleted: RemoveTargets before DeleteRule', async () => {
    await putRule(motoClients(), TEST_REGION, 'payments-nightly', tags);
    const { retirement, inventory } = portsOn([EVENTBRIDGE_RULE]);
    const stop = actionOn(ruleArn('payments-nightly'), 'resource.stop');
    expect(await reconcile(retirement, stop)).toEqual({ status: 'absent' });
    expect((await run(retirement, stop))._unsafeUnwrap()).toMatchObject({
      status: 'done',
      result: { state: 'stopped' },
    });
    expect(await reconcile(retirement, stop)).toMatchObject({ status: 'done' });
    expect((await inventory.describe(ruleArn('payments-nightly')))._unsafeUnwrap()?.state).toBe('stopped');
    const remove = actionOn(ruleArn('payments-nightly'), 'resource.delete');
    expect(await reconcile(retirement, remove)).toEqual({ status: 'absent' });
    expect((await run(retirement, remove))._unsafeUnwrap()).toMatchObject({
      status: 'done',
      result: { ruleId: 'payments-nightly', state: 'deleted' },
    });
    await expect(
      motoClients()
        .get('events', TEST_REGION)
        .send(new DescribeRuleCommand({ Name: 'payments-nightly' })),
    ).rejects.toThrow();
    expect(await reconcile(retirement, remove)).toMatchObject({ status: 'done' });
    expect((await run(retirement, remove))._unsafeUnwrap()).toMatchObject({ result: { alreadyGone: true } });
    const mutating = (await mutatingRequests()).filter(
      (request) => !['PutRule', 'PutTargets'].includes(request.action ?? ''),
    );
    expect(mutating.map((request) => request.action)).toEqual(['DisableRule', 'RemoveTargets', 'DeleteRule']);
    expect(mutating[1]?.body).toContain('"Ids":["jobs"]');
  });
});
