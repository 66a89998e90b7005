import { DeleteVolumeCommand, paginateDescribeVolumes, type Volume } from '@aws-sdk/client-ec2';
import type { DecomError, Resource, ResultAsync } from '@decomkit/core';
import { ec2Arn, ec2IdOf, type Place } from '../arns.js';
import { awsCall } from '../aws-call.js';
import type { AwsClients } from '../clients.js';
import {
  type AwsResourceType,
  claimsOn,
  describeInChunks,
  goneRead,
  nameFrom,
  noProtectionHandler,
  notStoppableHandler,
  placeOf,
  simpleHandler,
  tagRecord,
} from './resource-type.js';

const TYPE = 'AWS::EC2::Volume';
const FILTER_CHUNK = 200;

/** The volume id of an EBS volume ARN, or null. */
export function volumeIdOf(arn: string): string | null {
  return ec2IdOf(arn, 'volume');
}

/** The volumes among `ids` (DescribeVolumes with a `volume-id` filter: missing ids are not an error). */
export function describeVolumes(clients: AwsClients, region: string, ids: readonly string[]) {
  const ec2 = clients.get('ec2', region);
  return describeInChunks(
    'ec2:DescribeVolumes',
    ids,
    FILTER_CHUNK,
    (chunk) => paginateDescribeVolumes({ client: ec2 }, { Filters: [{ Name: 'volume-id', Values: chunk }] }),
    (page) => page.Volumes,
  );
}

function toResource(place: Place, volume: Volume): Resource {
  const id = volume.VolumeId ?? '';
  const tags = tagRecord(volume.Tags);
  return {
    arn: ec2Arn(place, 'volume', id),
    type: TYPE,
    accountId: place.accountId,
    region: place.region,
    ...nameFrom(tags, id),
    tags,
    state: volume.State ?? 'unknown',
    protection: { deletion: false, stop: false },
    dependsOn: (volume.Attachments ?? [])
      .filter((attachment) => attachment.InstanceId !== undefined && attachment.State !== 'detached')
      .map((attachment) => ec2Arn(place, 'instance', attachment.InstanceId ?? '')),
    resourceIdentity: id,
  };
}

/**
 * EBS volumes: an attached volume depends on its instance (terminated first,
 * which detaches or deletes it). Delete is DeleteVolume (`VolumeInUse`, a
 * Conflict, while attached); a volume already gone counts as deleted.
 */
export const EBS_VOLUME: AwsResourceType = {
  type: TYPE,
  idOf: volumeIdOf,
  arnOfPhysicalId: (place, physicalId) => ec2Arn(place, 'volume', physicalId),
  describeMany: (clients, place, ids): ResultAsync<Resource[], DecomError> =>
    describeVolumes(clients, place.region, ids).map((volumes) =>
      volumes.filter((volume) => volume.State !== 'deleted').map((volume) => toResource(place, volume)),
    ),
  handlers: (clients) => ({
    'resource.stop': notStoppableHandler(TYPE),
    'protection.lift': noProtectionHandler(TYPE),
    'resource.delete': simpleHandler({
      type: { type: TYPE, idOf: volumeIdOf },
      claims: claimsOn('ec2', 'mutating'),
      run: (id, action, signal) => {
        const place = placeOf(action);
        return awsCall({ operation: 'ec2:DeleteVolume', resource: ec2Arn(place, 'volume', id), signal }, (options) =>
          clients.get('ec2', place.region).send(new DeleteVolumeCommand({ VolumeId: id }), options),
        ).map(() => ({ volumeId: id, state: 'deleted' }));
      },
      readBack: (id, action) =>
        goneRead(
          describeVolumes(clients, placeOf(action).region, [id]).map((found) =>
            found.some((volume) => volume.State !== 'deleted'),
          ),
          { volumeId: id, state: 'deleted' },
        ),
      goneIsDone: true,
    }),
  }),
};
