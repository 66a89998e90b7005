import type { Action, DecomError, Resource, ResultAsync } from '@decomkit/core';
import { decomError, errAsync, ok, okAsync } from '@decomkit/core';
import {
  type Ec2ProtectedCall,
  ec2InstanceBatch,
  ec2ProtectionRefusalOf,
  ec2ProtectionRefused,
  unplannedVolumes,
} from '@decomkit/provider-kit';
import { autoScalingGroupArn } from '../source/arns.js';
import type { FakeAutoScaling } from '../source/autoscaling.js';
import type { FakeEbs } from '../source/ebs.js';
import type { FakeEc2 } from '../source/ec2.js';
import { AUTO_SCALING_GROUP_TAG, AWS_TYPES } from '../source/resource-types.js';
import type { FakeAutoScalingGroup } from '../source/source-types.js';
import type { FakeInstance } from '../world.js';
import { defineFakeResourceKind } from './define-fake-resource-kind.js';
import { instanceIdOf, instanceResource } from './fake-resources.js';
import { actionIdOf, claimsOn, pagesOf, type ResourceKind, simpleHandler } from './resource-kind.js';

/**
 * EC2 instances: stop (StopInstances), delete (TerminateInstances), lift
 * (ModifyInstanceAttribute DisableApiTermination/DisableApiStop = false). An
 * instance of a live Auto Scaling group depends on the group (the group must
 * go first, or it replaces what is terminated). Holds data; its traffic is
 * NetworkIn, reported without pause while `running`.
 */
