import type { FakeEc2Images } from '../source/ec2-images.js';
import { AWS_TYPES } from '../source/resource-types.js';
import type { FakeImage } from '../source/source-types.js';
import { defineFakeResourceKind } from './define-fake-resource-kind.js';
import { claimsOn, goneRead, type ResourceKind } from './resource-kind.js';
import { ec2IdOf, firstOrGone, pagedList, recordResource } from './resource-kind-parts.js';

/**
 * AMIs: delete is DeregisterImage only. The image's snapshots are resources of
 * their own that depend on it, deleted by their own (scope-checked) actions
 * once it is deregistered: an out-of-scope snapshot is never deleted through
 * its image.
 */
export function imageKind(images: FakeEc2Images): ResourceKind {
  const toResource = (image: FakeImage) => recordResource(AWS_TYPES.image, image, { state: image.state });
  return defineFakeResourceKind({
    type: AWS_TYPES.image,
    idOf: ec2IdOf('image', true),
    list: pagedList((region, token) => images.describeImagesPage(region, token), toResource),
    describe: (_arn, id) => firstOrGone(images.describeImages([id]), toResource),
    retire: {
      claims: claimsOn('ec2', 'mutating'),
      delete: {
        run: (id) =>
          images.deregisterImage(id).map(({ snapshotIds }) => ({
            imageId: id,
            state: 'deregistered',
            snapshotIdsLeftForTheirOwnActions: snapshotIds,
          })),
        readBack: (id) => goneRead(images.describeImages([id]), { imageId: id, state: 'deregistered' }),
      },
    },
  });
}
