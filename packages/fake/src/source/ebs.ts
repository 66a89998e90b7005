import { type DecomError, decomError, err, ok, type Result, type ResultAsync } from '@decomkit/core';
import { tagValue } from '@decomkit/provider-kit';
import type { FakeWorld } from '../world.js';
import { ec2Arn, ec2OwnerlessArn } from './arns.js';
import { awsError, matchingPageOf } from './aws-errors.js';
import { recordConfigChange } from './config.js';
import { inheritEncryption } from './kms.js';
import { plainCopy } from './plain-copy.js';
import { regionPages } from './region-pages.js';
import { AWS_TYPES } from './resource-types.js';
import type { FakeSnapshot, FakeVolume } from './source-types.js';

/**
 * The fake EBS part of EC2: volumes and snapshots. An attached volume cannot
 * be deleted (`VolumeInUse`); a snapshot backing a registered AMI cannot be
 * deleted (`InvalidSnapshot.InUse`); snapshots are `pending` for the world's
 * `snapshotMinutes`, then `completed`.
 */
export class FakeEbs {
  constructor(private readonly world: FakeWorld) {}

  /** One page of the volumes of `region`. */
  readonly describeVolumesPage = regionPages(
    () => this.world,
    { service: 'ec2', operation: 'DescribeVolumes', pageSize: 500 },
    () => this.world.state.volumes,
  );

  /** DescribeVolumes by id: `InvalidVolume.NotFound` when one does not exist. */
  describeVolumes(ids: readonly string[]): ResultAsync<FakeVolume[], DecomError> {
    return this.world.call('ec2', 'DescribeVolumes', false, ids.join(','), () =>
      byIds(this.world.state.volumes, ids, 'InvalidVolume.NotFound', 'volume'),
    );
  }

  /** DescribeVolumes with the `attachment.instance-id` filter. */
  describeVolumesAttachedTo(instanceIds: readonly string[]): ResultAsync<FakeVolume[], DecomError> {
    return this.world.call('ec2', 'DescribeVolumes', false, instanceIds.join(','), () =>
      ok(
        this.world.state.volumes
          .filter((volume) => volume.attachment !== null && instanceIds.includes(volume.attachment.instanceId))
          .map((volume) => structuredClone(volume)),
      ),
    );
  }

  /** DeleteVolume: `VolumeInUse` while attached. */
  deleteVolume(id: string): ResultAsync<{ volumeId: string }, DecomError> {
    return this.world.call('ec2', 'DeleteVolume', true, id, () => {
      const volume = this.world.state.volumes.find((candidate) => candidate.id === id);
      if (volume === undefined)
        return err(awsError.notFound('InvalidVolume.NotFound', `the volume '${id}' does not exist`, id));
      if (volume.attachment !== null) {
        return err(
          awsError.conflict(
            'VolumeInUse',
            `volume ${id} is currently attached to ${volume.attachment.instanceId}`,
            volume.arn,
          ),
        );
      }
      this.world.state.volumes = this.world.state.volumes.filter((candidate) => candidate !== volume);
      recordConfigChange(this.world, volume.arn, AWS_TYPES.volume, 'ResourceDeleted');
      return ok({ volumeId: id });
    });
  }

  /** One page of the snapshots of `region` (settling those that are due). */
  readonly describeSnapshotsPage = regionPages(
    () => this.world,
    { service: 'ec2', operation: 'DescribeSnapshots', pageSize: 500 },
    () => {
      this.completeDueSnapshots();
      return this.world.state.snapshots;
    },
  );

  /** DescribeSnapshots by id (`InvalidSnapshot.NotFound`), or by a tag filter (`tag:key=value`) when `ids` is omitted. */
  describeSnapshots(filter: {
    readonly ids?: readonly string[];
    readonly tag?: { readonly key: string; readonly value: string };
  }): ResultAsync<FakeSnapshot[], DecomError> {
    return this.world.call('ec2', 'DescribeSnapshots', false, filter.ids?.join(',') ?? null, () => {
      this.completeDueSnapshots();
      if (filter.ids !== undefined)
        return byIds(this.world.state.snapshots, filter.ids, 'InvalidSnapshot.NotFound', 'snapshot');
      const tag = filter.tag;
      return ok(
        this.world.state.snapshots
          .filter(
            (snapshot) =>
              tag === undefined || (snapshot.tagsReadable && tagValue(snapshot.tags, tag.key) === tag.value),
          )
          .map((snapshot) => structuredClone(snapshot)),
      );
    });
  }

  /** DeleteSnapshot: `InvalidSnapshot.InUse` while a registered AMI uses it. */
  deleteSnapshot(id: string): ResultAsync<{ snapshotId: string }, DecomError> {
    return this.world.call('ec2', 'DeleteSnapshot', true, id, () => {
      const snapshot = this.world.state.snapshots.find((candidate) => candidate.id === id);
      if (snapshot === undefined)
        return err(awsError.notFound('InvalidSnapshot.NotFound', `the snapshot '${id}' does not exist`, id));
      const image = this.world.state.images.find((candidate) => candidate.snapshotIds.includes(id));
      if (image !== undefined) {
        return err(
          awsError.conflict(
            'InvalidSnapshot.InUse',
            `the snapshot ${id} is currently in use by ${image.id}`,
            snapshot.arn,
          ),
        );
      }
      this.world.state.snapshots = this.world.state.snapshots.filter((candidate) => candidate !== snapshot);
      recordConfigChange(this.world, snapshot.arn, AWS_TYPES.snapshot, 'ResourceDeleted');
      return ok({ snapshotId: id });
    });
  }

