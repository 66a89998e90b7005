import { DescribeAutoScalingGroupsCommand } from '@aws-sdk/client-auto-scaling';
import { DescribeInstanceAttributeCommand, type Instance, ModifyInstanceAttributeCommand } from '@aws-sdk/client-ec2';
import {
  type Action,
  type DecomError,
  err,
  errAsync,
  ok,
  okAsync,
  type Resource,
  type ResourceScope,
  ResultAsync,
} from '@decomkit/core';
import { ec2InstanceBatch, STACK_NAME_TAG } from '@decomkit/provider-kit';
import { ec2Arn, ec2IdOf, type Place } from '../arns.js';
import { awsCall } from '../aws-call.js';
import type { AwsClients } from '../clients.js';
import { onTarget } from '../permissions/iam-grant.js';
import { defineAwsResourceType } from './define-resource-type.js';
import { describeInstances, instancePagesByTags, stopInstances, terminateChecked } from './ec2-instance-calls.js';
import {
  type AwsResourceType,
  chunks,
  claimsOn,
  type DescribeOptions,
  limited,
  nameFrom,
  placeOf,
  simpleHandler,
  tagRecord,
} from './resource-type.js';

const TYPE = 'AWS::EC2::Instance';
/** Concurrent DescribeInstanceAttribute calls while describing a page. */
const ATTRIBUTE_CONCURRENCY = 8;

/** The instance id of an EC2 instance ARN, or null. */
export function instanceIdOf(arn: string): string | null {
  return ec2IdOf(arn, 'instance');
}

/** What discovery reports for an instance's protection when it does not read it: checked at apply. */
const UNREAD_PROTECTION: Resource['protection'] = Object.freeze({ deletion: 'unknown', stop: 'unknown' });

/** DisableApiTermination and DisableApiStop of one instance (two DescribeInstanceAttribute calls). */
function protectionOf(
  clients: AwsClients,
  place: Place,
  id: string,
): ResultAsync<{ deletion: boolean; stop: boolean }, DecomError> {
  const ec2 = clients.get('ec2', place.region);
  const resource = ec2Arn(place, 'instance', id);
  const read = (Attribute: 'disableApiTermination' | 'disableApiStop') =>
    awsCall({ operation: 'ec2:DescribeInstanceAttribute', resource }, () =>
      ec2.send(new DescribeInstanceAttributeCommand({ InstanceId: id, Attribute })),
    );
  return ResultAsync.combine([read('disableApiTermination'), read('disableApiStop')]).map(([termination, stop]) => ({
    deletion: termination.DisableApiTermination?.Value === true,
    stop: stop.DisableApiStop?.Value === true,
  }));
}

/** The tag AWS puts on instances launched by an Auto Scaling group. */
const AUTO_SCALING_GROUP_TAG = 'aws:autoscaling:groupName';

/**
 * The ARNs of the live Auto Scaling groups named on `instances` (DescribeAutoScalingGroups,
 * 50 names a call), by group name and member instance id.
 */
function groupsOf(clients: AwsClients, region: string, instances: readonly Instance[]) {
  const names = [
    ...new Set(
      instances.flatMap((instance) => instance.Tags?.find((tag) => tag.Key === AUTO_SCALING_GROUP_TAG)?.Value ?? []),
    ),
  ];
  return ResultAsync.combine(
    chunks(names, 50).map((chunk) =>
      awsCall({ operation: 'autoscaling:DescribeAutoScalingGroups' }, () =>
        clients.get('autoscaling', region).send(new DescribeAutoScalingGroupsCommand({ AutoScalingGroupNames: chunk })),
      ).map((output) => output.AutoScalingGroups ?? []),
    ),
  ).map((pages) => {
    const groupOfInstance = new Map<string, string>();
    for (const group of pages.flat()) {
      for (const member of group.Instances ?? []) {
        if (member.InstanceId !== undefined && group.AutoScalingGroupARN !== undefined) {
          groupOfInstance.set(member.InstanceId, group.AutoScalingGroupARN);
        }
      }
    }
    return groupOfInstance;
  });
}

function scopeOf(place: Place, instance: Instance): ResourceScope {
  return {
    arn: ec2Arn(place, 'instance', instance.InstanceId ?? ''),
    type: TYPE,
    accountId: place.accountId,
    region: place.region,
    tags: tagRecord(instance.Tags),
    state: instance.State?.Name ?? 'unknown',
  };
}

function toResource(
  place: Place,
  instance: Instance,
  protection: Resource['protection'],
  group: string | undefined,
): Resource {
  const scope = scopeOf(place, instance);
  return {
    ...scope,
    ...nameFrom(scope.tags ?? {}, instance.InstanceId ?? ''),
    protection,
    // An instance of a live Auto Scaling group depends on it: the group goes first, or it replaces what is terminated.
    dependsOn: group === undefined ? [] : [group],
    // EC2 never reuses an instance id: it is the identity.
    resourceIdentity: instance.InstanceId ?? '',
  };
}

