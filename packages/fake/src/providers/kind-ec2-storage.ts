import { type DecomError, errAsync, okAsync, type Resource, type ResultAsync } from '@decomkit/core';
import { ec2Arn, regionOf } from '../source/arns.js';
import type { FakeEbs } from '../source/ebs.js';
import type { FakeEc2Images } from '../source/ec2-images.js';
import { AWS_TYPES } from '../source/resource-types.js';
import type { FakeImage, FakeSnapshot, FakeVolume } from '../source/source-types.js';
import {
  claimsOn,
  goneAsNull,
  nameOf,
  noProtectionHandler,
  notStoppableHandler,
  pagesOf,
  type ResourceKind,
  simpleHandler,
  tagsOf,
} from './resource-kind.js';

const NO_PROTECTION = { deletion: false, stop: false } as const;

function idAfter(kind: string): (arn: string) => string | null {
  const pattern = new RegExp(`^arn:aws[a-z-]*:ec2:[a-z0-9-]+:(\\d{12})?:${kind}/([^/]+)$`);
  return (arn) => pattern.exec(arn)?.[2] ?? null;
}

const idOfAction = (parse: (arn: string) => string | null) => (action: { target: { arn?: string } }) =>
  action.target.arn === undefined ? null : parse(action.target.arn);

/** EBS volumes: an attached one depends on its instance; delete is DeleteVolume (`VolumeInUse` while attached). */
export function volumeKind(ebs: FakeEbs): ResourceKind {
  const toResource = (volume: FakeVolume): Resource => ({
    arn: volume.arn,
    type: AWS_TYPES.volume,
    accountId: volume.accountId,
    region: volume.region,
    ...nameOf(volume),
    tags: tagsOf(volume),
    state: volume.state,
    protection: NO_PROTECTION,
    dependsOn: volume.attachment === null ? [] : [ec2Arn(volume, 'instance', volume.attachment.instanceId)],
    resourceIdentity: volume.id,
  });
  const parse = idAfter('volume');
  return {
    type: AWS_TYPES.volume,
    idOf: parse,
    list: (region) =>
      pagesOf(
        (token) => ebs.describeVolumesPage(region, token),
        (items) => items.map(toResource),
      ),
    describe: (_arn, id) => goneAsNull(ebs.describeVolumes([id]), (found) => (found[0] ? toResource(found[0]) : null)),
    handlers: {
      'resource.stop': notStoppableHandler(AWS_TYPES.volume),
      'protection.lift': noProtectionHandler(AWS_TYPES.volume),
      'resource.delete': simpleHandler({
        claims: claimsOn('ec2', 'mutating'),
        idOf: idOfAction(parse),
        run: (id) => ebs.deleteVolume(id),
        readBack: (id) => goneRead(ebs.describeVolumes([id]), { volumeId: id, state: 'deleted' }),
        goneIsDone: true,
      }),
    },
  };
}

/** EBS snapshots: one backing an AMI depends on it; delete is DeleteSnapshot (`InvalidSnapshot.InUse` while registered). */
export function snapshotKind(ebs: FakeEbs, images: FakeEc2Images): ResourceKind {
  const toResources = (snapshots: FakeSnapshot[], owners: FakeImage[]): Resource[] =>
    snapshots.map((snapshot) => ({
      arn: snapshot.arn,
      type: AWS_TYPES.snapshot,
      accountId: snapshot.accountId,
      region: snapshot.region,
      ...nameOf(snapshot),
      tags: tagsOf(snapshot),
      state: snapshot.state,
      protection: NO_PROTECTION,
      dependsOn: owners.filter((image) => image.snapshotIds.includes(snapshot.id)).map((image) => image.arn),
    }));
  const allImages = (region: string): ResultAsync<FakeImage[], DecomError> => {
    const collect = (token: string | null, sofar: FakeImage[]): ResultAsync<FakeImage[], DecomError> =>
      images
        .describeImagesPage(region, token)
        .andThen(({ items, next }) =>
          next === null ? okAsync([...sofar, ...items]) : collect(next, [...sofar, ...items]),
        );
    return collect(null, []);
  };
  const parse = idAfter('snapshot');
  return {
    type: AWS_TYPES.snapshot,
    idOf: parse,
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
    handlers: {
      'resource.stop': notStoppableHandler(AWS_TYPES.snapshot),
      'protection.lift': noProtectionHandler(AWS_TYPES.snapshot),
      'resource.delete': simpleHandler({
        claims: claimsOn('ec2', 'mutating'),
        idOf: idOfAction(parse),
        run: (id) => ebs.deleteSnapshot(id),
        readBack: (id) => goneRead(ebs.describeSnapshots({ ids: [id] }), { snapshotId: id, state: 'deleted' }),
        goneIsDone: true,
      }),
    },
  };
}

/**
 * AMIs: delete is DeregisterImage only. The image's snapshots are resources of
 * their own that depend on it, deleted by their own (scope-checked) actions
 * once it is deregistered: an out-of-scope snapshot is never deleted through
 * its image.
 */
export function imageKind(images: FakeEc2Images): ResourceKind {
  const toResource = (image: FakeImage): Resource => ({
    arn: image.arn,
    type: AWS_TYPES.image,
    accountId: image.accountId,
    region: image.region,
    ...nameOf(image),
    tags: tagsOf(image),
    state: image.state,
    protection: NO_PROTECTION,
    dependsOn: [],
  });
  const parse = idAfter('image');
  return {
    type: AWS_TYPES.image,
    idOf: parse,
    list: (region) =>
      pagesOf(
        (token) => images.describeImagesPage(region, token),
        (items) => items.map(toResource),
      ),
    describe: (_arn, id) =>
      goneAsNull(images.describeImages([id]), (found) => (found[0] ? toResource(found[0]) : null)),
    handlers: {
      'resource.stop': notStoppableHandler(AWS_TYPES.image),
      'protection.lift': noProtectionHandler(AWS_TYPES.image),
      'resource.delete': simpleHandler({
        claims: claimsOn('ec2', 'mutating'),
        idOf: idOfAction(parse),
        run: (id) =>
          images.deregisterImage(id).map(({ snapshotIds }) => ({
            imageId: id,
            state: 'deregistered',
            snapshotIdsLeftForTheirOwnActions: snapshotIds,
          })),
        readBack: (id) => goneRead(images.describeImages([id]), { imageId: id, state: 'deregistered' }),
        goneIsDone: true,
      }),
    },
  };
}

/** Reads back a delete: the result when the describe says NotFound, null while it still exists. */
export function goneRead<T>(
  described: ResultAsync<T, DecomError>,
  result: Record<string, string>,
): ResultAsync<Record<string, string> | null, DecomError> {
  return described
    .map((): Record<string, string> | null => null)
    .orElse((error) => (error.code === 'NotFound' ? okAsync(result) : errAsync(error)));
}
