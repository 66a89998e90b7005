import { type DecomError, err, ok, type ResultAsync } from '@decomkit/core';
import type { FakeWorld } from '../world.js';
import { awsError } from './aws-errors.js';
import { recordConfigChange } from './config.js';
import { afterInstanceTerminated, launchGroupInstances } from './instance-lifecycle.js';
import { regionPages } from './region-pages.js';
import { AWS_TYPES } from './resource-types.js';
import type { FakeAutoScalingGroup } from './source-types.js';

/**
 * The fake Auto Scaling API. A group keeps `desiredCapacity` instances: one
 * terminated (or stopped) under it is replaced by a new instance with the same
 * tags (see `instance-lifecycle.ts`). Deleting a group that still has
 * instances needs `forceDelete`, which terminates them (no replacement);
 * without it the call fails with `ResourceInUse`.
 */
export class FakeAutoScaling {
  constructor(private readonly world: FakeWorld) {}

  /** One page of the groups of `region`. */
  readonly describeAutoScalingGroupsPage = regionPages(
    () => this.world,
    { service: 'autoscaling', operation: 'DescribeAutoScalingGroups', pageSize: 100 },
    () => this.world.state.autoScalingGroups,
  );

  /** DescribeAutoScalingGroups by name: unknown names are simply absent, as in AWS. */
  describeAutoScalingGroups(region: string, names: readonly string[]): ResultAsync<FakeAutoScalingGroup[], DecomError> {
    return this.world.call('autoscaling', 'DescribeAutoScalingGroups', false, names.join(','), () =>
      ok(
        this.world.state.autoScalingGroups
          .filter((group) => group.region === region && names.includes(group.groupName))
          .map((group) => structuredClone(group)),
      ),
    );
  }

  /** UpdateAutoScalingGroup DesiredCapacity: launches up to it, or terminates the newest instances down to it. */
  setDesiredCapacity(
    region: string,
    name: string,
    desiredCapacity: number,
  ): ResultAsync<FakeAutoScalingGroup, DecomError> {
    return this.world.call('autoscaling', 'SetDesiredCapacity', true, name, () => {
      const group = this.find(region, name);
      if (group === undefined) return err(this.notFound(name));
      if (!Number.isInteger(desiredCapacity) || desiredCapacity < 0)
        return err(awsError.invalid('ValidationError', `bad DesiredCapacity ${desiredCapacity}`, 'DesiredCapacity'));
      group.desiredCapacity = desiredCapacity;
      while (group.instanceIds.length > desiredCapacity) {
        const id = group.instanceIds[group.instanceIds.length - 1];
        const instance = this.world.state.instances.find((candidate) => candidate.id === id);
        group.instanceIds.pop();
        if (instance !== undefined && instance.state !== 'terminated') {
          instance.state = 'terminated';
          afterInstanceTerminated(this.world, instance, true);
        }
      }
      launchGroupInstances(this.world, name, region);
      recordConfigChange(this.world, group.arn, AWS_TYPES.autoScalingGroup, 'OK');
      return ok(structuredClone(group));
    });
  }

  /** DeleteAutoScalingGroup: `ResourceInUse` while it has instances, unless `forceDelete` terminates them. */
  deleteAutoScalingGroup(
    region: string,
    name: string,
    options: { readonly forceDelete?: boolean } = {},
  ): ResultAsync<{ groupName: string; terminatedInstanceIds: string[] }, DecomError> {
    return this.world.call('autoscaling', 'DeleteAutoScalingGroup', true, name, () => {
      const group = this.find(region, name);
      if (group === undefined) return err(this.notFound(name));
      const live = this.world.state.instances.filter(
        (instance) => group.instanceIds.includes(instance.id) && instance.state !== 'terminated',
      );
      if (live.length > 0 && options.forceDelete !== true) {
        return err(
          awsError.conflict(
            'ResourceInUse',
            `you cannot delete an AutoScalingGroup while there are instances still in the group (${name})`,
            group.arn,
          ),
        );
      }
      for (const instance of live) {
        instance.state = 'terminated';
        afterInstanceTerminated(this.world, instance, true);
      }
      this.world.state.autoScalingGroups = this.world.state.autoScalingGroups.filter((other) => other !== group);
      recordConfigChange(this.world, group.arn, AWS_TYPES.autoScalingGroup, 'ResourceDeleted');
      return ok({ groupName: name, terminatedInstanceIds: live.map((instance) => instance.id) });
    });
  }

  private find(region: string, name: string): FakeAutoScalingGroup | undefined {
    return this.world.state.autoScalingGroups.find((group) => group.region === region && group.groupName === name);
  }

  private notFound(name: string): DecomError {
    return awsError.notFound('ValidationError', `AutoScalingGroup name not found - ${name}`, name);
  }
}
