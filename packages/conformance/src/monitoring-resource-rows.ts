import { type ResourceRowSpec, resourceFixture, worldArn } from './resource-row-spec.js';

const TOPIC = 'AWS::SNS::Topic';
const RULE = 'AWS::Events::Rule';
const LOG_GROUP = 'AWS::Logs::LogGroup';
const ALARM = 'AWS::CloudWatch::Alarm';
const SECRET = 'AWS::SecretsManager::Secret';

/**
 * The messaging, monitoring and secrets rows: SNS topic, EventBridge rule
 * (stoppable: DisableRule is its scream test), CloudWatch Logs log group,
 * CloudWatch alarm and Secrets Manager secret (deleted with a recovery window:
 * once scheduled it reads as gone). None has deletion protection a lift
 * could turn off: the rows have no `protectedNames`. A secret's ARN ends in
 * characters the service picks, so the row's oracle names each fixture's ARN.
 */
export const MONITORING_RESOURCE_ROWS: readonly ResourceRowSpec[] = [
  {
    type: TOPIC,
    fixtures: [resourceFixture(TOPIC, 'payments-alerts', 'payments'), resourceFixture(TOPIC, 'archive-alerts', null)],
    arnOf: (name) => worldArn('sns', name),
    missing: 'payments-missing',
    // A subscription's ARN, and one that names no account.
    wrongArns: [
      worldArn('sns', 'payments-alerts:6d2b0a4c-1f3e-4a5b-9c8d-7e6f5a4b3c2d'),
      'arn:aws:sns:eu-west-1::payments-alerts',
    ],
    deletable: 'payments-alerts',
  },
  {
    type: RULE,
    fixtures: [
      resourceFixture(RULE, 'payments-nightly', 'payments'),
      resourceFixture(RULE, 'archive-nightly', 'payments-archive'),
    ],
    arnOf: (name) => worldArn('events', `rule/${name}`),
    missing: 'payments-missing',
    wrongArns: [worldArn('events', 'event-bus/payments-nightly'), worldArn('events', 'rule/payments/nightly/extra')],
    deletable: 'payments-nightly',
    stoppable: true,
  },
  {
    type: LOG_GROUP,
    fixtures: [
      resourceFixture(LOG_GROUP, '/payments/api', 'payments'),
      resourceFixture(LOG_GROUP, '/archive/api', 'payments-archive'),
    ],
    arnOf: (name) => worldArn('logs', `log-group:${name}`),
    missing: '/payments/missing',
    // DescribeLogGroups' `:*` form and a stream of the group.
    wrongArns: [
      worldArn('logs', 'log-group:/payments/api:*'),
      worldArn('logs', 'log-group:/payments/api:log-stream:web'),
    ],
    deletable: '/payments/api',
  },
  {
    type: ALARM,
    fixtures: [resourceFixture(ALARM, 'payments-5xx', 'payments'), resourceFixture(ALARM, 'archive-5xx', null)],
    arnOf: (name) => worldArn('cloudwatch', `alarm:${name}`),
    missing: 'payments-missing',
    wrongArns: [
      worldArn('cloudwatch', 'alarm:payments-5xx:extra'),
      worldArn('cloudwatch', 'insight-rule/payments-5xx'),
    ],
    deletable: 'payments-5xx',
  },
  {
    type: SECRET,
    fixtures: [
      resourceFixture(SECRET, 'payments-db', 'payments'),
      resourceFixture(SECRET, 'archive-db', 'payments-archive'),
    ],
    arnOf: (name) => worldArn('secretsmanager', `secret:${name}-AbCdEf`),
    missing: 'payments-missing',
    wrongArns: [
      worldArn('secretsmanager', 'secret:payments-db-AbCdEf:extra'),
      worldArn('secretsmanager', 'payments-db'),
    ],
    deletable: 'payments-db',
  },
];
