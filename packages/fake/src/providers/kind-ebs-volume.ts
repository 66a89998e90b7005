import { ec2Arn } from '../source/arns.js';
import type { FakeEbs } from '../source/ebs.js';
import { AWS_TYPES } from '../source/resource-types.js';
import type { FakeVolume } from '../source/source-types.js';
import { defineFakeResourceKind } from './define-fake-resource-kind.js';
import { claimsOn, goneRead, type ResourceKind } from './resource-kind.js';
import { ec2IdOf, firstOrGone, pagedList, recordResource } from './resource-kind-parts.js';

/** EBS volumes: an attached one depends on its instance; delete is DeleteVolume (`VolumeInUse` while attached). */
export function volumeKind(ebs: FakeEbs): ResourceKind {
  const toResource = (volume: FakeVolume) =>
    recordResource(AWS_TYPES.volume, volume, {
      state: volume.state,
      dependsOn: volume.attachment === null ? [] : [ec2Arn(volume, 'instance', volume.attachment.instanceId)],
      resourceIdentity: volume.id,
    });
  return defineFakeResourceKind({
    type: AWS_TYPES.volume,
    idOf: ec2IdOf('volume', true),
    holdsData: true,
    list: pagedList((region, token) => ebs.describeVolumesPage(region, token), toResource),
    describe: (_arn, id) => firstOrGone(ebs.describeVolumes([id]), toResource),
    retire: {
      claims: claimsOn('ec2', 'mutating'),
      delete: {
        run: (id) => ebs.deleteVolume(id),
        readBack: (id) => goneRead(ebs.describeVolumes([id]), { volumeId: id, state: 'deleted' }),
      },
    },
  });
}
