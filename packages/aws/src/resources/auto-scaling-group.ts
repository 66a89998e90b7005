import {
  type AutoScalingGroup,
  DeleteAutoScalingGroupCommand,
  paginateDescribeAutoScalingGroups,
} from '@aws-sdk/client-auto-scaling';
import type { Action, ActionHandler, DecomError, HandlerOutcome, Resource } from '@decomkit/core';
import { decomError, errAsync, okAsync, ResultAsync } from '@decomkit/core';
import { type Place, parseArn } from '../arns.js';
import { awsCall } from '../aws-call.js';
import type { AwsClients } from '../clients.js';
import { onTarget } from '../permissions/iam-grant.js';
import { defineAwsResourceType } from './define-resource-type.js';
import { chunks, claimsOn, done, placeOf, tagRecord, targetId } from './resource-type.js';

const TYPE = 'AWS::AutoScaling::AutoScalingGroup';
/** Group names per DescribeAutoScalingGroups call (the API takes up to 100; 50 keeps pages small). */
const NAME_CHUNK = 50;
/** The status AWS gives a group while DeleteAutoScalingGroup runs. */
const DELETE_IN_PROGRESS = 'Delete in progress';
const claims = claimsOn('autoscaling', 'default');

/** The group name of an Auto Scaling group ARN (`…:autoScalingGroup:<uuid>:autoScalingGroupName/<name>`), or null. */
export function autoScalingGroupNameOf(arn: string): string | null {
  const parsed = parseArn(arn);
  if (parsed?.service !== 'autoscaling') return null;
  const match = /^autoScalingGroup:[^:]+:autoScalingGroupName\/(.+)$/.exec(parsed.resource);
  return match?.[1] ?? null;
}

/**
 * The ARN of a group named by a CloudFormation physical id (its name). The
 * group's id is not in the name: `*` stands for it, and describing the ARN
 * returns the group under its own ARN.
 */
function groupArnOfName(place: Place, name: string): string {
  return `arn:${place.partition ?? 'aws'}:autoscaling:${place.region}:${place.accountId}:autoScalingGroup:*:autoScalingGroupName/${name}`;
}

/** Every group DescribeAutoScalingGroups returns for `input` (paginated, 100 a page). */
function listGroups(
  clients: AwsClients,
  region: string,
  input: { AutoScalingGroupNames?: string[]; Filters?: { Name: string; Values: string[] }[] },
) {
  const autoscaling = clients.get('autoscaling', region);
  return awsCall({ operation: 'autoscaling:DescribeAutoScalingGroups' }, async () => {
    const found: AutoScalingGroup[] = [];
    for await (const page of paginateDescribeAutoScalingGroups(
      { client: autoscaling },
      { ...input, MaxRecords: 100 },
    )) {
      found.push(...(page.AutoScalingGroups ?? []));
    }
    return found;
  });
}

/**
 * The Auto Scaling groups of `region` that use each target group (their
 * `TargetGroupARNs`): a target group is retired after them, or deleting the
 * group would find its target group gone.
 */
export function groupsByTargetGroup(
  clients: AwsClients,
  region: string,
): ResultAsync<ReadonlyMap<string, readonly string[]>, DecomError> {
  return listGroups(clients, region, {}).map((groups) => {
    const users = new Map<string, string[]>();
    for (const group of groups) {
      if (group.AutoScalingGroupARN === undefined) continue;
      for (const targetGroup of group.TargetGroupARNs ?? []) {
        users.set(targetGroup, [...(users.get(targetGroup) ?? []), group.AutoScalingGroupARN]);
      }
    }
    return users;
  });
}

/** The groups among `names` (DescribeAutoScalingGroups, paginated): unknown names are simply absent. */
export function describeGroups(clients: AwsClients, region: string, names: readonly string[]) {
  return ResultAsync.combine(
    chunks(names, NAME_CHUNK).map((chunk) => listGroups(clients, region, { AutoScalingGroupNames: chunk })),
  ).map((pages) => pages.flat());
}

function describeOne(clients: AwsClients, action: Action, name: string) {
  return describeGroups(clients, placeOf(action).region, [name]).map((found) => found[0] ?? null);
}

/** The instance ids of a group that ForceDelete would terminate (every member not already terminated). */
function membersOf(group: AutoScalingGroup): string[] {
  return (group.Instances ?? [])
    .filter((member) => member.LifecycleState !== 'Terminated')
    .flatMap((member) => (member.InstanceId === undefined ? [] : [member.InstanceId]));
}

function toResource(place: Place, group: AutoScalingGroup): Resource {
  const name = group.AutoScalingGroupName ?? '';
  return {
    arn: group.AutoScalingGroupARN ?? groupArnOfName(place, name),
    type: TYPE,
    accountId: place.accountId,
    region: place.region,
    name,
    tags: tagRecord(group.Tags),
    state:
      group.Status === DELETE_IN_PROGRESS
        ? 'deleting'
        : `desired ${group.DesiredCapacity ?? 0}, running ${membersOf(group).length}`,
    protection: { deletion: false, stop: false },
    dependsOn: [],
  };
}

