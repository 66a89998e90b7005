import {
  CloudWatchClient,
  ListTagsForResourceCommand as CloudWatchListTagsCommand,
  DescribeAlarmsCommand,
} from '@aws-sdk/client-cloudwatch';
import {
  CloudWatchLogsClient,
  DeleteLogGroupCommand,
  DescribeLogGroupsCommand,
  ListTagsForResourceCommand as ListLogTagsCommand,
  PutLogGroupDeletionProtectionCommand,
} from '@aws-sdk/client-cloudwatch-logs';
import {
  DeleteRuleCommand,
  DescribeRuleCommand,
  EventBridgeClient,
  ListTagsForResourceCommand,
  ListTargetsByRuleCommand,
  RemoveTargetsCommand,
} from '@aws-sdk/client-eventbridge';
import { DeleteSecretCommand, DescribeSecretCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { awsSource } from '@decomkit/aws';
import { mockClient } from 'aws-sdk-client-mock';
import { describe, expect, it } from 'vitest';
import { alarmsInRule } from '../src/resources/cloudwatch-alarm.js';
import { actionOn, contextFor, handler } from './support/retirement-harness.js';

// moto can create neither a rule an AWS service manages (ManagedBy) nor a secret another service owns
// (OwningService), nor more than one page of targets, nor a replicated secret, nor composite alarms, and has no log group deletion
// protection: these run on aws-sdk-client-mock.

const REGION = 'eu-west-1';
const ACCOUNT = '111122223333';
const credentials = { accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: 'example' };

/** STS answering as the test account: describe checks the caller's account first. */
function callerSts(): STSClient {
  const sts = new STSClient({ region: REGION, credentials });
  mockClient(sts)
    .on(GetCallerIdentityCommand)
    .resolves({ Account: ACCOUNT, Arn: `arn:aws:iam::${ACCOUNT}:user/test`, UserId: 'AIDATEST' });
  return sts;
}

function rulesSource() {
  const events = new EventBridgeClient({ region: REGION, credentials });
  return {
    mock: mockClient(events),
    ports: awsSource({ region: REGION, credentials, clients: { events, sts: callerSts() } }),
  };
}

describe('EventBridge rules an AWS service manages, and custom buses (aws-sdk-client-mock)', () => {
  it('reports a managed rule protected; refuses its delete and its lift (Conflict) and sends nothing', async () => {
    const { mock, ports } = rulesSource();
    const arn = `arn:aws:events:${REGION}:${ACCOUNT}:rule/ecs-managed`;
    mock
      .on(DescribeRuleCommand)
      .resolves({ Name: 'ecs-managed', Arn: arn, State: 'ENABLED', ManagedBy: 'ecs.amazonaws.com' });
    mock.on(ListTagsForResourceCommand).resolves({ Tags: [{ Key: 'workload', Value: 'payments' }] });
    expect((await ports.inventory.describe(arn))._unsafeUnwrap()?.protection).toEqual({ deletion: true, stop: false });
    const remove = actionOn(arn, 'resource.delete');
    const refused = (
      await handler(ports.retirement, 'resource.delete').execute(remove, contextFor(remove))
    )._unsafeUnwrapErr();
    expect(refused).toMatchObject({
      code: 'Conflict',
      message: expect.stringContaining('managed by ecs.amazonaws.com'),
    });
    const lift = actionOn(arn, 'protection.lift');
    expect(
      (await handler(ports.retirement, 'protection.lift').execute(lift, contextFor(lift)))._unsafeUnwrapErr().code,
    ).toBe('Conflict');
    expect(mock.commandCalls(RemoveTargetsCommand)).toHaveLength(0);
    expect(mock.commandCalls(DeleteRuleCommand)).toHaveLength(0);
  });

  it('deletes a custom bus rule: every page of targets removed, 100 ids a call, then DeleteRule on that bus', async () => {
    const { mock, ports } = rulesSource();
    const arn = `arn:aws:events:${REGION}:${ACCOUNT}:rule/payments-bus/settle`;
    const ids = Array.from({ length: 150 }, (_, index) => `t${index}`);
    mock.on(DescribeRuleCommand).resolves({ Name: 'settle', Arn: arn, State: 'ENABLED', EventBusName: 'payments-bus' });
    mock
      .on(ListTargetsByRuleCommand, { Rule: 'settle', EventBusName: 'payments-bus', NextToken: undefined })
      .resolves({
        Targets: ids.slice(0, 120).map((Id) => ({ Id, Arn: 'arn:aws:sqs:eu-west-1:111122223333:q' })),
        NextToken: 'p2',
      })
      .on(ListTargetsByRuleCommand, { NextToken: 'p2' })
      .resolves({ Targets: ids.slice(120).map((Id) => ({ Id, Arn: 'arn:aws:sqs:eu-west-1:111122223333:q' })) });
    mock.on(RemoveTargetsCommand).resolves({ FailedEntryCount: 0 });
    mock.on(DeleteRuleCommand).resolves({});
    const remove = actionOn(arn, 'resource.delete');
    expect(
      (await handler(ports.retirement, 'resource.delete').execute(remove, contextFor(remove)))._unsafeUnwrap(),
    ).toMatchObject({
      status: 'done',
      result: { ruleId: 'payments-bus/settle', state: 'deleted' },
    });
    const removed = mock.commandCalls(RemoveTargetsCommand).map((call) => call.args[0].input);
    expect(removed.map((input) => input.Ids?.length)).toEqual([100, 50]);
    expect(removed.every((input) => input.EventBusName === 'payments-bus' && input.Rule === 'settle')).toBe(true);
    expect(mock.commandCalls(DeleteRuleCommand).map((call) => call.args[0].input)).toEqual([
      { Name: 'settle', EventBusName: 'payments-bus' },
    ]);
  });
});

describe('EventBridge targets that fail to go (aws-sdk-client-mock)', () => {
  it('answers a retryable ProviderFailure naming the target, and sends no DeleteRule', async () => {
    const { mock, ports } = rulesSource();
    const arn = `arn:aws:events:${REGION}:${ACCOUNT}:rule/payments-nightly`;
    mock.on(DescribeRuleCommand).resolves({ Name: 'payments-nightly', Arn: arn, State: 'ENABLED' });
    mock
      .on(ListTargetsByRuleCommand)
      .resolves({ Targets: [{ Id: 'jobs', Arn: 'arn:aws:sqs:eu-west-1:111122223333:q' }] });
    mock.on(RemoveTargetsCommand).resolves({
      FailedEntryCount: 1,
      FailedEntries: [{ TargetId: 'jobs', ErrorCode: 'ConcurrentModificationException' }],
    });
    const remove = actionOn(arn, 'resource.delete');
    const failed = (
      await handler(ports.retirement, 'resource.delete').execute(remove, contextFor(remove))
    )._unsafeUnwrapErr();
    expect(failed).toMatchObject({
      code: 'ProviderFailure',
      retryable: true,
      message: expect.stringContaining('jobs: ConcurrentModificationException'),
    });
    expect(mock.commandCalls(DeleteRuleCommand)).toHaveLength(0);
  });
});

describe('Secrets another service owns (aws-sdk-client-mock)', () => {
  it('reports an RDS-owned secret protected; refuses its delete (Conflict) and sends no DeleteSecret', async () => {
    const secretsmanager = new SecretsManagerClient({ region: REGION, credentials });
    const mock = mockClient(secretsmanager);
    const ports = awsSource({ region: REGION, credentials, clients: { secretsmanager, sts: callerSts() } });
    const arn = `arn:aws:secretsmanager:${REGION}:${ACCOUNT}:secret:rds!db-1a2b3c-AbCdEf`;
    mock.on(DescribeSecretCommand).resolves({ ARN: arn, Name: 'rds!db-1a2b3c', OwningService: 'rds', Tags: [] });
    expect((await ports.inventory.describe(arn))._unsafeUnwrap()?.protection.deletion).toBe(true);
    const remove = actionOn(arn, 'resource.delete');
    const refused = (
      await handler(ports.retirement, 'resource.delete').execute(remove, contextFor(remove))
    )._unsafeUnwrapErr();
    expect(refused).toMatchObject({ code: 'Conflict', message: expect.stringContaining('managed by rds') });
    expect(mock.commandCalls(DeleteSecretCommand)).toHaveLength(0);
  });
});

describe('Composite alarms (aws-sdk-client-mock: moto has no PutCompositeAlarm)', () => {
  it('reads the alarms a rule names; an alarm depends on the composite alarms whose rules name it', async () => {
    expect(alarmsInRule('ALARM("payments-5xx") OR (OK(payments-latency) AND INSUFFICIENT_DATA( "x" ))')).toEqual([
      'payments-5xx',
      'payments-latency',
      'x',
    ]);
    const cloudwatch = new CloudWatchClient({ region: REGION, credentials });
    const mock = mockClient(cloudwatch);
    const ports = awsSource({ region: REGION, credentials, clients: { cloudwatch, sts: callerSts() } });
    const arn = (name: string) => `arn:aws:cloudwatch:${REGION}:${ACCOUNT}:alarm:${name}`;
    mock
      .on(DescribeAlarmsCommand)
      .resolves({ MetricAlarms: [{ AlarmName: 'payments-5xx', AlarmArn: arn('payments-5xx'), StateValue: 'OK' }] })
      .on(DescribeAlarmsCommand, { AlarmTypes: ['CompositeAlarm'] })
      .resolves({
        CompositeAlarms: [
          { AlarmName: 'payments-health', AlarmArn: arn('payments-health'), AlarmRule: 'ALARM("payments-5xx")' },
          { AlarmName: 'billing-health', AlarmArn: arn('billing-health'), AlarmRule: `ALARM(${arn('payments-5xx')})` },
          { AlarmName: 'other-health', AlarmArn: arn('other-health'), AlarmRule: 'ALARM("payments-5xx-old")' },
        ],
      });
    mock.on(CloudWatchListTagsCommand).resolves({ Tags: [{ Key: 'workload', Value: 'payments' }] });
    expect((await ports.inventory.describe(arn('payments-5xx')))._unsafeUnwrap()?.dependsOn).toEqual([
      arn('payments-health'),
      arn('billing-health'),
    ]);
  });
});

describe('Secrets replicated to other regions (aws-sdk-client-mock)', () => {
  it('refuses the delete (Conflict) naming the replica regions, and never removes them', async () => {
    const secretsmanager = new SecretsManagerClient({ region: REGION, credentials });
    const mock = mockClient(secretsmanager);
    const ports = awsSource({ region: REGION, credentials, clients: { secretsmanager, sts: callerSts() } });
    const arn = `arn:aws:secretsmanager:${REGION}:${ACCOUNT}:secret:payments/db-AbCdEf`;
    mock.on(DescribeSecretCommand).resolves({
      ARN: arn,
      Name: 'payments/db',
      ReplicationStatus: [{ Region: 'us-east-1', Status: 'InSync' }],
    });
    const remove = actionOn(arn, 'resource.delete');
    const refused = (
      await handler(ports.retirement, 'resource.delete').execute(remove, contextFor(remove))
    )._unsafeUnwrapErr();
    expect(refused).toMatchObject({ code: 'Conflict', message: expect.stringContaining('replicated to us-east-1') });
    expect(mock.commandCalls(DeleteSecretCommand)).toHaveLength(0);
  });
});

describe('Log groups under deletion protection (aws-sdk-client-mock)', () => {
  it('reports the protection, refuses the delete (Conflict, nothing sent) until the lift turns it off', async () => {
    const logs = new CloudWatchLogsClient({ region: REGION, credentials });
    const mock = mockClient(logs);
    const ports = awsSource({ region: REGION, credentials, clients: { logs, sts: callerSts() } });
    const arn = `arn:aws:logs:${REGION}:${ACCOUNT}:log-group:/payments/audit`;
    let protectedNow = true;
    mock.on(DescribeLogGroupsCommand).callsFake(() => ({
      logGroups: [
        { logGroupName: '/payments/audit', creationTime: 1_765_000_000_000, deletionProtectionEnabled: protectedNow },
      ],
    }));
    mock.on(ListLogTagsCommand).resolves({ tags: { workload: 'payments' } });
    mock.on(PutLogGroupDeletionProtectionCommand).callsFake(() => {
      protectedNow = false;
      return {};
    });
    mock.on(DeleteLogGroupCommand).resolves({});
    expect((await ports.inventory.describe(arn))._unsafeUnwrap()?.protection.deletion).toBe(true);
    const remove = actionOn(arn, 'resource.delete');
    const deleter = handler(ports.retirement, 'resource.delete');
    expect((await deleter.execute(remove, contextFor(remove)))._unsafeUnwrapErr().code).toBe('Conflict');
    expect(mock.commandCalls(DeleteLogGroupCommand)).toHaveLength(0);
    const lift = actionOn(arn, 'protection.lift');
    const lifter = handler(ports.retirement, 'protection.lift');
    expect((await lifter.reconcile(lift, contextFor(lift)))._unsafeUnwrap()).toEqual({ status: 'absent' });
    expect((await lifter.execute(lift, contextFor(lift)))._unsafeUnwrap().status).toBe('done');
    expect(mock.commandCalls(PutLogGroupDeletionProtectionCommand).map((call) => call.args[0].input)).toEqual([
      { logGroupIdentifier: '/payments/audit', deletionProtectionEnabled: false },
    ]);
    expect((await lifter.reconcile(lift, contextFor(lift)))._unsafeUnwrap().status).toBe('done');
    expect((await deleter.execute(remove, contextFor(remove)))._unsafeUnwrap().status).toBe('done');
    expect(mock.commandCalls(DeleteLogGroupCommand)).toHaveLength(1);
  });
});
