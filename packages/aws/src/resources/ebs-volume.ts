import { DeleteVolumeCommand, paginateDescribeVolumes, type Volume } from '@aws-sdk/client-ec2';
import type { Resource } from '@decomkit/core';
import { ec2Arn, ec2IdOf, type Place } from '../arns.js';
import { onTarget } from '../permissions/iam-grant.js';
import { deleteCall, filterDescribe, foundBy } from './declared-calls.js';
import { defineAwsResourceType } from './define-resource-type.js';
import { ec2Resource } from './ec2-resource.js';
import { claimsOn } from './resource-type.js';

const TYPE = 'AWS::EC2::Volume';

/** The volume id of an EBS volume ARN, or null. */
export function volumeIdOf(arn: string): string | null {
  return ec2IdOf(arn, 'volume');
}

/** The volumes among `ids` (DescribeVolumes with a `volume-id` filter: missing ids are not an error). */
export const describeVolumes = filterDescribe(
  'ec2',
  'ec2:DescribeVolumes',
  paginateDescribeVolumes,
  'volume-id',
  (page) => page.Volumes,
);

function toResource(place: Place, volume: Volume): Resource {
  const id = volume.VolumeId ?? '';
  return ec2Resource(place, TYPE, 'volume', id, {
    tags: volume.Tags,
    state: volume.State ?? 'unknown',
    dependsOn: (volume.Attachments ?? [])
      .filter((attachment) => attachment.InstanceId !== undefined && attachment.State !== 'detached')
      .map((attachment) => ec2Arn(place, 'instance', attachment.InstanceId ?? '')),
    resourceIdentity: id,
  });
}

/**
 * EBS volumes: an attached volume depends on its instance (terminated first,
 * which detaches or deletes it). Delete is DeleteVolume (`VolumeInUse`, a
 * Conflict, while attached); a volume already gone counts as deleted. Holds data.
 */
export const EBS_VOLUME = defineAwsResourceType({
  iam: {
    read: ['ec2:DescribeVolumes'],
    delete: [onTarget('ec2:DeleteVolume')],
  },
  type: TYPE,
  arnShape: { service: 'ec2', prefix: 'volume/' },
  config: { pattern: /^volume\/(vol-[0-9a-f]+)$/, lookup: 'id' },
  holdsData: true,
  idOf: volumeIdOf,
  arnOf: (place, id) => ec2Arn(place, 'volume', id),
  describeMany: (clients, place, ids) =>
    describeVolumes(clients, place.region, ids).map((volumes) =>
      volumes.filter((volume) => volume.State !== 'deleted').map((volume) => toResource(place, volume)),
    ),
  delete: {
    claims: claimsOn('ec2', 'mutating'),
    idKey: 'volumeId',
    call: deleteCall('ec2', 'ec2:DeleteVolume', (ec2, id, options) =>
      ec2.send(new DeleteVolumeCommand({ VolumeId: id }), options),
    ),
    exists: foundBy(describeVolumes, (volume) => volume.State !== 'deleted'),
  },
});
