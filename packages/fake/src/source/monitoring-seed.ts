import type { WorldState } from '../world.js';
import { hexOf, type Place } from './arns.js';
import type { MonitoringState } from './monitoring-types.js';
import type { CommonSeed } from './source-seed-types.js';
import type { FakeTaggedRecord } from './source-types.js';

/** An SNS topic, with the endpoints subscribed to it. */
export interface TopicSeed extends CommonSeed {
  readonly topicName: string;
  readonly subscriptions?: readonly string[];
}

/** An EventBridge rule of the default bus. */
export interface RuleSeed extends CommonSeed {
  readonly ruleName: string;
  /** Default `ENABLED`. */
  readonly state?: 'ENABLED' | 'DISABLED';
  /** Target ids. Default none. */
  readonly targets?: readonly string[];
  /** The AWS service that manages it (ManagedBy). Default none. */
  readonly managedBy?: string;
}

/** A CloudWatch Logs log group. */
export interface LogGroupSeed extends CommonSeed {
  readonly logGroupName: string;
  /** storedBytes; default 0. */
  readonly storedBytes?: number;
  /** deletionProtectionEnabled; default false. */
  readonly deletionProtection?: boolean;
}

/** A CloudWatch metric alarm. */
export interface AlarmSeed extends CommonSeed {
  readonly alarmName: string;
  /** What it notifies (SNS topic ARNs). Default none. */
  readonly actions?: readonly string[];
  /** A composite alarm's rule (`ALARM("payments-5xx")`). Default none: a metric alarm. */
  readonly rule?: string;
}

/** A Secrets Manager secret. */
export interface SecretSeed extends CommonSeed {
  readonly secretName: string;
  /** The service that owns it (OwningService). Default none. */
  readonly owningService?: string;
}

/** The seeds of the messaging, monitoring and secrets types. */
export interface MonitoringSeed {
  readonly topics?: readonly TopicSeed[];
  readonly rules?: readonly RuleSeed[];
  readonly logGroups?: readonly LogGroupSeed[];
  readonly alarms?: readonly AlarmSeed[];
  readonly secrets?: readonly SecretSeed[];
}

/** ARNs of these types, as AWS builds them. */
export const monitoringArns = {
  topic: (place: Place, name: string) => `arn:aws:sns:${place.region}:${place.accountId}:${name}`,
  rule: (place: Place, name: string) => `arn:aws:events:${place.region}:${place.accountId}:rule/${name}`,
  logGroup: (place: Place, name: string) => `arn:aws:logs:${place.region}:${place.accountId}:log-group:${name}`,
  alarm: (place: Place, name: string) => `arn:aws:cloudwatch:${place.region}:${place.accountId}:alarm:${name}`,
  /** A secret's ARN ends in six characters AWS picks: here derived from the name and place. */
  secret: (place: Place, name: string) =>
    `arn:aws:secretsmanager:${place.region}:${place.accountId}:secret:${name}-${hexOf(`secret/${place.region}/${name}`, 6)}`,
};

/** A tagged record of a seed: place defaults, name, tags. */
type RecordOf = (common: CommonSeed, arn: (place: Place) => string, name?: string) => FakeTaggedRecord;

/** Builds the topics, rules, log groups, alarms and secrets of a seed. */
export function monitoringStateFromSeed(seed: MonitoringSeed, recordOf: RecordOf, now: string): MonitoringState {
  return {
    topics: (seed.topics ?? []).map((topic) => ({
      ...recordOf(topic, (place) => monitoringArns.topic(place, topic.topicName), topic.topicName),
      topicName: topic.topicName,
      subscriptions: [...(topic.subscriptions ?? [])],
    })),
    rules: (seed.rules ?? []).map((rule) => ({
      ...recordOf(rule, (place) => monitoringArns.rule(place, rule.ruleName), rule.ruleName),
      ruleName: rule.ruleName,
      state: rule.state ?? 'ENABLED',
      targets: [...(rule.targets ?? [])],
      managedBy: rule.managedBy ?? null,
    })),
    logGroups: (seed.logGroups ?? []).map((group) => ({
      ...recordOf(group, (place) => monitoringArns.logGroup(place, group.logGroupName), group.logGroupName),
      logGroupName: group.logGroupName,
      createdAt: now,
      storedBytes: group.storedBytes ?? 0,
      deletionProtection: group.deletionProtection ?? false,
    })),
    alarms: (seed.alarms ?? []).map((alarm) => ({
      ...recordOf(alarm, (place) => monitoringArns.alarm(place, alarm.alarmName), alarm.alarmName),
      alarmName: alarm.alarmName,
      stateValue: 'OK' as const,
      actions: [...(alarm.actions ?? [])],
      rule: alarm.rule ?? null,
    })),
    secrets: (seed.secrets ?? []).map((secret) => ({
      ...recordOf(secret, (place) => monitoringArns.secret(place, secret.secretName), secret.secretName),
      secretName: secret.secretName,
      owningService: secret.owningService ?? null,
      deletedAt: null,
      recoveryWindowDays: null,
    })),
  };
}

/** Fills in what a world saved before these types were modelled lacks (none of them), for `restoreFakeCloud`. */
export function withMonitoringDefaults(state: WorldState): WorldState {
  const saved: Partial<MonitoringState> = state;
  return {
    ...state,
    topics: saved.topics ?? [],
    rules: saved.rules ?? [],
    logGroups: saved.logGroups ?? [],
    alarms: saved.alarms ?? [],
    secrets: saved.secrets ?? [],
  };
}
