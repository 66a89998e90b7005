import {
  type CompositeAlarm,
  DeleteAlarmsCommand,
  ListTagsForResourceCommand,
  type MetricAlarm,
  paginateDescribeAlarms,
} from '@aws-sdk/client-cloudwatch';
import { type DecomError, errAsync, okAsync, type Resource, ResultAsync } from '@decomkit/core';
import { type Place, resourceIdOf } from '../arns.js';
import { awsCall } from '../aws-call.js';
import type { AwsClients } from '../clients.js';
import { onTarget } from '../permissions/iam-grant.js';
import { deleteCall } from './declared-calls.js';
import { defineAwsResourceType } from './define-resource-type.js';
import { claimsOn, describeInChunks, limited, nameFrom, placeOf, tagRecord } from './resource-type.js';

const TYPE = 'AWS::CloudWatch::Alarm';
/** DescribeAlarms takes at most 100 alarm names a call. */
const NAMES_PER_CALL = 100;
/** ListTagsForResource calls in flight at once during discovery. */
const CONCURRENCY = 8;

/** The alarm name of a CloudWatch alarm ARN (`…:alarm:<name>`), or null. */
export function alarmNameOf(arn: string): string | null {
  return resourceIdOf(arn, 'cloudwatch', 'alarm:', ':');
}

const alarmArn = (place: Place, name: string) =>
  `arn:${place.partition ?? 'aws'}:cloudwatch:${place.region}:${place.accountId}:alarm:${name}`;

/** DescribeAlarms of `names` (metric and composite alarms; 100 names a call, every page); missing ones are left out. */
function describeAlarms(
  clients: AwsClients,
  region: string,
  names: readonly string[],
): ResultAsync<(MetricAlarm | CompositeAlarm)[], DecomError> {
  return describeInChunks(
    'cloudwatch:DescribeAlarms',
    names,
    NAMES_PER_CALL,
    (chunk) =>
      paginateDescribeAlarms(
        { client: clients.get('cloudwatch', region) },
        { AlarmNames: chunk, AlarmTypes: ['MetricAlarm', 'CompositeAlarm'] },
      ),
    (page) => [...(page.MetricAlarms ?? []), ...(page.CompositeAlarms ?? [])],
  );
}

/** Every composite alarm of the region (DescribeAlarms, all pages): whose rules name which alarms. */
function compositeAlarms(clients: AwsClients, region: string): ResultAsync<CompositeAlarm[], DecomError> {
  return awsCall({ operation: 'cloudwatch:DescribeAlarms' }, async () => {
    const found: CompositeAlarm[] = [];
    for await (const page of paginateDescribeAlarms(
      { client: clients.get('cloudwatch', region) },
      { AlarmTypes: ['CompositeAlarm'] },
    )) {
      found.push(...(page.CompositeAlarms ?? []));
    }
    return found;
  });
}

/**
 * The alarms a composite alarm's rule names (`ALARM("payments-5xx")`, `OK(arn:…)`,
 * `INSUFFICIENT_DATA(name)`), by name or ARN as written.
 */
export function alarmsInRule(rule: string): string[] {
  return [...rule.matchAll(/\b(?:ALARM|OK|INSUFFICIENT_DATA)\(\s*"?([^")]+?)"?\s*\)/g)].flatMap((match) =>
    match[1] === undefined ? [] : [match[1].trim()],
  );
}

function toResource(
  clients: AwsClients,
  place: Place,
  alarm: MetricAlarm | CompositeAlarm,
  composites: readonly CompositeAlarm[],
): ResultAsync<Resource | null, DecomError> {
  const name = alarm.AlarmName ?? '';
  const arn = alarm.AlarmArn ?? alarmArn(place, name);
  return awsCall({ operation: 'cloudwatch:ListTagsForResource', resource: arn }, () =>
    clients.get('cloudwatch', place.region).send(new ListTagsForResourceCommand({ ResourceARN: arn })),
  )
    .map((tags): Resource | null => ({
      arn,
      type: TYPE,
      accountId: place.accountId,
      region: place.region,
      ...nameFrom({}, name),
      tags: tagRecord(tags.Tags),
      state: alarm.StateValue ?? 'unknown',
      protection: { deletion: false, stop: false },
      // The composite alarms whose rules name it go first (their rules would name a missing alarm); the SNS
      // topics it notifies list it among theirs (it goes before them).
      dependsOn: composites
        .filter((composite) => {
          const named = alarmsInRule(composite.AlarmRule ?? '');
          return composite.AlarmName !== name && (named.includes(name) || named.includes(arn));
        })
        .flatMap((composite) => (composite.AlarmArn === undefined ? [] : [composite.AlarmArn])),
    }))
    .orElse((error) => (error.code === 'NotFound' ? okAsync(null) : errAsync(error)));
}

/**
 * CloudWatch alarms (metric and composite). Not stoppable (no scream test:
 * an alarm serves nobody's traffic), no protection, no data. Dependency
 * order: an alarm depends on the composite alarms whose rules name it (they
 * go first; an out-of-scope one keeps it), and an SNS topic on the alarms
 * that notify it, so each alarm is deleted before its topics. Delete is DeleteAlarms of the one name; an
 * alarm already gone counts as deleted.
 *
 * @example
 * ```ts
 * const retirement = awsRetirementPort(clients, [CLOUDWATCH_ALARM]);
 * ```
 */
export const CLOUDWATCH_ALARM = defineAwsResourceType({
  iam: {
    read: ['cloudwatch:DescribeAlarms', 'cloudwatch:ListTagsForResource'],
    delete: [onTarget('cloudwatch:DeleteAlarms')],
  },
  type: TYPE,
  arnShape: { service: 'cloudwatch', prefix: 'alarm:' },
  config: { pattern: /^alarm:(.+)$/, lookup: 'name' },
  idOf: alarmNameOf,
  arnOf: alarmArn,
  describeMany: (clients, place, names) =>
    ResultAsync.combine([describeAlarms(clients, place.region, names), compositeAlarms(clients, place.region)] as const)
      .andThen(([alarms, composites]) =>
        limited(alarms, CONCURRENCY, (alarm) => toResource(clients, place, alarm, composites)),
      )
      .map((found) => found.filter((alarm): alarm is Resource => alarm !== null)),
  delete: {
    claims: claimsOn('cloudwatch', 'default'),
    idKey: 'alarmName',
    call: deleteCall('cloudwatch', 'cloudwatch:DeleteAlarms', (cloudwatch, name, options) =>
      cloudwatch.send(new DeleteAlarmsCommand({ AlarmNames: [name] }), options),
    ),
    exists: (clients, action, name) =>
      describeAlarms(clients, placeOf(action).region, [name]).map((found) => found.length > 0),
  },
});
