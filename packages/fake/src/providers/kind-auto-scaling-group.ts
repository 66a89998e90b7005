import { type DecomError, decomError, errAsync, type ResultAsync } from '@decomkit/core';
import { regionOf } from '../source/arns.js';
import type { FakeAutoScaling } from '../source/autoscaling.js';
import { AWS_TYPES } from '../source/resource-types.js';
import type { FakeAutoScalingGroup } from '../source/source-types.js';
import { defineFakeResourceKind } from './define-fake-resource-kind.js';
import { claimsOn, type ResourceKind } from './resource-kind.js';
import { pagedList, recordResource } from './resource-kind-parts.js';

const ASG_ARN = /^arn:aws[a-z-]*:autoscaling:[a-z0-9-]+:\d{12}:autoScalingGroup:[^:]+:autoScalingGroupName\/(.+)$/;

/**
 * Auto Scaling groups: delete is DeleteAutoScalingGroup with ForceDelete,
 * which terminates the group's instances (they are not replaced). Retire the
 * group before its instances (instances depend on it), or they come back.
 */
export function autoScalingGroupKind(autoScaling: FakeAutoScaling): ResourceKind {
  const toResource = (group: FakeAutoScalingGroup) =>
    recordResource(AWS_TYPES.autoScalingGroup, group, {
      name: group.groupName,
      state: `desired ${group.desiredCapacity}, running ${group.instanceIds.length}`,
    });
  const readGroup = (region: string, name: string): ResultAsync<FakeAutoScalingGroup | null, DecomError> =>
    autoScaling.describeAutoScalingGroups(region, [name]).map((found) => found[0] ?? null);
  return defineFakeResourceKind({
    type: AWS_TYPES.autoScalingGroup,
    idOf: (arn) => ASG_ARN.exec(arn)?.[1] ?? null,
    list: pagedList((region, token) => autoScaling.describeAutoScalingGroupsPage(region, token), toResource),
    describe: (arn, name) => readGroup(regionOf(arn), name).map((group) => (group ? toResource(group) : null)),
    retire: {
      claims: claimsOn('autoscaling', 'default'),
      delete: {
        // ForceDelete terminates every instance of the group: refuse unless each one is planned for
        // retirement with the group (params.dependentArns), so nothing out of scope goes with it.
        run: (name, action) => {
          const region = action.target.region ?? regionOf(action.target.arn ?? '');
          const planned = new Set(
            (Array.isArray(action.params.dependentArns) ? action.params.dependentArns : []).map((arn) =>
              String(arn).replace(/^.*instance\//, ''),
            ),
          );
          return readGroup(region, name).andThen((group) => {
            const strangers = (group?.instanceIds ?? []).filter((id) => !planned.has(id));
            if (strangers.length > 0) {
              return errAsync(
                decomError.conflict({
                  message: `Auto Scaling group ${name} holds instances not planned for retirement (${strangers.join(', ')}): refusing ForceDelete`,
                  resource: action.target.arn,
                }),
              );
            }
            return autoScaling
              .deleteAutoScalingGroup(region, name, { forceDelete: true })
              .map(({ terminatedInstanceIds }) => ({ groupName: name, forceDelete: true, terminatedInstanceIds }));
          });
        },
        readBack: (name, action) =>
          readGroup(regionOf(action.target.arn ?? ''), name).map((group) =>
            group === null ? { groupName: name, state: 'deleted' } : null,
          ),
      },
    },
  });
}
