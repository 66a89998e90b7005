import { type DecomError, decomError, errAsync, type Resource, type ResultAsync } from '@decomkit/core';
import { regionOf } from '../source/arns.js';
import type { FakeAutoScaling } from '../source/autoscaling.js';
import type { DescribedTargetGroup, FakeElbv2 } from '../source/elbv2.js';
import { AWS_TYPES } from '../source/resource-types.js';
import type { FakeAutoScalingGroup, FakeLoadBalancer } from '../source/source-types.js';
import { goneRead } from './kind-ec2-storage.js';
import {
  claimsOn,
  goneAsNull,
  nameOf,
  noProtectionHandler,
  notStoppableHandler,
  pagesOf,
  type ResourceKind,
  simpleHandler,
  tagsOf,
} from './resource-kind.js';

const ASG_ARN = /^arn:aws[a-z-]*:autoscaling:[a-z0-9-]+:\d{12}:autoScalingGroup:[^:]+:autoScalingGroupName\/(.+)$/;

/**
 * Auto Scaling groups: delete is DeleteAutoScalingGroup with ForceDelete,
 * which terminates the group's instances (they are not replaced). Retire the
 * group before its instances (instances depend on it), or they come back.
 */
export function autoScalingGroupKind(autoScaling: FakeAutoScaling): ResourceKind {
  const toResource = (group: FakeAutoScalingGroup): Resource => ({
    arn: group.arn,
    type: AWS_TYPES.autoScalingGroup,
    accountId: group.accountId,
    region: group.region,
    name: group.groupName,
    tags: tagsOf(group),
    state: `desired ${group.desiredCapacity}, running ${group.instanceIds.length}`,
    protection: { deletion: false, stop: false },
    dependsOn: [],
  });
  const idOf = (arn: string) => ASG_ARN.exec(arn)?.[1] ?? null;
  const readGroup = (region: string, name: string): ResultAsync<FakeAutoScalingGroup | null, DecomError> =>
    autoScaling.describeAutoScalingGroups(region, [name]).map((found) => found[0] ?? null);
  return {
    type: AWS_TYPES.autoScalingGroup,
    idOf,
    list: (region) =>
      pagesOf(
        (token) => autoScaling.describeAutoScalingGroupsPage(region, token),
        (items) => items.map(toResource),
      ),
    describe: (arn, name) =>
      autoScaling
        .describeAutoScalingGroups(regionOf(arn), [name])
        .map((found) => (found[0] ? toResource(found[0]) : null)),
    handlers: {
      'resource.stop': notStoppableHandler(AWS_TYPES.autoScalingGroup),
      'protection.lift': noProtectionHandler(AWS_TYPES.autoScalingGroup),
      'resource.delete': simpleHandler({
        claims: claimsOn('autoscaling', 'default'),
        idOf: (action) => (action.target.arn === undefined ? null : idOf(action.target.arn)),
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
        goneIsDone: true,
      }),
    },
  };
}

/**
 * ELBv2 load balancers: `deletion_protection.enabled` is their deletion
 * protection; lift sets it false; delete is DeleteLoadBalancer.
 */
export function loadBalancerKind(elb: FakeElbv2): ResourceKind {
  const toResource = (balancer: FakeLoadBalancer): Resource => ({
    arn: balancer.arn,
    type: AWS_TYPES.loadBalancer,
    accountId: balancer.accountId,
    region: balancer.region,
    name: balancer.loadBalancerName,
    tags: tagsOf(balancer),
    state: balancer.state,
    protection: { deletion: balancer.deletionProtection, stop: false },
    dependsOn: [],
  });
  const idOf = (arn: string) =>
    /^arn:aws[a-z-]*:elasticloadbalancing:[a-z0-9-]+:\d{12}:loadbalancer\/(app|net)\/[^/]+\/[0-9a-f]+$/.test(arn)
      ? arn
      : null;
  const actionId = (action: { target: { arn?: string } }) =>
    action.target.arn === undefined ? null : idOf(action.target.arn);
  const claims = claimsOn('elasticloadbalancing', 'default');
  return {
    type: AWS_TYPES.loadBalancer,
    idOf,
    list: (region) =>
      pagesOf(
        (token) => elb.describeLoadBalancersPage(region, token),
        (items) => items.map(toResource),
      ),
    describe: (arn) =>
      goneAsNull(elb.describeLoadBalancers([arn]), (found) => (found[0] ? toResource(found[0]) : null)),
    handlers: {
      'resource.stop': notStoppableHandler(AWS_TYPES.loadBalancer),
      'protection.lift': simpleHandler({
        claims,
        idOf: actionId,
        run: (arn) =>
          elb.setDeletionProtection(arn, false).map(() => ({ loadBalancerArn: arn, deletionProtection: false })),
        readBack: (arn) =>
          elb
            .describeLoadBalancers([arn])
            .map((found) =>
              found[0]?.deletionProtection === false ? { loadBalancerArn: arn, deletionProtection: false } : null,
            ),
      }),
      'resource.delete': simpleHandler({
        claims,
        idOf: actionId,
        run: (arn) => elb.deleteLoadBalancer(arn),
        readBack: (arn) => goneRead(elb.describeLoadBalancers([arn]), { loadBalancerArn: arn, state: 'deleted' }),
        goneIsDone: true,
      }),
    },
  };
}

/** ELBv2 target groups: depend on the load balancers whose listeners forward to them (`ResourceInUse` until those go). */
export function targetGroupKind(elb: FakeElbv2): ResourceKind {
  const toResource = (group: DescribedTargetGroup): Resource => ({
    arn: group.arn,
    type: AWS_TYPES.targetGroup,
    accountId: group.accountId,
    region: group.region,
    ...nameOf({ name: group.targetGroupName, tags: group.tags }),
    tags: tagsOf(group),
    state: group.loadBalancerArns.length === 0 ? 'unused' : 'in-use',
    protection: { deletion: false, stop: false },
    dependsOn: [...group.loadBalancerArns],
  });
  const idOf = (arn: string) =>
    /^arn:aws[a-z-]*:elasticloadbalancing:[a-z0-9-]+:\d{12}:targetgroup\/[^/]+\/[0-9a-f]+$/.test(arn) ? arn : null;
  return {
    type: AWS_TYPES.targetGroup,
    idOf,
    list: (region) =>
      pagesOf(
        (token) => elb.describeTargetGroupsPage(region, token),
        (items) => items.map(toResource),
      ),
    describe: (arn) => goneAsNull(elb.describeTargetGroups([arn]), (found) => (found[0] ? toResource(found[0]) : null)),
    handlers: {
      'resource.stop': notStoppableHandler(AWS_TYPES.targetGroup),
      'protection.lift': noProtectionHandler(AWS_TYPES.targetGroup),
      'resource.delete': simpleHandler({
        claims: claimsOn('elasticloadbalancing', 'default'),
        idOf: (action) => (action.target.arn === undefined ? null : idOf(action.target.arn)),
        run: (arn) => elb.deleteTargetGroup(arn),
        readBack: (arn) => goneRead(elb.describeTargetGroups([arn]), { targetGroupArn: arn, state: 'deleted' }),
        goneIsDone: true,
      }),
    },
  };
}
