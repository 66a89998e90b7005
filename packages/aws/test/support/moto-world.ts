import {
  CreateTagsCommand,
  DeleteVolumeCommand,
  DescribeImagesCommand,
  DescribeInstanceAttributeCommand,
  DescribeInstancesCommand,
  DescribeSnapshotsCommand,
  DetachVolumeCommand,
  ModifyInstanceAttributeCommand,
  RunInstancesCommand,
} from '@aws-sdk/client-ec2';
import type { AwsClients } from '@decomkit/aws';
import { ec2Arn } from '../../src/arns.js';
import { MOTO_ACCOUNT_ID } from './moto-server.js';

/** An instance to seed in moto. */
export interface InstanceSeed {
  readonly region: string;
  readonly tags: Readonly<Record<string, string>>;
  readonly terminationProtection?: boolean;
  readonly stopProtection?: boolean;
  /** Keep the root volume moto attaches (DeleteOnTermination); default false: the instance has no volume. */
  readonly keepRootVolume?: boolean;
  /** Tags for the kept root volume (so it is in scope with its instance). */
  readonly rootVolumeTags?: Readonly<Record<string, string>>;
  /** The subnet to launch it in; default: moto's default VPC. */
  readonly subnetId?: string;
}

/** A seeded instance: its id and ARN. */
export interface SeededInstance {
  readonly id: string;
  readonly arn: string;
  readonly region: string;
}

const images = new Map<string, string>();

/** An AMI moto knows in `region` (moto ships a catalogue of public images). */
async function imageIn(clients: AwsClients, region: string): Promise<string> {
  const known = images.get(region);
  if (known !== undefined) return known;
  const found = await clients.get('ec2', region).send(new DescribeImagesCommand({ Owners: ['amazon'] }));
  const image = found.Images?.[0]?.ImageId;
  if (image === undefined) throw new Error(`moto has no public image in ${region}`);
  images.set(region, image);
  return image;
}

/**
 * Runs one instance in moto through the SDK, tagged and protected as asked.
 * moto attaches an 8 GiB root volume to every instance; unless kept, it is
 * detached and deleted so the instance matches the conformance world (no
 * volumes to take along on termination).
 */
export async function seedInstance(clients: AwsClients, seed: InstanceSeed): Promise<SeededInstance> {
  const ec2 = clients.get('ec2', seed.region);
  const tags = Object.entries(seed.tags).map(([Key, Value]) => ({ Key, Value }));
  const run = await ec2.send(
    new RunInstancesCommand({
      ImageId: await imageIn(clients, seed.region),
      InstanceType: 't3.micro',
      MinCount: 1,
      MaxCount: 1,
      DisableApiTermination: seed.terminationProtection ?? false,
      DisableApiStop: seed.stopProtection ?? false,
      ...(seed.subnetId === undefined ? {} : { SubnetId: seed.subnetId }),
      ...(tags.length > 0 ? { TagSpecifications: [{ ResourceType: 'instance', Tags: tags }] } : {}),
    }),
  );
  const instance = run.Instances?.[0];
  const id = instance?.InstanceId;
  if (id === undefined) throw new Error('moto RunInstances returned no instance');
  // moto ignores DisableApiTermination on RunInstances (it honours ModifyInstanceAttribute).
  if (seed.terminationProtection === true) {
    await ec2.send(new ModifyInstanceAttributeCommand({ InstanceId: id, DisableApiTermination: { Value: true } }));
  }
  const rootVolumes = (instance?.BlockDeviceMappings ?? []).flatMap((mapping) => mapping.Ebs?.VolumeId ?? []);
  if (seed.keepRootVolume === true && seed.rootVolumeTags !== undefined && rootVolumes.length > 0) {
    const volumeTags = Object.entries(seed.rootVolumeTags).map(([Key, Value]) => ({ Key, Value }));
    await ec2.send(new CreateTagsCommand({ Resources: rootVolumes, Tags: volumeTags }));
  }
  if (seed.keepRootVolume !== true) {
    for (const mapping of instance?.BlockDeviceMappings ?? []) {
      const volumeId = mapping.Ebs?.VolumeId;
      if (volumeId === undefined) continue;
      await ec2.send(new DetachVolumeCommand({ VolumeId: volumeId, InstanceId: id, Force: true }));
      await ec2.send(new DeleteVolumeCommand({ VolumeId: volumeId }));
    }
  }
  return { id, region: seed.region, arn: ec2Arn({ accountId: MOTO_ACCOUNT_ID, region: seed.region }, 'instance', id) };
}

/** The state of an instance as EC2 reports it, or null when EC2 no longer knows it. */
export async function instanceState(clients: AwsClients, instance: SeededInstance): Promise<string | null> {
  try {
    const found = await clients
      .get('ec2', instance.region)
      .send(new DescribeInstancesCommand({ InstanceIds: [instance.id] }));
    return found.Reservations?.[0]?.Instances?.[0]?.State?.Name ?? null;
  } catch (error) {
    if ((error as { name?: string }).name === 'InvalidInstanceID.NotFound') return null;
    throw error;
  }
}

/** Whether DisableApiTermination is on. */
export async function terminationProtection(clients: AwsClients, instance: SeededInstance): Promise<boolean> {
  const found = await clients
    .get('ec2', instance.region)
    .send(new DescribeInstanceAttributeCommand({ InstanceId: instance.id, Attribute: 'disableApiTermination' }));
  return found.DisableApiTermination?.Value === true;
}

/**
 * Completed native backups of the instance, read straight from EC2: one per
 * backup action (`decomkit:action` tag), however many volumes its snapshot
 * set has — a set counts once every snapshot in it is completed.
 */
export async function completedBackupsOf(clients: AwsClients, instance: SeededInstance): Promise<number> {
  const found = await clients.get('ec2', instance.region).send(
    new DescribeSnapshotsCommand({
      OwnerIds: ['self'],
      Filters: [{ Name: 'tag:decomkit:source', Values: [instance.arn] }],
    }),
  );
  const sets = new Map<string, boolean>();
  for (const snapshot of found.Snapshots ?? []) {
    const action = snapshot.Tags?.find((tag) => tag.Key === 'decomkit:action')?.Value ?? snapshot.SnapshotId ?? '';
    sets.set(action, (sets.get(action) ?? true) && snapshot.State === 'completed');
  }
  return [...sets.values()].filter(Boolean).length;
}
