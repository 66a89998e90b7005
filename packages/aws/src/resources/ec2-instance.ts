import { DescribeAutoScalingGroupsCommand } from '@aws-sdk/client-auto-scaling';
import {
  DescribeInstanceAttributeCommand,
  type Instance,
  ModifyInstanceAttributeCommand,
  paginateDescribeInstances,
  paginateDescribeVolumes,
  StopInstancesCommand,
  TerminateInstancesCommand,
} from '@aws-sdk/client-ec2';
import {
  type Action,
  type AttachedVolume,
  type BatchHandler,
  type DecomError,
  decomError,
  errAsync,
  type HandlerOutcome,
  okAsync,
  type Resource,
  type ResourceScope,
  ResultAsync,
  unplannedVolumes,
} from '@decomkit/core';
import { ec2Arn, ec2IdOf, type Place } from '../arns.js';
import { awsCall } from '../aws-call.js';
import type { AwsClients } from '../clients.js';
import {
  type AwsResourceType,
  chunks,
  claimsOn,
  describeInChunks,
  done,
  limited,
  nameFrom,
  placeOf,
  simpleHandler,
  tagRecord,
} from './resource-type.js';

const TYPE = 'AWS::EC2::Instance';
/** Instance ids per DescribeInstances filter (EC2 takes up to 200 filter values). */
const FILTER_CHUNK = 200;
/** Concurrent DescribeInstanceAttribute calls while describing a page. */
const ATTRIBUTE_CONCURRENCY = 8;
/** The most instance ids one StopInstances / TerminateInstances call carries here. */
const INSTANCE_BATCH_SIZE = 1000;

/** The instance id of an EC2 instance ARN, or null. */
export function instanceIdOf(arn: string): string | null {
  return ec2IdOf(arn, 'instance');
}

/** Every instance among `ids` (terminated ones included), a filter chunk at a time. */
function describeInstances(clients: AwsClients, region: string, ids: readonly string[]) {
  const ec2 = clients.get('ec2', region);
  return describeInChunks(
    'ec2:DescribeInstances',
    ids,
    FILTER_CHUNK,
    (chunk) =>
      paginateDescribeInstances(
        { client: ec2 },
        { Filters: [{ Name: 'instance-id', Values: chunk }], MaxResults: 1000 },
      ),
    (page) => (page.Reservations ?? []).flatMap((reservation) => reservation.Instances ?? []),
  );
}

/** DisableApiTermination and DisableApiStop of one instance (two DescribeInstanceAttribute calls). */
function protectionOf(clients: AwsClients, place: Place, id: string) {
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
  };
}

/** The live (not terminated) instances among `ids`, with their protection flags. */
function describeMany(clients: AwsClients, place: Place, ids: readonly string[]): ResultAsync<Resource[], DecomError> {
  return describeInstances(clients, place.region, ids).andThen((instances) => {
    const live = instances.filter((instance) => instance.State?.Name !== 'terminated');
    return groupsOf(clients, place.region, live).andThen((groups) =>
      limited(live, ATTRIBUTE_CONCURRENCY, (instance) =>
        protectionOf(clients, place, instance.InstanceId ?? '').map((protection) =>
          toResource(place, instance, protection, groups.get(instance.InstanceId ?? '')),
        ),
      ),
    );
  });
}

/** The live instances among `ids` as the engine's re-read needs them: one DescribeInstances per 200 ids, nothing else. */
function describeScopes(
  clients: AwsClients,
  place: Place,
  ids: readonly string[],
): ResultAsync<ResourceScope[], DecomError> {
  return describeInstances(clients, place.region, ids).map((instances) =>
    instances.filter((instance) => instance.State?.Name !== 'terminated').map((instance) => scopeOf(place, instance)),
  );
}

/** The state of one instance, or null when EC2 no longer knows it. */
function stateOf(clients: AwsClients, region: string, id: string): ResultAsync<string | null, DecomError> {
  return describeInstances(clients, region, [id]).map((found) => found[0]?.State?.Name ?? null);
}

/** The resource ids (last ARN segment) an action says are retired together with its target. */
function plannedIds(action: Action): string[] {
  const arns = Array.isArray(action.params.dependentArns) ? action.params.dependentArns : [];
  return arns.map((arn) => String(arn).replace(/^.*[/:]/, ''));
}

