import { type DecomError, err, ok, type ResultAsync } from '@decomkit/core';
import type { FakeWorld } from '../world.js';
import { awsError } from './aws-errors.js';
import { recordConfigChange } from './config.js';
import { byIds } from './ebs.js';
import { regionPages } from './region-pages.js';
import { AWS_TYPES } from './resource-types.js';
import type { FakeImage } from './source-types.js';

/**
 * The fake AMI part of EC2. Deregistering an image leaves its snapshots
 * behind (they can be deleted once no registered image uses them) unless
 * `deleteAssociatedSnapshots` is set, as with the real DeregisterImage.
 */
export class FakeEc2Images {
  constructor(private readonly world: FakeWorld) {}

  /** One page of the images of `region` owned by the account. */
  readonly describeImagesPage = regionPages(
    () => this.world,
    { service: 'ec2', operation: 'DescribeImages', pageSize: 500 },
    () => this.world.state.images,
  );

  /** DescribeImages by id: `InvalidAMIID.NotFound` when one is not registered. */
  describeImages(ids: readonly string[]): ResultAsync<FakeImage[], DecomError> {
    return this.world.call('ec2', 'DescribeImages', false, ids.join(','), () =>
      byIds(this.world.state.images, ids, 'InvalidAMIID.NotFound', 'image'),
    );
  }

  /** DeregisterImage; returns the snapshot ids it used (deleted too with `deleteAssociatedSnapshots`). */
  deregisterImage(
    id: string,
    options: { readonly deleteAssociatedSnapshots?: boolean } = {},
  ): ResultAsync<{ imageId: string; snapshotIds: string[] }, DecomError> {
    return this.world.call('ec2', 'DeregisterImage', true, id, () => {
      const image = this.world.state.images.find((candidate) => candidate.id === id);
      if (image === undefined)
        return err(awsError.notFound('InvalidAMIID.NotFound', `the image id '[${id}]' does not exist`, id));
      this.world.state.images = this.world.state.images.filter((candidate) => candidate !== image);
      recordConfigChange(this.world, image.arn, AWS_TYPES.image, 'ResourceDeleted');
      if (options.deleteAssociatedSnapshots === true) {
        const stillUsed = new Set(this.world.state.images.flatMap((other) => other.snapshotIds));
        for (const snapshot of this.world.state.snapshots.filter(
          (candidate) => image.snapshotIds.includes(candidate.id) && !stillUsed.has(candidate.id),
        )) {
          this.world.state.snapshots = this.world.state.snapshots.filter((candidate) => candidate !== snapshot);
          recordConfigChange(this.world, snapshot.arn, AWS_TYPES.snapshot, 'ResourceDeleted');
        }
      }
      return ok({ imageId: id, snapshotIds: [...image.snapshotIds] });
    });
  }
}
