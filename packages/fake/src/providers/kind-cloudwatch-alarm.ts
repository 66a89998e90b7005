import { type DecomError, errAsync, okAsync, type Resource, type ResultAsync } from '@decomkit/core';
import { regionOf } from '../source/arns.js';
import type { FakeCloudWatchAlarms } from '../source/cloudwatch-alarms.js';
import { AWS_TYPES } from '../source/resource-types.js';
import type { FakeTagging } from '../source/tagging.js';
import { defineFakeResourceKind } from './define-fake-resource-kind.js';
import { claimsOn, type ResourceKind } from './resource-kind.js';
import { recordResource } from './resource-kind-parts.js';

const TYPE = AWS_TYPES.alarm;

/** The alarm name of a CloudWatch alarm ARN (`…:alarm:<name>`), or null. */
export function alarmNameOf(arn: string): string | null {
  return /^arn:aws[a-z-]*:cloudwatch:[a-z0-9-]+:\d{12}:alarm:([^:]+)$/.exec(arn)?.[1] ?? null;
}

/** The alarms a composite alarm's rule names (`ALARM("a")`, `OK(arn:…)`), as written. */
function namedIn(rule: string): string[] {
  return [...rule.matchAll(/\b(?:ALARM|OK|INSUFFICIENT_DATA)\(\s*"?([^")]+?)"?\s*\)/g)].map((match) => match[1] ?? '');
}

/**
 * CloudWatch alarms, as the AWS provider treats them: found through the
 * tagging API, described with DescribeAlarms + ListTagsForResource. Not
 * stoppable, no protection, no data; an alarm depends on the composite alarms
 * whose rules name it, and the SNS topics an alarm notifies depend on it. Delete is DeleteAlarms of the one name; gone = done.
 */
export function alarmKind(alarms: FakeCloudWatchAlarms, tagging: FakeTagging): ResourceKind {
  const describe = (arn: string, name: string): ResultAsync<Resource | null, DecomError> =>
    alarms.describeAlarms(regionOf(arn)).andThen((inRegion) => {
      const alarm = inRegion.find((candidate) => candidate.alarmName === name);
      if (alarm === undefined) return okAsync(null);
      // The composite alarms whose rules name it (by name or ARN) go first.
      const dependsOn = inRegion
        .filter(
          (composite) =>
            composite !== alarm && namedIn(composite.rule ?? '').some((named) => [name, arn].includes(named)),
        )
        .map((composite) => composite.arn);
      const resource = recordResource(TYPE, alarm, { name, state: alarm.stateValue, dependsOn });
      return alarms
        .listTagsForResource(alarm.region, name)
        .map((): Resource | null => resource)
        .orElse((error) => {
          if (error.code === 'NotFound') return okAsync(null);
          return error.code === 'AccessDenied' ? okAsync({ ...resource, tags: null }) : errAsync(error);
        });
    });
  const exists = (arn: string, name: string) =>
    alarms.describeAlarms(regionOf(arn), [name]).map((found) => found.length > 0);
  return defineFakeResourceKind({
    type: TYPE,
    idOf: alarmNameOf,
    list: { taggedBy: tagging },
    describe,
    retire: {
      claims: claimsOn('cloudwatch', 'default'),
      delete: {
        run: (name, action) =>
          alarms
            .deleteAlarms(regionOf(action.target.arn ?? ''), [name])
            .map(() => ({ alarmName: name, state: 'deleted' })),
        readBack: (name, action) =>
          exists(action.target.arn ?? '', name).map((present) =>
            present ? null : { alarmName: name, state: 'deleted' },
          ),
      },
    },
  });
}
