import {
  DeleteSnapshotCommand,
  type Image,
  paginateDescribeImages,
  paginateDescribeSnapshots,
  type Snapshot,
} from '@aws-sdk/client-ec2';
import { okAsync, type Resource } from '@decomkit/core';
import { ec2Arn, ec2IdOf, type Place } from '../arns.js';
import { awsCall } from '../aws-call.js';
import type { AwsClients } from '../clients.js';
import { onResources, withoutAccount } from '../permissions/iam-grant.js';
import { snapshotIdsOf } from './ami.js';
import { deleteCall, filterDescribe, foundBy } from './declared-calls.js';
import { defineAwsResourceType } from './define-resource-type.js';
import { ec2Resource } from './ec2-resource.js';
import { claimsOn } from './resource-type.js';

const TYPE = 'AWS::EC2::Snapshot';

/**
 * The snapshot id of an EBS snapshot ARN, or null. Both shapes are accepted:
 * AWS's own, without an account (`arn:aws:ec2:eu-west-1::snapshot/snap-…`), and
 * the one the tagging API and this package build, with the owner's account.
 */
export function snapshotIdOf(arn: string): string | null {
  const id = ec2IdOf(arn, 'snapshot');
  return id !== null && /^snap-[0-9a-z]+$/.test(id) ? id : null;
}

/** The caller's snapshots among `ids` (DescribeSnapshots, `snapshot-id` filter and `OwnerIds: self`, paginated). */
const describeSnapshots = filterDescribe(
  'ec2',
  'ec2:DescribeSnapshots',
  paginateDescribeSnapshots,
  'snapshot-id',
  (page) => page.Snapshots,
  { input: { OwnerIds: ['self'], MaxResults: 1000 } },
);

/**
 * Every image the caller owns in the region (DescribeImages `Owners: self`, paginated):
 * the emulator has no `block-device-mapping.snapshot-id` filter, and an account's own
 * images are few, so they are read whole once per page of snapshots.
 */
function ownImages(clients: AwsClients, region: string) {
  const ec2 = clients.get('ec2', region);
  return awsCall({ operation: 'ec2:DescribeImages' }, async () => {
    const found: Image[] = [];
    for await (const page of paginateDescribeImages({ client: ec2 }, { Owners: ['self'], MaxResults: 1000 })) {
      found.push(...(page.Images ?? []));
    }
    return found.filter((image) => image.State !== 'deregistered');
  });
}

function toResource(place: Place, snapshot: Snapshot, images: readonly Image[]): Resource {
  const id = snapshot.SnapshotId ?? '';
  return ec2Resource(place, TYPE, 'snapshot', id, {
    tags: snapshot.Tags,
    state: snapshot.State ?? 'unknown',
    dependsOn: images
      .filter((image) => snapshotIdsOf(image).includes(id))
      .map((image) => ec2Arn(place, 'image', image.ImageId ?? ''))
      .sort(),
  });
}

/**
 * EBS snapshots (the caller's own): one that backs a registered AMI depends on
 * it, as in the fake, so the image is deregistered first (DeregisterImage never
 * takes its snapshots along: each goes by its own scope-checked action). Delete
 * is DeleteSnapshot (`InvalidSnapshot.InUse`, a Conflict, while an image still
 * uses it); a snapshot already gone counts as deleted. Not stoppable; no
 * protection.
 *
 * @example
 * ```ts
 * const port = awsRetirementPort(clients, [AMI, EBS_SNAPSHOT]);
 * ```
 */
export const EBS_SNAPSHOT = defineAwsResourceType({
  iam: {
    read: ['ec2:DescribeSnapshots', 'ec2:DescribeImages'],
    delete: [onResources(withoutAccount, 'ec2:DeleteSnapshot')],
  },
  type: TYPE,
  arnShape: { service: 'ec2', prefix: 'snapshot/' },
  idOf: snapshotIdOf,
  arnOf: (place, id) => ec2Arn(place, 'snapshot', id),
  describeMany: (clients, place, ids) =>
    describeSnapshots(clients, place.region, ids).andThen((snapshots) =>
      snapshots.length === 0
        ? okAsync([])
        : ownImages(clients, place.region).map((images) =>
            snapshots.map((snapshot) => toResource(place, snapshot, images)),
          ),
    ),
  delete: {
    claims: claimsOn('ec2', 'mutating'),
    idKey: 'snapshotId',
    call: deleteCall('ec2', 'ec2:DeleteSnapshot', (ec2, id, options) =>
      ec2.send(new DeleteSnapshotCommand({ SnapshotId: id }), options),
    ),
    exists: foundBy(describeSnapshots),
  },
});
