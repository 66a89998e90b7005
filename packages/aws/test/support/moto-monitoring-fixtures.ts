import { DescribeAlarmsCommand, PutMetricAlarmCommand } from '@aws-sdk/client-cloudwatch';
import { CreateLogGroupCommand, DescribeLogGroupsCommand } from '@aws-sdk/client-cloudwatch-logs';
import { DescribeRuleCommand, PutRuleCommand, PutTargetsCommand } from '@aws-sdk/client-eventbridge';
import { CreateSecretCommand, DescribeSecretCommand } from '@aws-sdk/client-secrets-manager';
import { CreateTopicCommand, GetTopicAttributesCommand } from '@aws-sdk/client-sns';
import type { AwsClients } from '@decomkit/aws';
import { type MotoFixtureType, orGone, tagList, unprotected } from './moto-fixture-type.js';
import { MOTO_ACCOUNT_ID } from './moto-server.js';

/** A metric alarm on an ALB's 5XX count, notifying `actions`. */
export async function putAlarm(
  clients: AwsClients,
  region: string,
  name: string,
  tags: Readonly<Record<string, string>>,
  actions: readonly string[] = [],
): Promise<string> {
  await clients.get('cloudwatch', region).send(
    new PutMetricAlarmCommand({
      AlarmName: name,
      Namespace: 'AWS/ApplicationELB',
      MetricName: 'HTTPCode_Target_5XX_Count',
      Statistic: 'Sum',
      Period: 60,
      EvaluationPeriods: 1,
      Threshold: 1,
      ComparisonOperator: 'GreaterThanThreshold',
      AlarmActions: [...actions],
      Tags: tagList(tags),
    }),
  );
  return `arn:aws:cloudwatch:${region}:${MOTO_ACCOUNT_ID}:alarm:${name}`;
}

/** A scheduled rule of the default bus with one target (a queue ARN: moto does not check it). */
export async function putRule(
  clients: AwsClients,
  region: string,
  name: string,
  tags: Readonly<Record<string, string>>,
): Promise<string> {
  const events = clients.get('events', region);
  const created = await events.send(
    new PutRuleCommand({ Name: name, ScheduleExpression: 'rate(1 day)', Tags: tagList(tags) }),
  );
  await events.send(
    new PutTargetsCommand({
      Rule: name,
      Targets: [{ Id: 'jobs', Arn: `arn:aws:sqs:${region}:${MOTO_ACCOUNT_ID}:${name}-jobs` }],
    }),
  );
  return created.RuleArn ?? '';
}

/**
 * The messaging, monitoring and secrets types of the infrastructure rows in
 * moto: an SNS topic, a scheduled EventBridge rule with one target, a log
 * group, a metric alarm, a secret (read as gone once scheduled for deletion).
 */
export const MOTO_MONITORING_FIXTURES: Readonly<Record<string, MotoFixtureType>> = {
  'AWS::SNS::Topic': {
    seed: async (clients, region, fixture) => {
      const created = await clients
        .get('sns', region)
        .send(new CreateTopicCommand({ Name: fixture.name, Tags: tagList(fixture.tags) }));
      return { id: created.TopicArn ?? '', arn: created.TopicArn ?? '' };
    },
    read: (clients, region, arn) =>
      orGone(['NotFoundException', 'NotFound'], async () => {
        await clients.get('sns', region).send(new GetTopicAttributesCommand({ TopicArn: arn }));
        return unprotected('available');
      }),
  },
  'AWS::Events::Rule': {
    seed: async (clients, region, fixture) => ({
      id: fixture.name,
      arn: await putRule(clients, region, fixture.name, fixture.tags),
    }),
    read: (clients, region, name) =>
      orGone(['ResourceNotFoundException'], async () => {
        const rule = await clients.get('events', region).send(new DescribeRuleCommand({ Name: name }));
        return unprotected(rule.State === 'DISABLED' ? 'stopped' : 'enabled');
      }),
  },
  'AWS::Logs::LogGroup': {
    seed: async (clients, region, fixture) => {
      await clients
        .get('logs', region)
        .send(new CreateLogGroupCommand({ logGroupName: fixture.name, tags: { ...fixture.tags } }));
      return { id: fixture.name, arn: `arn:aws:logs:${region}:${MOTO_ACCOUNT_ID}:log-group:${fixture.name}` };
    },
    read: async (clients, region, name) => {
      const found = await clients.get('logs', region).send(new DescribeLogGroupsCommand({ logGroupNamePrefix: name }));
      return found.logGroups?.some((group) => group.logGroupName === name) === true ? unprotected('available') : null;
    },
  },
  'AWS::CloudWatch::Alarm': {
    seed: async (clients, region, fixture) => ({
      id: fixture.name,
      arn: await putAlarm(clients, region, fixture.name, fixture.tags),
    }),
    read: async (clients, region, name) => {
      const found = await clients.get('cloudwatch', region).send(new DescribeAlarmsCommand({ AlarmNames: [name] }));
      const alarm = found.MetricAlarms?.[0];
      return alarm === undefined ? null : unprotected(alarm.StateValue ?? 'unknown');
    },
  },
  'AWS::SecretsManager::Secret': {
    seed: async (clients, region, fixture) => {
      const created = await clients.get('secretsmanager', region).send(
        new CreateSecretCommand({
          Name: fixture.name,
          SecretString: 'not-a-real-secret',
          Tags: tagList(fixture.tags),
        }),
      );
      return { id: created.ARN ?? '', arn: created.ARN ?? '' };
    },
    read: (clients, region, arn) =>
      orGone(['ResourceNotFoundException'], async () => {
        const secret = await clients.get('secretsmanager', region).send(new DescribeSecretCommand({ SecretId: arn }));
        // Scheduled for deletion: gone (only RestoreSecret brings it back).
        return secret.DeletedDate === undefined ? unprotected('available') : null;
      }),
  },
};