/** The instance ids an action says are retired together with the group (`params.dependentArns`). */
function plannedInstanceIds(action: Action): Set<string> {
  const arns = Array.isArray(action.params.dependentArns) ? action.params.dependentArns : [];
  return new Set(arns.map((arn) => String(arn).replace(/^.*instance\//, '')));
}

/**
 * Delete: DeleteAutoScalingGroup with `ForceDelete=true`, which terminates the
 * group's instances (not replaced). Refused (Conflict, nothing sent) while the
 * group holds an instance that is not planned to go with it
 * (`params.dependentArns`), as the fake does. AWS deletes the group
 * asynchronously (`Delete in progress`): the handler checkpoints and polls until
 * DescribeAutoScalingGroups no longer knows it.
 */
function deleteHandler(clients: AwsClients): ActionHandler {
  const type = { type: TYPE, idOf: autoScalingGroupNameOf };
  const progress = (action: Action, name: string, terminated: string[]): ResultAsync<HandlerOutcome, DecomError> =>
    describeOne(clients, action, name).map((group) =>
      group === null
        ? done({ groupName: name, state: 'deleted', forceDelete: true, terminatedInstanceIds: terminated })
        : {
            status: 'pending',
            checkpoint: { groupName: name, terminatedInstanceIds: terminated },
            pollAfterMilliseconds: clients.pollMilliseconds,
          },
    );
  return {
    rateLimits: claims,
    execute: (action, context) =>
      targetId(type, action).andThen((name) =>
        describeOne(clients, action, name).andThen((group) => {
          const resource = action.target.arn ?? name;
          if (group === null) {
            // Already gone: at-least-once delivery counts it deleted.
            return okAsync(done({ groupName: name, state: 'deleted', alreadyGone: true }));
          }
          const members = membersOf(group);
          if (group.Status === DELETE_IN_PROGRESS) return progress(action, name, members);
          const planned = plannedInstanceIds(action);
          const strangers = members.filter((id) => !planned.has(id));
          if (strangers.length > 0) {
            return errAsync(
              decomError.conflict({
                message: `Auto Scaling group ${name} holds instances not planned for retirement (${strangers.join(', ')}): refusing ForceDelete`,
                resource,
              }),
            );
          }
          return awsCall(
            { operation: 'autoscaling:DeleteAutoScalingGroup', resource, signal: context.signal },
            (options) =>
              clients
                .get('autoscaling', placeOf(action).region)
                .send(new DeleteAutoScalingGroupCommand({ AutoScalingGroupName: name, ForceDelete: true }), options),
          ).andThen(() => progress(action, name, members));
        }),
      ),
    poll: (action, checkpoint) =>
      targetId(type, action).andThen((name) =>
        progress(
          action,
          name,
          Array.isArray(checkpoint.terminatedInstanceIds) ? checkpoint.terminatedInstanceIds.map(String) : [],
        ),
      ),
    reconcile: (action) =>
      targetId(type, action).andThen((name) =>
        describeOne(clients, action, name).andThen(
          (group): ResultAsync<HandlerOutcome | { status: 'absent' }, DecomError> => {
            if (group === null) return okAsync(done({ groupName: name, state: 'deleted', forceDelete: true }));
            return group.Status === DELETE_IN_PROGRESS
              ? progress(action, name, membersOf(group))
              : okAsync({ status: 'absent' });
          },
        ),
      ),
  };
}

/**
 * Auto Scaling groups: describe (DescribeAutoScalingGroups: tags, desired
 * capacity, members), delete with ForceDelete (refused while it holds an
 * instance not planned with it), polled until gone. The group depends on
 * nothing; its instances depend on it (see `EC2_INSTANCE`), so it is retired
 * first and nothing replaces what goes. Not stoppable (as the fake); no protection.
 * Discovered by DescribeAutoScalingGroups `tag:<key>` filters: the tagging API's
 * GetResources does not list Auto Scaling groups (AWS documents it returns
 * nothing for them; the emulator omits them too).
 *
 * @example
 * ```ts
 * const port = awsRetirementPort(clients, [AUTO_SCALING_GROUP, EC2_INSTANCE]);
 * ```
 */
export const AUTO_SCALING_GROUP = defineAwsResourceType({
  iam: {
    read: ['autoscaling:DescribeAutoScalingGroups'],
    delete: [onTarget('autoscaling:DeleteAutoScalingGroup')],
  },
  type: TYPE,
  arnShape: { service: 'autoscaling', prefix: 'autoScalingGroup:' },
  config: { pattern: /^autoScalingGroup:[0-9a-f-]+:autoScalingGroupName\/(.+)$/, lookup: 'name' },
  idOf: autoScalingGroupNameOf,
  arnOf: groupArnOfName,
  describeMany: (clients, place, names) =>
    describeGroups(clients, place.region, names).map((groups) => groups.map((group) => toResource(place, group))),
  discoverByTags: (clients, place, tags) =>
    listGroups(clients, place.region, {
      Filters: Object.entries(tags).map(([key, value]) => ({ Name: `tag:${key}`, Values: [value] })),
    }).map((groups) => groups.map((group) => toResource(place, group))),
  delete: deleteHandler,
});