/**
 * TerminateInstances also deletes volumes attached with DeleteOnTermination and
 * detaches the others: refuse (Conflict) unless each such volume is planned
 * for retirement with its instance (`params.dependentArns`) or is part of it
 * (untagged, DeleteOnTermination: core's `unplannedVolumes`), as the fake does.
 */
function terminateChecked(clients: AwsClients, actions: readonly Action[], ids: string[], signal: AbortSignal) {
  const first = actions[0];
  const place = first === undefined ? { accountId: '', region: '' } : placeOf(first);
  const ec2 = clients.get('ec2', place.region);
  const resource = ids.length === 1 ? ec2Arn(place, 'instance', ids[0] ?? '') : undefined;
  const attached = awsCall({ operation: 'ec2:DescribeVolumes', ...(resource ? { resource } : {}) }, async () => {
    const volumes: (Omit<AttachedVolume, 'deleteOnTermination'> & {
      instanceId: string;
      deleteOnTermination: boolean | undefined;
    })[] = [];
    for (const chunk of chunks(ids, FILTER_CHUNK)) {
      const pages = paginateDescribeVolumes(
        { client: ec2 },
        { Filters: [{ Name: 'attachment.instance-id', Values: chunk }] },
      );
      for await (const page of pages) {
        for (const volume of page.Volumes ?? []) {
          for (const attachment of volume.Attachments ?? []) {
            if (attachment.InstanceId !== undefined && chunk.includes(attachment.InstanceId)) {
              volumes.push({
                id: volume.VolumeId ?? '',
                instanceId: attachment.InstanceId,
                deleteOnTermination: attachment.DeleteOnTermination,
                tags: tagRecord(volume.Tags),
              });
            }
          }
        }
      }
    }
    return volumes;
  }).andThen((volumes) => {
    // AWS reports DeleteOnTermination on every attachment; moto leaves it out of DescribeVolumes, so
    // read it from the instances' block device mappings then (one DescribeInstances per 200 ids).
    if (volumes.every((volume) => volume.deleteOnTermination !== undefined)) {
      return okAsync(
        volumes.map((volume) => ({ ...volume, deleteOnTermination: volume.deleteOnTermination === true })),
      );
    }
    return describeInstances(clients, place.region, ids).map((instances) => {
      const deleteOnTermination = new Set(
        instances.flatMap((instance) =>
          (instance.BlockDeviceMappings ?? []).flatMap((mapping) =>
            mapping.Ebs?.DeleteOnTermination === true && mapping.Ebs.VolumeId !== undefined
              ? [mapping.Ebs.VolumeId]
              : [],
          ),
        ),
      );
      return volumes.map((volume) => ({
        ...volume,
        deleteOnTermination: volume.deleteOnTermination ?? deleteOnTermination.has(volume.id),
      }));
    });
  });
  return attached.andThen((volumes) => {
    const planned = new Set(actions.flatMap(plannedIds));
    const strangers = unplannedVolumes(volumes, planned);
    if (strangers.length > 0) {
      const names = strangers
        .map(
          (volume) =>
            `${volume.id} (on ${volume.instanceId}, ${volume.deleteOnTermination ? 'deleted' : 'detached'} with it)`,
        )
        .join(', ');
      return errAsync(
        decomError.conflict({
          message: `terminating would also change ${names}, not planned for retirement (tag it or select it by ARN): refused`,
          ...(resource ? { resource } : {}),
        }),
      );
    }
    return awsCall({ operation: 'ec2:TerminateInstances', signal, ...(resource ? { resource } : {}) }, (options) =>
      ec2.send(new TerminateInstancesCommand({ InstanceIds: ids }), options),
    ).map(
      (output) =>
        new Map(
          (output.TerminatingInstances ?? []).map((change) => [
            change.InstanceId ?? '',
            change.CurrentState?.Name ?? 'unknown',
          ]),
        ),
    );
  });
}

function stopInstances(clients: AwsClients, place: Place, ids: string[], signal: AbortSignal) {
  const resource = ids.length === 1 ? ec2Arn(place, 'instance', ids[0] ?? '') : undefined;
  const ec2 = clients.get('ec2', place.region);
  return awsCall({ operation: 'ec2:StopInstances', signal, ...(resource ? { resource } : {}) }, (options) =>
    ec2.send(new StopInstancesCommand({ InstanceIds: ids }), options),
  ).map(
    (output) =>
      new Map(
        (output.StoppingInstances ?? []).map((change) => [
          change.InstanceId ?? '',
          change.CurrentState?.Name ?? 'unknown',
        ]),
      ),
  );
}