  /** CreateSnapshot of one volume, with the given tags (TagSpecifications). */
  createSnapshot(volumeId: string, tags: Record<string, string>): ResultAsync<FakeSnapshot, DecomError> {
    return this.world.call('ec2', 'CreateSnapshot', true, volumeId, () => {
      const volume = this.world.state.volumes.find((candidate) => candidate.id === volumeId);
      if (volume === undefined)
        return err(awsError.notFound('InvalidVolume.NotFound', `the volume '${volumeId}' does not exist`, volumeId));
      return ok(structuredClone(this.newSnapshot(volume.region, volume.accountId, volume.id, tags, `of ${volumeId}`)));
    });
  }

  /**
   * CreateSnapshots of every volume attached to an instance (a crash-consistent
   * set), each with `tags`. The fake models only seeded volumes: an instance
   * with none gets one snapshot standing for its root volume.
   */
  createSnapshots(instanceId: string, tags: Record<string, string>): ResultAsync<FakeSnapshot[], DecomError> {
    return this.world.call('ec2', 'CreateSnapshots', true, instanceId, () => {
      const instance = this.world.state.instances.find((candidate) => candidate.id === instanceId);
      if (instance === undefined || instance.state === 'terminated') {
        return err(
          awsError.notFound('InvalidInstanceID.NotFound', `the instance ID '${instanceId}' does not exist`, instanceId),
        );
      }
      const volumes = this.world.state.volumes.filter((volume) => volume.attachment?.instanceId === instanceId);
      const made =
        volumes.length === 0
          ? [this.newSnapshot(instance.region, instance.accountId, null, tags, `of the root volume of ${instanceId}`)]
          : volumes.map((volume) =>
              this.newSnapshot(volume.region, volume.accountId, volume.id, tags, `of ${volume.id} (${instanceId})`),
            );
      return ok(made.map((snapshot) => structuredClone(snapshot)));
    });
  }

  private newSnapshot(
    region: string,
    accountId: string,
    volumeId: string | null,
    tags: Record<string, string>,
    what: string,
  ): FakeSnapshot {
    const id = `snap-${this.world.newId('').padStart(17, '0')}`;
    const started = this.world.clock.now();
    const snapshot: FakeSnapshot = {
      id,
      arn: ec2OwnerlessArn(region, 'snapshot', id),
      accountId,
      region,
      name: null,
      tags: { ...tags },
      tagsReadable: true,
      volumeId,
      state: 'pending',
      startedAt: started.toISOString(),
      completesAt: new Date(started.getTime() + this.world.state.snapshotMinutes * 60_000).toISOString(),
      description: `decomkit final backup ${what}`,
    };
    this.world.state.snapshots.push(snapshot);
    if (volumeId !== null)
      inheritEncryption(this.world.state, ec2Arn({ region, accountId }, 'volume', volumeId), snapshot.arn);
    recordConfigChange(this.world, snapshot.arn, AWS_TYPES.snapshot, 'ResourceDiscovered');
    return snapshot;
  }

  private completeDueSnapshots(): void {
    const now = this.world.clock.now().getTime();
    for (const snapshot of this.world.state.snapshots) {
      if (snapshot.state === 'pending' && Date.parse(snapshot.completesAt) <= now) snapshot.state = 'completed';
    }
  }
}

/**
 * A page of copies of the `items` that `matches` keeps (default: all), or
 * InvalidParameterValue for a bad token. The items are not filtered whole for
 * each page, and only the page is copied (see `matchingPageOf`, `plainCopy`).
 */
export function paged<T>(
  items: readonly T[],
  token: string | null,
  pageSize: number,
  matches: (item: T) => boolean = () => true,
): Result<{ items: T[]; next: string | null }, DecomError> {
  const page = matchingPageOf(items, matches, token, pageSize);
  if (page === null) return err(decomError.invalidInput(`InvalidParameterValue: bad NextToken ${token}`));
  return ok({ items: page.page.map((item) => plainCopy(item)), next: page.next });
}

/** The records with these ids, in order, or `code` naming the first missing one (like EC2's Describe* by id). */
export function byIds<T extends { readonly id: string; readonly arn: string }>(
  records: readonly T[],
  ids: readonly string[],
  code: string,
  what: string,
): Result<T[], DecomError> {
  const found: T[] = [];
  for (const id of ids) {
    const record = records.find((candidate) => candidate.id === id);
    if (record === undefined) return err(awsError.notFound(code, `the ${what} '${id}' does not exist`, id));
    found.push(structuredClone(record));
  }
  return ok(found);
}
