import { type DecomError, decomError, err, ok, type Result, type ResultAsync } from '@decomkit/core';
import type { FakeWorld } from '../world.js';
import { awsError } from './aws-errors.js';
import { recordConfigChange } from './config.js';
import type { FakeLogGroup } from './monitoring-types.js';
import { AWS_TYPES } from './resource-types.js';

/**
 * The fake CloudWatch Logs control plane for log groups, regional and in the
 * caller's account, with AWS's rules: a missing group is
 * `ResourceNotFoundException`; DeleteLogGroup deletes it with every event it
 * holds, and is refused (`OperationAbortedException`) while its deletion
 * protection is on. Export tasks are not modelled: a fake log group is retired under the
 * workload's backup waiver only.
 */
export class FakeCloudWatchLogs {
  constructor(private readonly world: FakeWorld) {}

  /** DescribeLogGroups of the group named exactly `name`. */
  describeLogGroup(region: string, name: string): ResultAsync<FakeLogGroup, DecomError> {
    return this.world.call('logs', 'DescribeLogGroups', false, name, () =>
      this.group(region, name).map((group) => structuredClone(group)),
    );
  }

  /** ListTagsForResource: the group's tags; `AccessDenied` when they cannot be read. */
  listTagsForResource(region: string, name: string): ResultAsync<Record<string, string>, DecomError> {
    return this.world.call('logs', 'ListTagsForResource', false, name, () =>
      this.group(region, name).andThen((group) =>
        group.tagsReadable
          ? ok({ ...group.tags })
          : err(
              decomError.accessDenied({
                message: `AccessDeniedException: logs:ListTagsForResource on ${group.arn}`,
                resource: group.arn,
              }),
            ),
      ),
    );
  }

  /** PutLogGroupDeletionProtection: turns the group's deletion protection on or off. */
  putLogGroupDeletionProtection(
    region: string,
    name: string,
    enabled: boolean,
  ): ResultAsync<{ logGroupName: string }, DecomError> {
    return this.world.call('logs', 'PutLogGroupDeletionProtection', true, name, () =>
      this.group(region, name).map((group) => {
        group.deletionProtection = enabled;
        recordConfigChange(this.world, group.arn, AWS_TYPES.logGroup, 'OK');
        return { logGroupName: name };
      }),
    );
  }

  /** DeleteLogGroup, refused while protected; Config records the deletion. */
  deleteLogGroup(region: string, name: string): ResultAsync<{ logGroupName: string }, DecomError> {
    return this.world.call('logs', 'DeleteLogGroup', true, name, () =>
      this.group(region, name).andThen((group) => {
        if (group.deletionProtection)
          return err(awsError.conflict('OperationAbortedException', `${name} has deletion protection on`, group.arn));
        this.world.state.logGroups = this.world.state.logGroups.filter((candidate) => candidate !== group);
        recordConfigChange(this.world, group.arn, AWS_TYPES.logGroup, 'ResourceDeleted');
        return ok({ logGroupName: name });
      }),
    );
  }

  private group(region: string, name: string): Result<FakeLogGroup, DecomError> {
    const found = this.world.state.logGroups.find(
      (group) =>
        group.region === region && group.logGroupName === name && group.accountId === this.world.state.accountId,
    );
    return found === undefined
      ? err(awsError.notFound('ResourceNotFoundException', `The specified log group does not exist: ${name}`, name))
      : ok(found);
  }
}
