import type { FakeTaggedRecord } from './source-types.js';

/** An SNS topic and the endpoints subscribed to it. DeleteTopic removes its subscriptions with it. */
export interface FakeTopic extends FakeTaggedRecord {
  readonly topicName: string;
  /** Subscription endpoints (an SQS queue ARN, an email address…). */
  subscriptions: string[];
}

/** An EventBridge rule of the default event bus. */
export interface FakeRule extends FakeTaggedRecord {
  readonly ruleName: string;
  state: 'ENABLED' | 'DISABLED';
  /** Target ids; DeleteRule is refused while any remains. */
  targets: string[];
  /** The AWS service that manages it (`ManagedBy`), null for one of the account's own. */
  readonly managedBy: string | null;
}

/** A CloudWatch Logs log group. */
export interface FakeLogGroup extends FakeTaggedRecord {
  readonly logGroupName: string;
  /** creationTime, as an ISO instant: tells it from another later created under the same name. */
  readonly createdAt: string;
  /** storedBytes. */
  readonly storedBytes: number;
  /** deletionProtectionEnabled: DeleteLogGroup is refused while on. */
  deletionProtection: boolean;
}

/** A CloudWatch alarm: a metric alarm, or a composite one when it has a `rule`. */
export interface FakeAlarm extends FakeTaggedRecord {
  readonly alarmName: string;
  readonly stateValue: 'OK' | 'ALARM' | 'INSUFFICIENT_DATA';
  /** What it notifies (AlarmActions, OKActions, InsufficientDataActions together): SNS topic ARNs. */
  readonly actions: string[];
  /** A composite alarm's AlarmRule (`ALARM("payments-5xx")`); null for a metric alarm. */
  readonly rule: string | null;
}

/** A Secrets Manager secret; one scheduled for deletion keeps `deletedAt` until its window ends. */
export interface FakeSecret extends FakeTaggedRecord {
  readonly secretName: string;
  /** The service that owns it (`OwningService`), null for one of the account's own. */
  readonly owningService: string | null;
  /** DeletedDate: set by DeleteSecret; the secret is restorable until `deletedAt` + `recoveryWindowDays`. */
  deletedAt: string | null;
  recoveryWindowDays: number | null;
}

/** The part of the world state holding these types. */
export interface MonitoringState {
  topics: FakeTopic[];
  rules: FakeRule[];
  logGroups: FakeLogGroup[];
  alarms: FakeAlarm[];
  secrets: FakeSecret[];
}
