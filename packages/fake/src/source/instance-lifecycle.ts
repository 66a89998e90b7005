import type { FakeInstance, FakeWorld } from '../world.js';
import { ec2Arn } from './arns.js';
import { recordConfigChange } from './config.js';
import { AUTO_SCALING_GROUP_TAG, AWS_TYPES } from './resource-types.js';

/**
 * What happens around an instance that has just been terminated, as in AWS:
 * volumes with DeleteOnTermination go with it, the others are detached;
 * Elastic IPs are disassociated; target groups deregister it; and an Auto
 * Scaling group that still exists launches a replacement (same tags, new id)
 * unless the group itself is terminating it (`byGroup`).
 */
export function afterInstanceTerminated(world: FakeWorld, instance: FakeInstance, byGroup = false): void {
  const state = world.state;
  recordConfigChange(world, instance.arn, AWS_TYPES.instance, 'ResourceDeleted');
  for (const volume of state.volumes.filter((candidate) => candidate.attachment?.instanceId === instance.id)) {
    if (volume.attachment?.deleteOnTermination === true) {
      state.volumes = state.volumes.filter((candidate) => candidate !== volume);
      recordConfigChange(world, volume.arn, AWS_TYPES.volume, 'ResourceDeleted');
    } else {
      volume.attachment = null;
      volume.state = 'available';
      recordConfigChange(world, volume.arn, AWS_TYPES.volume, 'OK');
    }
  }
  for (const address of state.addresses.filter((candidate) => candidate.instanceId === instance.id)) {
    address.instanceId = null;
    address.associationId = null;
    recordConfigChange(world, address.arn, AWS_TYPES.address, 'OK');
  }
  for (const group of state.targetGroups) {
    if (group.targets.includes(instance.id)) group.targets = group.targets.filter((id) => id !== instance.id);
  }
  const groupName = instance.tags[AUTO_SCALING_GROUP_TAG];
  const group = state.autoScalingGroups.find(
    (candidate) => candidate.groupName === groupName && candidate.region === instance.region,
  );
  if (group === undefined) return;
  group.instanceIds = group.instanceIds.filter((id) => id !== instance.id);
  if (!byGroup) launchGroupInstances(world, group.groupName, instance.region);
}

/** The group launches instances until it has `desiredCapacity` (its tags propagated, a new id each). */
export function launchGroupInstances(world: FakeWorld, groupName: string, region: string): FakeInstance[] {
  const group = world.state.autoScalingGroups.find(
    (candidate) => candidate.groupName === groupName && candidate.region === region,
  );
  const launched: FakeInstance[] = [];
  if (group === undefined) return launched;
  while (group.instanceIds.length < group.desiredCapacity) {
    const id = `i-${world.newId('').padStart(17, '0')}`;
    const instance: FakeInstance = {
      id,
      arn: ec2Arn(group, 'instance', id),
      accountId: group.accountId,
      region: group.region,
      name: null,
      tags: { ...group.tags, [AUTO_SCALING_GROUP_TAG]: group.groupName },
      tagsReadable: group.tagsReadable,
      state: 'running',
      terminationProtection: false,
      stopProtection: false,
      securityGroupIds: [...group.launch.securityGroupIds],
    };
    world.state.instances.push(instance);
    group.instanceIds.push(id);
    for (const targetGroupArn of group.targetGroupArns) {
      world.state.targetGroups.find((candidate) => candidate.arn === targetGroupArn)?.targets.push(id);
    }
    recordConfigChange(world, instance.arn, AWS_TYPES.instance, 'ResourceDiscovered');
    launched.push(instance);
  }
  return launched;
}
