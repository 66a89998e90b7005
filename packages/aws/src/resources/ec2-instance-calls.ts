import {
  type DescribeInstancesCommandOutput,
  type Instance,
  paginateDescribeInstances,
  paginateDescribeVolumes,
  StopInstancesCommand,
  TerminateInstancesCommand,
} from '@aws-sdk/client-ec2';
import {
  type Action,
  type DecomError,
  decomError,
  err,
  errAsync,
  ok,
  okAsync,
  type Result,
  ResultAsync,
} from '@decomkit/core';
import {
  type AttachedVolume,
  type Ec2ProtectedCall,
  ec2ProtectionRefusalOf,
  ec2ProtectionRefused,
  unplannedVolumes,
} from '@decomkit/provider-kit';
import { ec2Arn, type Place } from '../arns.js';
import { awsCall, awsErrorCode } from '../aws-call.js';
import type { AwsClients } from '../clients.js';
import { filterDescribe } from './declared-calls.js';
import { chunks, placeOf, tagRecord } from './resource-type.js';

// The EC2 instance calls the handlers and describes share: DescribeInstances by id, StopInstances, and
// TerminateInstances guarded against taking volumes that are not planned with their instance.

/** Instance ids per DescribeInstances filter (EC2 takes up to 200 filter values). */
const FILTER_CHUNK = 200;

/** Instance ids per DescribeInstances `InstanceIds` list (as many as a page holds). */
const ID_LIST_MOST = 1000;

/** What refuses a whole `InstanceIds` list for one of its ids: then that list goes again as filters. */
const ID_LIST_REFUSALS: ReadonlySet<string> = new Set(['InvalidInstanceID.NotFound', 'InvalidInstanceID.Malformed']);

const instancesOf = (page: DescribeInstancesCommandOutput) =>
  (page.Reservations ?? []).flatMap((reservation) => reservation.Instances ?? []);

/** Every instance among `ids` (terminated ones included), 200 ids a filter (an id that is gone is simply not found). */
const describeByFilter = filterDescribe(
  'ec2',
  'ec2:DescribeInstances',
  paginateDescribeInstances,
  'instance-id',
  instancesOf,
  { input: { MaxResults: 1000 } },
);

/**
 * The instances of an `InstanceIds` list, or null when EC2 refuses the list
 * for one of its ids (one no longer known, or malformed).
 */
function describeByIdList(
  clients: AwsClients,
  region: string,
  ids: readonly string[],
): ResultAsync<Instance[] | null, DecomError> {
  const client = clients.get('ec2', region);
  return awsCall({ operation: 'ec2:DescribeInstances' }, async () => {
    try {
      const found: Instance[] = [];
      for await (const page of paginateDescribeInstances({ client }, { InstanceIds: [...ids] })) {
        found.push(...instancesOf(page));
      }
      return found;
    } catch (error) {
      if (ID_LIST_REFUSALS.has(awsErrorCode(error))) return null;
      throw error;
    }
  });
}

/**
 * Every instance among `ids` (terminated ones included). Up to 200 ids: one
 * `instance-id` filter (EC2 takes 200 filter values). More: one `InstanceIds`
 * list per 1,000 ids; a list EC2 refuses because one of its ids is no longer
 * known goes again as filters of 200, so an id that is gone is simply not found.
 */
export function describeInstances(
  clients: AwsClients,
  region: string,
  ids: readonly string[],
): ResultAsync<Instance[], DecomError> {
  if (ids.length <= FILTER_CHUNK) return describeByFilter(clients, region, ids);
  return ResultAsync.combine(
    chunks(ids, ID_LIST_MOST).map((chunk) =>
      chunk.length <= FILTER_CHUNK
        ? describeByFilter(clients, region, chunk)
        : describeByIdList(clients, region, chunk).andThen((found) =>
            found === null ? describeByFilter(clients, region, chunk) : okAsync(found),
          ),
    ),
  ).map((found) => found.flat());
}

/**
 * The instances carrying every tag of `tags` (terminated ones included), a
 * DescribeInstances page (1,000 instances) at a time: one `tag:<key>` filter
 * per tag. EC2 reads `*` and `?` in a filter value as wildcards, so a page may
 * hold instances whose tags do not match exactly: the caller checks the tags.
 */
export async function* instancePagesByTags(
  clients: AwsClients,
  region: string,
  tags: Readonly<Record<string, string>>,
): AsyncIterable<Result<Instance[], DecomError>> {
  const pages = paginateDescribeInstances(
    { client: clients.get('ec2', region) },
    {
      Filters: Object.entries(tags).map(([key, value]) => ({ Name: `tag:${key}`, Values: [value] })),
      MaxResults: 1000,
    },
  )[Symbol.asyncIterator]();
  for (;;) {
    const next = await awsCall({ operation: 'ec2:DescribeInstances' }, () => pages.next());
    if (next.isErr()) return yield err(next.error);
    if (next.value.done === true) return;
    yield ok((next.value.value.Reservations ?? []).flatMap((reservation) => reservation.Instances ?? []));
  }
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
 * (untagged, DeleteOnTermination: the provider kit's `unplannedVolumes`), as the fake does.
 */
export function terminateChecked(clients: AwsClients, actions: readonly Action[], ids: string[], signal: AbortSignal) {
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
    )
      .orElse(protectionRefusal(clients, place, 'terminate', ids))
      .map(
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

export function stopInstances(clients: AwsClients, place: Place, ids: string[], signal: AbortSignal) {
  const resource = ids.length === 1 ? ec2Arn(place, 'instance', ids[0] ?? '') : undefined;
  const ec2 = clients.get('ec2', place.region);
  return awsCall({ operation: 'ec2:StopInstances', signal, ...(resource ? { resource } : {}) }, (options) =>
    ec2.send(new StopInstancesCommand({ InstanceIds: ids }), options),
  )
    .orElse(protectionRefusal(clients, place, 'stop', ids))
    .map(
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
 * Turns a StopInstances / TerminateInstances refused by an instance's
 * protection (`OperationNotPermitted`) into the provider kit's typed error,
 * naming that instance only (a batch's others go again without it) and the
 * state it stays in (one DescribeInstances, on refusal only); any other error
 * passes unchanged.
 */
function protectionRefusal(clients: AwsClients, place: Place, call: Ec2ProtectedCall, ids: readonly string[]) {
  return (error: DecomError): ResultAsync<never, DecomError> => {
    const refused = ec2ProtectionRefusalOf(error, call, ids);
    if (refused === null) return errAsync(error);
    return describeInstances(clients, place.region, [refused.instanceId])
      .map((found) => found[0]?.State?.Name ?? null)
      .orElse(() => okAsync(null))
      .andThen((state) =>
        errAsync<never, DecomError>(
          ec2ProtectionRefused({
            ...refused,
            call,
            arn: ec2Arn(place, 'instance', refused.instanceId),
            state,
            cause: error,
          }),
        ),
      );
  };
}
