import { type DecomError, decomError, err, ok, type Result, type ResultAsync } from '@decomkit/core';
import type { FakeWorld } from '../world.js';
import { awsError } from './aws-errors.js';
import { recordConfigChange } from './config.js';
import type { FakeAlarm } from './monitoring-types.js';
import { AWS_TYPES } from './resource-types.js';

/**
 * The fake CloudWatch alarms, regional and in the caller's account, with
 * AWS's rules: DescribeAlarms by name leaves unknown names out (no error);
 * DeleteAlarms of a name that does not exist is `ResourceNotFound`.
 */
export class FakeCloudWatchAlarms {
  constructor(private readonly world: FakeWorld) {}

  /** DescribeAlarms of `names` (every alarm of the region when omitted): the ones that exist. */
  describeAlarms(region: string, names?: readonly string[]): ResultAsync<FakeAlarm[], DecomError> {
    return this.world.call('cloudwatch', 'DescribeAlarms', false, region, () => {
      if (names !== undefined && names.length > 100)
        return err(awsError.invalid('InvalidParameterValue', 'at most 100 alarm names a call', 'AlarmNames'));
      return ok(
        this.inRegion(region)
          .filter((alarm) => names === undefined || names.includes(alarm.alarmName))
          .map((alarm) => structuredClone(alarm)),
      );
    });
  }

  /** ListTagsForResource of an alarm; `AccessDenied` when its tags cannot be read. */
  listTagsForResource(region: string, name: string): ResultAsync<Record<string, string>, DecomError> {
    return this.world.call('cloudwatch', 'ListTagsForResource', false, name, () =>
      this.alarm(region, name).andThen((alarm) =>
        alarm.tagsReadable
          ? ok({ ...alarm.tags })
          : err(
              decomError.accessDenied({
                message: `AccessDenied: cloudwatch:ListTagsForResource on ${alarm.arn}`,
                resource: alarm.arn,
              }),
            ),
      ),
    );
  }

  /** DeleteAlarms of `names`: every one must exist; Config records the deletions. */
  deleteAlarms(region: string, names: readonly string[]): ResultAsync<{ deleted: number }, DecomError> {
    return this.world.call('cloudwatch', 'DeleteAlarms', true, names.join(','), () => {
      const found: FakeAlarm[] = [];
      for (const name of names) {
        const alarm = this.alarm(region, name);
        if (alarm.isErr()) return err(alarm.error);
        found.push(alarm.value);
      }
      this.world.state.alarms = this.world.state.alarms.filter((candidate) => !found.includes(candidate));
      for (const alarm of found) recordConfigChange(this.world, alarm.arn, AWS_TYPES.alarm, 'ResourceDeleted');
      return ok({ deleted: found.length });
    });
  }

  private inRegion(region: string): FakeAlarm[] {
    return this.world.state.alarms.filter(
      (alarm) => alarm.region === region && alarm.accountId === this.world.state.accountId,
    );
  }

  private alarm(region: string, name: string): Result<FakeAlarm, DecomError> {
    const found = this.inRegion(region).find((alarm) => alarm.alarmName === name);
    return found === undefined
      ? err(awsError.notFound('ResourceNotFound', `Alarm ${name} does not exist`, name))
      : ok(found);
  }
}