export function instanceKind(ec2: FakeEc2, autoScaling: FakeAutoScaling, ebs: FakeEbs): ResourceKind {
  // TerminateInstances also deletes volumes attached with DeleteOnTermination and detaches the others:
  // refuse unless each such volume is planned for retirement with its instance (params.dependentArns)
  // or is part of it (untagged, DeleteOnTermination: see the provider kit's unplannedVolumes).
  const terminateChecked = (actions: readonly Action[], ids: string[]) =>
    ebs.describeVolumesAttachedTo(ids).andThen((volumes) => {
      const planned = new Set(actions.flatMap((action) => plannedIds(action)));
      const strangers = unplannedVolumes(
        volumes.map((volume) => ({ ...volume, deleteOnTermination: volume.attachment?.deleteOnTermination === true })),
        planned,
      );
      if (strangers.length > 0) {
        const names = strangers
          .map((volume) => {
            const fate = volume.attachment?.deleteOnTermination ? 'deleted' : 'detached';
            return `${volume.id} (on ${volume.attachment?.instanceId}, ${fate} with it)`;
          })
          .join(', ');
        return errAsync(
          decomError.conflict({
            message: `terminating would also change ${names}, not planned for retirement (tag it or select it by ARN): refused`,
          }),
        );
      }
      return ec2.terminateInstances(ids).orElse(protectionRefusal('terminate', ids));
    });
  // A stop or terminate refused by an instance's protection: the typed error naming it and the state it stays in.
  const protectionRefusal =
    (call: Ec2ProtectedCall, ids: readonly string[]) =>
    (error: DecomError): ResultAsync<never, DecomError> => {
      const refused = ec2ProtectionRefusalOf(error, call, ids);
      if (refused === null) return errAsync(error);
      return ec2.describeInstances([refused.instanceId]).andThen((found) =>
        errAsync(
          ec2ProtectionRefused({
            ...refused,
            call,
            arn: found[0]?.arn ?? refused.instanceId,
            state: found[0]?.state ?? null,
            cause: error,
          }),
        ),
      );
    };
  const stopChecked = (ids: string[]) => ec2.stopInstances(ids).orElse(protectionRefusal('stop', ids));
  const groupsOf = (region: string, names: readonly string[]): ResultAsync<FakeAutoScalingGroup[], DecomError> =>
    names.length === 0 ? okAsync([]) : autoScaling.describeAutoScalingGroups(region, [...new Set(names)]);
  const withGroups = (region: string, instances: FakeInstance[]) => {
    const live = instances.filter((instance) => instance.state !== 'terminated');
    const names = live.flatMap((instance) => instance.tags[AUTO_SCALING_GROUP_TAG] ?? []);
    return groupsOf(region, names).map((groups) =>
      live.map((instance) => {
        const group = groups.find((candidate) => candidate.instanceIds.includes(instance.id));
        const resource = instanceResource(instance);
        return group === undefined
          ? resource
          : { ...resource, dependsOn: [autoScalingGroupArn(group, group.groupName)] };
      }),
    );
  };
  const idOf = actionIdOf(instanceIdOf);
  /** The result once the instance is `settled`; one EC2 does not know settles when `goneSettles`, as the AWS provider reads it. */
  const readBack =
    (settled: (instance: FakeInstance) => boolean, goneSettles = false) =>
    (id: string) =>
      ec2.describeInstances([id]).map((found) => {
        const instance = found[0];
        if (instance === undefined) return goneSettles ? { instanceId: id, state: 'gone' } : null;
        return settled(instance) ? { instanceId: id, state: instance.state } : null;
      });
  return defineFakeResourceKind({
    type: AWS_TYPES.instance,
    idOf: instanceIdOf,
    holdsData: true,
    traffic: { namespace: 'AWS/EC2', metric: 'NetworkIn', reportsWhile: ['running'] },
    list: (region) =>
      pagesOf(
        (token) => ec2.describeInstancesPage(region, token).map(({ instances, next }) => ({ items: instances, next })),
        (instances) => withGroups(region, instances),
      ),
    describe: (_arn, id) =>
      ec2.describeInstances([id]).andThen((found) => {
        const instance = found[0];
        if (instance === undefined || instance.state === 'terminated') return ok<Resource | null, DecomError>(null);
        return withGroups(instance.region, [instance]).map((resources) => resources[0] ?? null);
      }),
    retire: {
      claims: claimsOn('ec2', 'mutating'),
      stop: {
        ...simpleHandler({
          claims: claimsOn('ec2', 'mutating', 'stop-instances-resource'),
          idOf,
          run: (id) => stopChecked([id]).map((found) => ({ instanceId: id, state: found[0]?.state ?? 'stopped' })),
          readBack: readBack((instance) => instance.state === 'stopped' || instance.state === 'terminated', true),
        }),
        batch: ec2InstanceBatch('stop-instances-resource', idOf, (ids) =>
          stopChecked(ids).map((found) => new Map(found.map((instance) => [instance.id, instance.state]))),
        ),
      },
      delete: {
        ...simpleHandler({
          claims: claimsOn('ec2', 'mutating', 'terminate-instances-resource'),
          idOf,
          run: (id, action) => terminateChecked([action], [id]).map(() => ({ instanceId: id, state: 'terminated' })),
          readBack: readBack((instance) => instance.state === 'terminated', true),
        }),
        batch: ec2InstanceBatch('terminate-instances-resource', idOf, (ids, actions) =>
          terminateChecked(actions, ids).map(() => new Map(ids.map((id) => [id, 'terminated']))),
        ),
      },
      lift: {
        // Reads the flags first (they may not have been read at plan) and lifts only those set.
        run: (id) =>
          ec2.describeInstances([id]).andThen((found) => {
            const instance = found[0];
            if (instance === undefined) {
              return errAsync(
                decomError.notFound({
                  message: `InvalidInstanceID.NotFound: the instance ID '${id}' does not exist`,
                  resource: id,
                }),
              );
            }
            const lifted = [
              ...(instance.terminationProtection ? ['DisableApiTermination'] : []),
              ...(instance.stopProtection ? ['DisableApiStop'] : []),
            ];
            if (lifted.length === 0) return okAsync({ instanceId: id, protection: 'nothing to lift', lifted });
            return ec2
              .modifyInstanceAttribute(id, {
                ...(instance.terminationProtection ? { disableApiTermination: false } : {}),
                ...(instance.stopProtection ? { disableApiStop: false } : {}),
              })
              .map(() => ({ instanceId: id, protection: 'lifted', lifted }));
          }),
        readBack: (id) =>
          readBack((instance) => !instance.terminationProtection && !instance.stopProtection)(id).map((found) =>
            found === null ? null : { instanceId: id, protection: 'lifted' },
          ),
      },
    },
  });
}

/** The resource ids (last ARN segment) an action says are retired together with its target. */
function plannedIds(action: Action): string[] {
  const arns = Array.isArray(action.params.dependentArns) ? action.params.dependentArns : [];
  return arns.map((arn) => String(arn).replace(/^.*[/:]/, ''));
}
