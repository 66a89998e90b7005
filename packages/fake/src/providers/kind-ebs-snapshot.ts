import { type DecomError, errAsync, okAsync, type ResultAsync } from '@decomkit/core';
import { regionOf } from '../source/arns.js';
import type { FakeEbs } from '../source/ebs.js';
import type { FakeEc2Images } from '../source/ec2-images.js';
import { AWS_TYPES } from '../source/resource-types.js';
import type { FakeImage, FakeSnapshot } from '../source/source-types.js';
import { defineFakeResourceKind } from './define-fake-resource-kind.js';
import { claimsOn, goneRead, pagesOf, type ResourceKind } from './resource-kind.js';
import { ec2IdOf, recordResource } from './resource-kind-parts.js';

/** EBS snapshots: one backing an AMI depends on it; delete is DeleteSnapshot (`InvalidSnapshot.InUse` while registered). */
export function snapshotKind(ebs: FakeEbs, images: FakeEc2Images): ResourceKind {
  const toResources = (snapshots: FakeSnapshot[], owners: FakeImage[]) =>
    snapshots.map((snapshot) =>
      recordResource(AWS_TYPES.snapshot, snapshot, {
        state: snapshot.state,
        dependsOn: owners.filter((image) => image.snapshotIds.includes(snapshot.id)).map((image) => image.arn),
      }),
    );
  const allImages = (region: string): ResultAsync<FakeImage[], DecomError> => {
    const collect = (token: string | null, sofar: FakeImage[]): ResultAsync<FakeImage[], DecomError> =>
      images
        .describeImagesPage(region, token)
        .andThen(({ items, next }) =>
          next === null ? okAsync([...sofar, ...items]) : collect(next, [...sofar, ...items]),
        );
    return collect(null, []);
  };
  return defineFakeResourceKind({
    type: AWS_TYPES.snapshot,
    idOf: ec2IdOf('snapshot', true),
    list: (region) =>
      pagesOf(
        (token) => ebs.describeSnapshotsPage(region, token),
        (items) => allImages(region).map((owners) => toResources(items, owners)),
      ),
    describe: (arn, id) =>
      ebs
        .describeSnapshots({ ids: [id] })
        .map((found): FakeSnapshot[] | null => found)
        .orElse((error) => (error.code === 'NotFound' ? okAsync(null) : errAsync(error)))
        .andThen((found) =>
          found === null
            ? okAsync(null)
            : allImages(regionOf(arn)).map((owners) => toResources(found, owners)[0] ?? null),
        ),
    retire: {
      claims: claimsOn('ec2', 'mutating'),
      delete: {
        run: (id) => ebs.deleteSnapshot(id),
        readBack: (id) => goneRead(ebs.describeSnapshots({ ids: [id] }), { snapshotId: id, state: 'deleted' }),
      },
    },
  });
}