/**
 * StopInstances and TerminateInstances take many instance ids in one call:
 * one request token from the `mutating` bucket, one resource token per instance.
 */
function instanceBatch(
  resourceBucket: string,
  call: (
    ids: string[],
    actions: readonly Action[],
    signal: AbortSignal,
  ) => ResultAsync<Map<string, string>, DecomError>,
): BatchHandler {
  return {
    maxSize: INSTANCE_BATCH_SIZE,
    key: (action) =>
      action.target.arn === undefined || instanceIdOf(action.target.arn) === null
        ? null
        : `${action.target.accountId ?? ''}:${action.target.region ?? ''}`,
    rateLimits: (actions) => {
      const first = actions[0];
      if (first === undefined) return [];
      const place = placeOf(first);
      return [
        { service: 'ec2', bucket: 'mutating', ...place },
        { service: 'ec2', bucket: resourceBucket, tokens: actions.length, ...place },
      ];
    },
    execute: (actions, context) => {
      const ids = actions.map((action) => instanceIdOf(action.target.arn ?? '') ?? '');
      return call(ids, actions, context.signal).map(
        (states) =>
          new Map<string, HandlerOutcome>(
            actions.map((action, index) => {
              const id = ids[index] ?? '';
              return [action.key, done({ instanceId: id, state: states.get(id) ?? 'unknown', batchSize: ids.length })];
            }),
          ),
      );
    },
  };
}

/**
 * EC2 instances: describe (DescribeInstances + DescribeInstanceAttribute for
 * DisableApiTermination / DisableApiStop), stop (StopInstances, batched),
 * delete (TerminateInstances, batched, refused when it would take unplanned
 * volumes with it), lift (ModifyInstanceAttribute DisableApiTermination and
 * DisableApiStop = false), each reconciled by describing the instance.
 */
export const EC2_INSTANCE: AwsResourceType = {
  type: TYPE,
  idOf: instanceIdOf,
  arnOfPhysicalId: (place, physicalId) => ec2Arn(place, 'instance', physicalId),
  describeMany,
  describeScopes,
  handlers(clients) {
    const type = { type: TYPE, idOf: instanceIdOf };
    const settled = (states: readonly string[]) => (id: string, action: Action) =>
      stateOf(clients, placeOf(action).region, id).map((state) =>
        state === null || states.includes(state) ? { instanceId: id, state: state ?? 'gone' } : null,
      );
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
        batch: instanceBatch('stop-instances-resource', (ids, actions, signal) =>
          stopInstances(clients, placeOf(actions[0] as Action), ids, signal),
        ),
      },
      'resource.delete': {
        ...simpleHandler({
          type,
          claims: claimsOn('ec2', 'mutating', 'terminate-instances-resource'),
          run: (id, action, signal) =>
            terminateChecked(clients, [action], [id], signal).map((states) => ({
              instanceId: id,
              state: states.get(id) ?? 'terminated',
            })),
          readBack: settled(['shutting-down', 'terminated']),
        }),
        batch: instanceBatch('terminate-instances-resource', (ids, actions, signal) =>
          terminateChecked(clients, actions, ids, signal),
        ),
      },
      'protection.lift': simpleHandler({
        type,
        claims: claimsOn('ec2', 'mutating'),
        run: (id, action, signal) => {
          const place = placeOf(action);
          const ec2 = clients.get('ec2', place.region);
          const resource = ec2Arn(place, 'instance', id);
          const modify = (input: ConstructorParameters<typeof ModifyInstanceAttributeCommand>[0]) =>
            awsCall({ operation: 'ec2:ModifyInstanceAttribute', resource, signal }, (options) =>
              ec2.send(new ModifyInstanceAttributeCommand(input), options),
            );
          return modify({ InstanceId: id, DisableApiTermination: { Value: false } })
            .andThen(() => modify({ InstanceId: id, DisableApiStop: { Value: false } }))
            .map(() => ({ instanceId: id, protection: 'lifted' }));
        },
        readBack: (id, action) =>
          protectionOf(clients, placeOf(action), id).map((protection) =>
            protection.deletion || protection.stop ? null : { instanceId: id, protection: 'lifted' },
          ),
      }),
    };
  },
};
