import { type MetricAlarm, paginateDescribeAlarms } from '@aws-sdk/client-cloudwatch';
import { DeleteTopicCommand, GetTopicAttributesCommand, ListTagsForResourceCommand } from '@aws-sdk/client-sns';
import { type DecomError, errAsync, okAsync, type Resource, type ResultAsync } from '@decomkit/core';
import { type Place, parseArn } from '../arns.js';
import { awsCall } from '../aws-call.js';
import type { AwsClients } from '../clients.js';
import { onTarget } from '../permissions/iam-grant.js';
import { deleteCall } from './declared-calls.js';
import { defineAwsResourceType } from './define-resource-type.js';
import { claimsOn, limited, nameFrom, placeOf, tagRecord } from './resource-type.js';

const TYPE = 'AWS::SNS::Topic';
/** GetTopicAttributes calls in flight at once during discovery. */
const CONCURRENCY = 8;

/** The topic name of an SNS topic ARN (`arn:aws:sns:<region>:<account>:<name>`; not a subscription), or null. */
export function topicNameOf(arn: string): string | null {
  const parsed = parseArn(arn);
  if (parsed?.service !== 'sns' || parsed.region === '' || parsed.accountId === '') return null;
  return /^[A-Za-z0-9_-]{1,256}(\.fifo)?$/.test(parsed.resource) ? parsed.resource : null;
}

const topicArn = (place: Place, name: string) =>
  `arn:${place.partition ?? 'aws'}:sns:${place.region}:${place.accountId}:${name}`;

/** Every metric alarm of the region (DescribeAlarms, all pages): who notifies which topic. */
export function regionAlarms(clients: AwsClients, region: string): ResultAsync<MetricAlarm[], DecomError> {
  return awsCall({ operation: 'cloudwatch:DescribeAlarms' }, async () => {
    const found: MetricAlarm[] = [];
    for await (const page of paginateDescribeAlarms(
      { client: clients.get('cloudwatch', region) },
      { AlarmTypes: ['MetricAlarm'] },
    )) {
      found.push(...(page.MetricAlarms ?? []));
    }
    return found;
  });
}

/** The actions of an alarm: the topics (and other targets) it notifies in any state. */
export function alarmActions(alarm: MetricAlarm): string[] {
  return [...(alarm.AlarmActions ?? []), ...(alarm.OKActions ?? []), ...(alarm.InsufficientDataActions ?? [])];
}

/** The topic as a resource (GetTopicAttributes, ListTagsForResource); null when it does not exist. */
function describeTopic(
  clients: AwsClients,
  place: Place,
  name: string,
  alarms: readonly MetricAlarm[],
): ResultAsync<Resource | null, DecomError> {
  const arn = topicArn(place, name);
  const sns = clients.get('sns', place.region);
  return awsCall({ operation: 'sns:GetTopicAttributes', resource: arn }, () =>
    sns.send(new GetTopicAttributesCommand({ TopicArn: arn })),
  )
    .andThen(() =>
      awsCall({ operation: 'sns:ListTagsForResource', resource: arn }, () =>
        sns.send(new ListTagsForResourceCommand({ ResourceArn: arn })),
      ),
    )
    .map((tags): Resource | null => ({
      arn,
      type: TYPE,
      accountId: place.accountId,
      region: place.region,
      ...nameFrom({}, name),
      tags: tagRecord(tags.Tags),
      state: 'available',
      protection: { deletion: false, stop: false },
      // The alarms that notify it go first: deleting the topic under them leaves them notifying nothing.
      dependsOn: alarms
        .filter((alarm) => alarmActions(alarm).includes(arn))
        .flatMap((alarm) => (alarm.AlarmArn === undefined ? [] : [alarm.AlarmArn])),
    }))
    .orElse((error) => (error.code === 'NotFound' ? okAsync(null) : errAsync(error)));
}

/** Whether the topic still exists (GetTopicAttributes). */
function topicExists(clients: AwsClients, place: Place, name: string): ResultAsync<boolean, DecomError> {
  const arn = topicArn(place, name);
  return awsCall({ operation: 'sns:GetTopicAttributes', resource: arn }, () =>
    clients.get('sns', place.region).send(new GetTopicAttributesCommand({ TopicArn: arn })),
  )
    .map(() => true)
    .orElse((error) => (error.code === 'NotFound' ? okAsync(false) : errAsync(error)));
}

/**
 * SNS topics: not stoppable (no way to pause a topic), no protection, no data
 * kept (messages are delivered, not stored). A topic depends on the CloudWatch
 * alarms that notify it (DescribeAlarms once per describe), so those are
 * deleted first, and an out-of-scope alarm that notifies it keeps it.
 * Delete is DeleteTopic, which removes the topic's subscriptions with it; a
 * topic already gone counts as deleted.
 *
 * @example
 * ```ts
 * const retirement = awsRetirementPort(clients, [SNS_TOPIC]);
 * ```
 */
export const SNS_TOPIC = defineAwsResourceType({
  iam: {
    read: ['sns:GetTopicAttributes', 'sns:ListTagsForResource', 'cloudwatch:DescribeAlarms'],
    delete: [onTarget('sns:DeleteTopic')],
  },
  type: TYPE,
  arnShape: { service: 'sns', prefix: '' },
  // AWS Config names a topic by its name (its resourceId is the ARN).
  config: { pattern: /^([A-Za-z0-9_-]{1,256}(?:\.fifo)?)$/, lookup: 'name' },
  idOf: topicNameOf,
  arnOf: topicArn,
  // CloudFormation's physical id of a topic is its ARN.
  arnOfPhysicalId: (place, physicalId) => (physicalId.startsWith('arn:') ? physicalId : topicArn(place, physicalId)),
  describeMany: (clients, place, names) =>
    regionAlarms(clients, place.region).andThen((alarms) =>
      limited(names, CONCURRENCY, (name) => describeTopic(clients, place, name, alarms)).map((found) =>
        found.filter((topic): topic is Resource => topic !== null),
      ),
    ),
  delete: {
    claims: claimsOn('sns', 'default'),
    idKey: 'topicName',
    call: deleteCall('sns', 'sns:DeleteTopic', (sns, name, options, action) =>
      sns.send(new DeleteTopicCommand({ TopicArn: topicArn(placeOf(action), name) }), options),
    ),
    exists: (clients, action, name) => topicExists(clients, placeOf(action), name),
  },
});