/**
 * The live (not terminated) instances among `ids`: one DescribeInstances per
 * 200 ids and one DescribeAutoScalingGroups per 50 group names. Their
 * protection is `'unknown'` (checked at apply) unless `readInstanceProtection`
 * asks for it or the instance belongs to a CloudFormation stack: then two
 * DescribeInstanceAttribute calls per such instance.
 */
function describeMany(
  clients: AwsClients,
  place: Place,
  ids: readonly string[],
  options: DescribeOptions = {},
): ResultAsync<Resource[], DecomError> {
  return describeInstances(clients, place.region, ids).andThen((instances) =>
    describeFound(clients, place, instances, options),
  );
}

/** `describeMany` of instances already read: the live ones, with their group and protection (as read at plan). */
function describeFound(
  clients: AwsClients,
  place: Place,
  instances: readonly Instance[],
  options: DescribeOptions,
): ResultAsync<Resource[], DecomError> {
  const live = instances.filter((instance) => instance.State?.Name !== 'terminated');
  return groupsOf(clients, place.region, live).andThen((groups) => {
    const groupOf = (instance: Instance) => groups.get(instance.InstanceId ?? '');
    // A CloudFormation stack's instance is deleted by its stack's delete, which cannot leave a refused member
    // out (it ends DELETE_FAILED with the rest gone): its protection is always read at plan, so a protected
    // member blocks its stack there, as before.
    const readAtPlan = (instance: Instance) =>
      options.readInstanceProtection === true || instance.Tags?.some((tag) => tag.Key === STACK_NAME_TAG) === true;
    return limited(live, ATTRIBUTE_CONCURRENCY, (instance) =>
      readAtPlan(instance)
        ? protectionOf(clients, place, instance.InstanceId ?? '').map((protection) =>
            toResource(place, instance, protection, groupOf(instance)),
          )
        : okAsync(toResource(place, instance, UNREAD_PROTECTION, groupOf(instance))),
    );
  });
}

/**
 * Discovery by tags: DescribeInstances with `tag:` filters, 1,000 instances a
 * page, each page as `describeMany` (or `describeScopes`) reads it, with the
 * ids of every instance it named (terminated ones too).
 */
const byTags: NonNullable<AwsResourceType['byTags']> = {
  async *describe(clients, place, tags, options = {}) {
    for await (const page of instancePagesByTags(clients, place.region, tags)) {
      if (page.isErr()) return yield err(page.error);
      const resources = await describeFound(clients, place, page.value, options);
      if (resources.isErr()) return yield err(resources.error);
      yield ok({ resources: resources.value, ids: idsOf(page.value) });
    }
  },
  async *scopes(clients, place, tags) {
    for await (const page of instancePagesByTags(clients, place.region, tags)) {
      if (page.isErr()) return yield err(page.error);
      yield ok({ resources: liveScopes(place, page.value), ids: idsOf(page.value) });
    }
  },
};

const idsOf = (instances: readonly Instance[]) => instances.flatMap((instance) => instance.InstanceId ?? []);

/** The live instances of `instances` as the engine's re-read needs them. */
function liveScopes(place: Place, instances: readonly Instance[]): ResourceScope[] {
  return instances
    .filter((instance) => instance.State?.Name !== 'terminated')
    .map((instance) => scopeOf(place, instance));
}

/**
 * Lifts what is set of one instance's DisableApiTermination and DisableApiStop,
 * read first (its protection may not have been read at plan): nothing set is a
 * lift done with nothing to lift.
 */
function liftSet(clients: AwsClients, place: Place, id: string, signal: AbortSignal) {
  const ec2 = clients.get('ec2', place.region);
  const resource = ec2Arn(place, 'instance', id);
  const modify = (input: ConstructorParameters<typeof ModifyInstanceAttributeCommand>[0]) =>
    awsCall({ operation: 'ec2:ModifyInstanceAttribute', resource, signal }, (options) =>
      ec2.send(new ModifyInstanceAttributeCommand(input), options),
    );
  return protectionOf(clients, place, id).andThen((protection) => {
    const lifted = [
      ...(protection.deletion ? ['DisableApiTermination'] : []),
      ...(protection.stop ? ['DisableApiStop'] : []),
    ];
    if (lifted.length === 0) return okAsync({ instanceId: id, protection: 'nothing to lift', lifted });
    const none = () => okAsync<unknown, DecomError>(null);
    const termination = protection.deletion
      ? modify({ InstanceId: id, DisableApiTermination: { Value: false } })
      : none();
    return termination
      .andThen(
        (): ResultAsync<unknown, DecomError> =>
          protection.stop ? modify({ InstanceId: id, DisableApiStop: { Value: false } }) : none(),
      )
      .map(() => ({ instanceId: id, protection: 'lifted', lifted }));
  });
}

