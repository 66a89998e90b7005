import { type DecomError, errAsync, okAsync, type Resource, ResultAsync } from '@decomkit/core';
import { regionOf } from '../source/arns.js';
import type { FakeCloudWatchAlarms } from '../source/cloudwatch-alarms.js';
import { AWS_TYPES } from '../source/resource-types.js';
import type { FakeSns } from '../source/sns.js';
import type { FakeTagging } from '../source/tagging.js';
import { defineFakeResourceKind } from './define-fake-resource-kind.js';
import { claimsOn, goneAsNull, goneRead, type ResourceKind } from './resource-kind.js';

const TYPE = AWS_TYPES.topic;
const TOPIC_ARN = /^arn:aws[a-z-]*:sns:[a-z0-9-]+:\d{12}:[A-Za-z0-9_-]{1,256}(?:\.fifo)?$/;

/** The topic ARN itself when `arn` is an SNS topic ARN (not a subscription), or null: SNS calls name topics by ARN. */
export function topicArnOf(arn: string): string | null {
  return TOPIC_ARN.test(arn) ? arn : null;
}

/**
 * SNS topics, as the AWS provider treats them: found through the tagging API,
 * described with GetTopicAttributes + ListTagsForResource (unreadable tags:
 * null); a topic depends on the alarms that notify it (DescribeAlarms), which
 * go first. Not stoppable, no protection, no data. Delete is DeleteTopic,
 * which removes its subscriptions; gone = done.
 */
export function topicKind(sns: FakeSns, alarms: FakeCloudWatchAlarms, tagging: FakeTagging): ResourceKind {
  const describe = (arn: string): ResultAsync<Resource | null, DecomError> =>
    goneAsNull(
      ResultAsync.combine([
        sns.getTopicAttributes(arn),
        sns
          .listTagsForResource(arn)
          .map((tags): Record<string, string> | null => tags)
          .orElse((error) => (error.code === 'AccessDenied' ? okAsync(null) : errAsync(error))),
        alarms.describeAlarms(regionOf(arn)),
      ] as const),
      ([, tags, notifying]): Resource => ({
        arn,
        type: TYPE,
        accountId: arn.split(':')[4] ?? '',
        region: regionOf(arn),
        name: arn.split(':')[5] ?? arn,
        tags,
        state: 'available',
        protection: { deletion: false, stop: false },
        dependsOn: notifying.filter((alarm) => alarm.actions.includes(arn)).map((alarm) => alarm.arn),
      }),
    );
  return defineFakeResourceKind({
    type: TYPE,
    idOf: topicArnOf,
    list: { taggedBy: tagging },
    describe,
    retire: {
      claims: claimsOn('sns', 'default'),
      delete: {
        run: (arn) => sns.deleteTopic(arn).map(() => ({ topicName: arn.split(':')[5] ?? arn, state: 'deleted' })),
        readBack: (arn) =>
          goneRead(sns.getTopicAttributes(arn), { topicName: arn.split(':')[5] ?? arn, state: 'deleted' }),
      },
    },
  });
}
