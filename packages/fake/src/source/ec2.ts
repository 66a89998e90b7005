import { type DecomError, decomError, err, ok, type Result, type ResultAsync } from '@decomkit/core';
import type { FakeInstance, FakeWorld } from '../world.js';
import { matchingPageOf } from './aws-errors.js';
import { recordConfigChange } from './config.js';
import { afterInstanceTerminated } from './instance-lifecycle.js';
import { plainCopy } from './plain-copy.js';
import { AUTO_SCALING_GROUP_TAG, AWS_TYPES } from './resource-types.js';

/**
 * The fake EC2 instance API, with AWS's rules: termination and stop
 * protection refuse the whole call (OperationNotPermitted), a terminated
 * instance cannot be stopped, terminating twice is harmless. Terminating
 * detaches (or deletes, with DeleteOnTermination) volumes, disassociates
 * Elastic IPs, and an Auto Scaling group replaces an instance of its own that
 * is terminated, or stopped (its health check fails), under it.
 */
export class FakeEc2 {
  constructor(private readonly world: FakeWorld) {}

  describeInstances(ids?: readonly string[]): ResultAsync<FakeInstance[], DecomError> {
    return this.world.call('ec2', 'DescribeInstances', false, ids?.join(',') ?? null, () => {
      const all = this.world.state.instances;
      return ok(
        (ids === undefined ? all : all.filter((instance) => ids.includes(instance.id))).map((instance) =>
          plainCopy(instance),
        ),
      );
    });
  }

  /** One page of the instances of `region` (DescribeInstances with MaxResults / NextToken). */
  describeInstancesPage(
    region: string,
    token: string | null,
    pageSize = 500,
  ): ResultAsync<{ instances: FakeInstance[]; next: string | null }, DecomError> {
    return this.world.call('ec2', 'DescribeInstances', false, region, () => {
      const paged = matchingPageOf(
        this.world.state.instances,
        (instance) => instance.region === region,
        token,
        pageSize,
      );
      if (paged === null) return err(decomError.invalidInput(`InvalidParameterValue: bad NextToken ${token}`));
      return ok({ instances: paged.page.map((instance) => plainCopy(instance)), next: paged.next });
    });
  }

  stopInstances(ids: readonly string[]): ResultAsync<FakeInstance[], DecomError> {
    return this.world.call('ec2', 'StopInstances', true, ids.join(','), () =>
      this.change(ids, (instance) => {
        if (instance.stopProtection) {
          return err(
            decomError.conflict({
              message: `OperationNotPermitted: The instance '${instance.id}' may not be stopped. Modify its 'disableApiStop' instance attribute and try again.`,
              resource: instance.arn,
            }),
          );
        }
        if (instance.state === 'terminated' || instance.state === 'shutting-down') {
          return err(
            decomError.conflict({
              message: `IncorrectInstanceState: instance ${instance.id} is ${instance.state}`,
              resource: instance.arn,
            }),
          );
        }
        return ok(() => {
          if (instance.state === 'stopped') return;
          instance.state = 'stopped';
          recordConfigChange(this.world, instance.arn, AWS_TYPES.instance, 'OK');
          // An Auto Scaling group's health check fails on a stopped instance: it is terminated and replaced.
          if (this.managedByLiveGroup(instance)) {
            instance.state = 'terminated';
            afterInstanceTerminated(this.world, instance);
          }
        });
      }),
    );
  }

  terminateInstances(ids: readonly string[]): ResultAsync<FakeInstance[], DecomError> {
    return this.world.call('ec2', 'TerminateInstances', true, ids.join(','), () =>
      this.change(ids, (instance) => {
        if (instance.terminationProtection) {
          return err(
            decomError.conflict({
              message: `OperationNotPermitted: The instance '${instance.id}' may not be terminated. Modify its 'disableApiTermination' instance attribute and try again.`,
              resource: instance.arn,
            }),
          );
        }
        return ok(() => {
          if (instance.state === 'terminated') return;
          instance.state = 'terminated';
          afterInstanceTerminated(this.world, instance);
        });
      }),
    );
  }

  modifyInstanceAttribute(
    id: string,
    attribute: { disableApiTermination?: boolean; disableApiStop?: boolean },
  ): ResultAsync<FakeInstance[], DecomError> {
    return this.world.call('ec2', 'ModifyInstanceAttribute', true, id, () =>
      this.change([id], (instance) =>
        ok(() => {
          if (attribute.disableApiTermination !== undefined)
            instance.terminationProtection = attribute.disableApiTermination;
          if (attribute.disableApiStop !== undefined) instance.stopProtection = attribute.disableApiStop;
          recordConfigChange(this.world, instance.arn, AWS_TYPES.instance, 'OK');
        }),
      ),
    );
  }

  private managedByLiveGroup(instance: FakeInstance): boolean {
    const name = instance.tags[AUTO_SCALING_GROUP_TAG];
    return this.world.state.autoScalingGroups.some(
      (group) =>
        group.groupName === name && group.region === instance.region && group.instanceIds.includes(instance.id),
    );
  }

  /** Checks every instance first, then applies every change: all or nothing, like the real API. */
  private change(
    ids: readonly string[],
    check: (instance: FakeInstance) => Result<() => void, DecomError>,
  ): Result<FakeInstance[], DecomError> {
    const changes: Array<() => void> = [];
    const touched: FakeInstance[] = [];
    for (const id of ids) {
      const instance = this.world.state.instances.find((candidate) => candidate.id === id);
      if (instance === undefined) {
        return err(
          decomError.notFound({
            message: `InvalidInstanceID.NotFound: the instance ID '${id}' does not exist`,
            resource: id,
          }),
        );
      }
      const checked = check(instance);
      if (checked.isErr()) return err(checked.error);
      changes.push(checked.value);
      touched.push(instance);
    }
    for (const apply of changes) apply();
    return ok(touched.map((instance) => plainCopy(instance)));
  }
}