/** The live instances among `ids` as the engine's re-read needs them: one DescribeInstances per 200 ids, nothing else. */
function describeScopes(
  clients: AwsClients,
  place: Place,
  ids: readonly string[],
): ResultAsync<ResourceScope[], DecomError> {
  return describeInstances(clients, place.region, ids).map((instances) => liveScopes(place, instances));
}

/** The state of one instance, or null when EC2 no longer knows it. */
function stateOf(clients: AwsClients, region: string, id: string): ResultAsync<string | null, DecomError> {
  return describeInstances(clients, region, [id]).map((found) => found[0]?.State?.Name ?? null);
}

const type = { type: TYPE, idOf: instanceIdOf };

/** The instance id of an action's target, or null when it names no instance. */
function instanceIdOfTarget(action: Action): string | null {
  return action.target.arn === undefined ? null : instanceIdOf(action.target.arn);
}

/** A read-back: the result once the instance is in one of `states` (or gone), null before. */
function settledRead(clients: AwsClients) {
  return (states: readonly string[]) => (id: string, action: Action) =>
    stateOf(clients, placeOf(action).region, id).map((state) =>
      state === null || states.includes(state) ? { instanceId: id, state: state ?? 'gone' } : null,
    );
}

/**
 * EC2 instances: describe (DescribeInstances; protection `'unknown'`, or read
 * with DescribeInstanceAttribute for DisableApiTermination / DisableApiStop
 * when `readInstanceProtection` asks), stop (StopInstances, batched), delete
 * (TerminateInstances, batched, refused when it would take unplanned volumes
 * with it), lift (reads both attributes, then ModifyInstanceAttribute = false
 * for each one set; none set: done, nothing to lift), each reconciled by
 * describing the instance. A stop or terminate refused by the instance's
 * protection fails with a `Conflict` whose `protection` names the attribute.
 */
export const EC2_INSTANCE = defineAwsResourceType({
  iam: {
    read: [
      'ec2:DescribeInstances',
      'ec2:DescribeInstanceAttribute',
      'ec2:DescribeVolumes',
      'autoscaling:DescribeAutoScalingGroups',
    ],
    stop: [onTarget('ec2:StopInstances')],
    lift: [onTarget('ec2:ModifyInstanceAttribute')],
    delete: [onTarget('ec2:TerminateInstances')],
  },
  type: TYPE,
  arnShape: { service: 'ec2', prefix: 'instance/' },
  config: { pattern: /^instance\/(i-[0-9a-f]+)$/, lookup: 'id' },
  stoppable: true,
  holdsData: true,
  traffic: { namespace: 'AWS/EC2', metric: 'NetworkIn', reportsWhile: ['running'] },
  idOf: instanceIdOf,
  arnOf: (place, id) => ec2Arn(place, 'instance', id),
  describeMany,
  describeScopes,
  byTags,
  handlers(clients) {
    const settled = settledRead(clients);
    return {
      'resource.stop': {
        ...simpleHandler({
          type,
          claims: claimsOn('ec2', 'mutating', 'stop-instances-resource'),
          run: (id, action, signal) =>
            stopInstances(clients, placeOf(action), [id], signal).map((states) => ({
              instanceId: id,
              state: states.get(id) ?? 'stopping',
            })),
          readBack: settled(['stopping', 'stopped', 'shutting-down', 'terminated']),
        }),
        batch: ec2InstanceBatch('stop-instances-resource', instanceIdOfTarget, (ids, actions, signal) =>
          stopInstances(clients, placeOf(actions[0] as Action), ids, signal),
        ),
      },
      'protection.lift': simpleHandler({
        type,
        claims: claimsOn('ec2', 'mutating'),
        run: (id, action, signal) => liftSet(clients, placeOf(action), id, signal),
        readBack: (id, action) =>
          protectionOf(clients, placeOf(action), id)
            .map((protection) =>
              protection.deletion || protection.stop ? null : { instanceId: id, protection: 'lifted' },
            )
            // An instance EC2 does not know had nothing lifted: the lift is absent, not an error.
            .orElse((error) => (error.code === 'NotFound' ? okAsync(null) : errAsync(error))),
      }),
    };
  },
  delete: (clients) => ({
    ...simpleHandler({
      type,
      claims: claimsOn('ec2', 'mutating', 'terminate-instances-resource'),
      run: (id, action, signal) =>
        terminateChecked(clients, [action], [id], signal).map((states) => ({
          instanceId: id,
          state: states.get(id) ?? 'terminated',
        })),
      readBack: settledRead(clients)(['shutting-down', 'terminated']),
    }),
    batch: ec2InstanceBatch('terminate-instances-resource', instanceIdOfTarget, (ids, actions, signal) =>
      terminateChecked(clients, actions, ids, signal),
    ),
  }),
});
