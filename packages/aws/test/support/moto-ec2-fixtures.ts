import {
  AllocateAddressCommand,
  CreateImageCommand,
  CreateSecurityGroupCommand,
  CreateSnapshotCommand,
  CreateVolumeCommand,
  DescribeAddressesCommand,
  DescribeImagesCommand,
  DescribeSecurityGroupsCommand,
  DescribeSnapshotsCommand,
  DescribeVolumesCommand,
  type EC2Client,
  type ResourceType,
} from '@aws-sdk/client-ec2';
import type { AwsClients } from '@decomkit/aws';
import type { ResourceFixture } from '@decomkit/conformance';
import { ec2Arn } from '../../src/arns.js';
import { type MotoFixtureType, orGone, tagList, unprotected } from './moto-fixture-type.js';
import { MOTO_ACCOUNT_ID } from './moto-server.js';
import { instanceState, seedInstance, terminationProtection } from './moto-world.js';

const placeIn = (region: string) => ({ accountId: MOTO_ACCOUNT_ID, region });

/** A read of the EC2 item `first` finds: its `State`, null when EC2 answers `notFound` or finds none. */
const stateRead =
  (notFound: string, first: (ec2: EC2Client, id: string) => Promise<{ State?: string } | undefined>) =>
  (clients: AwsClients, region: string, id: string) =>
    orGone([notFound], async () => {
      const item = await first(clients.get('ec2', region), id);
      return item === undefined ? null : unprotected(item.State ?? 'unknown');
    });

/** The fixture's tags as a TagSpecification of `type` (none when it has no tags). */
const tagSpec = (type: ResourceType, fixture: ResourceFixture) =>
  Object.keys(fixture.tags).length === 0
    ? {}
    : { TagSpecifications: [{ ResourceType: type, Tags: tagList(fixture.tags) }] };

/**
 * The EC2 types of the infrastructure rows in moto: an instance with no root
 * volume, a 1 GiB volume, a snapshot of an untagged volume, a security group
 * of the default VPC named as the fixture, a VPC Elastic IP, and an AMI of an
 * untagged instance.
 *
 * Snapshots and AMIs are named with the account
 * (`arn:aws:ec2:<region>:<account>:snapshot/…`), as the AWS provider names
 * them (resources-compute-on-moto.test.ts pins it; it accepts the account-less
 * form AWS documents as input). The fake names them account-less: the two
 * providers disagree here, which these rows cannot show since each world names
 * its own ids (reported on the conformance-rows branch, not changed there).
 */
export const MOTO_EC2_FIXTURES: Readonly<Record<string, MotoFixtureType>> = {
  'AWS::EC2::Instance': {
    seed: async (clients, region, fixture) => {
      const instance = await seedInstance(clients, {
        region,
        tags: fixture.tags,
        terminationProtection: fixture.deletionProtection ?? false,
      });
      return { id: instance.id, arn: instance.arn };
    },
    read: async (clients, region, id) => {
      const instance = { id, region, arn: ec2Arn(placeIn(region), 'instance', id) };
      const state = await instanceState(clients, instance);
      if (state === null || state === 'terminated') return null;
      return { state, deletionProtection: await terminationProtection(clients, instance) };
    },
  },
  'AWS::EC2::Volume': {
    seed: async (clients, region, fixture) => {
      const volume = await clients
        .get('ec2', region)
        .send(new CreateVolumeCommand({ AvailabilityZone: `${region}a`, Size: 1, ...tagSpec('volume', fixture) }));
      const id = volume.VolumeId ?? '';
      return { id, arn: ec2Arn(placeIn(region), 'volume', id) };
    },
    read: stateRead(
      'InvalidVolume.NotFound',
      async (ec2, id) => (await ec2.send(new DescribeVolumesCommand({ VolumeIds: [id] }))).Volumes?.[0],
    ),
  },
  'AWS::EC2::Snapshot': {
    seed: async (clients, region, fixture) => {
      const ec2 = clients.get('ec2', region);
      const volume = await ec2.send(new CreateVolumeCommand({ AvailabilityZone: `${region}a`, Size: 1 }));
      const snapshot = await ec2.send(
        new CreateSnapshotCommand({ VolumeId: volume.VolumeId, ...tagSpec('snapshot', fixture) }),
      );
      const id = snapshot.SnapshotId ?? '';
      return { id, arn: ec2Arn(placeIn(region), 'snapshot', id) };
    },
    read: stateRead(
      'InvalidSnapshot.NotFound',
      async (ec2, id) => (await ec2.send(new DescribeSnapshotsCommand({ SnapshotIds: [id] }))).Snapshots?.[0],
    ),
  },
  'AWS::EC2::SecurityGroup': {
    seed: async (clients, region, fixture) => {
      const group = await clients.get('ec2', region).send(
        new CreateSecurityGroupCommand({
          GroupName: fixture.name,
          Description: fixture.name,
          ...tagSpec('security-group', fixture),
        }),
      );
      const id = group.GroupId ?? '';
      return { id, arn: ec2Arn(placeIn(region), 'security-group', id) };
    },
    read: (clients, region, id) =>
      orGone(['InvalidGroup.NotFound'], async () => {
        const found = await clients.get('ec2', region).send(new DescribeSecurityGroupsCommand({ GroupIds: [id] }));
        return (found.SecurityGroups ?? []).length === 0 ? null : unprotected('available');
      }),
  },
  'AWS::EC2::EIP': {
    seed: async (clients, region, fixture) => {
      const address = await clients
        .get('ec2', region)
        .send(new AllocateAddressCommand({ Domain: 'vpc', ...tagSpec('elastic-ip', fixture) }));
      const id = address.AllocationId ?? '';
      return { id, arn: ec2Arn(placeIn(region), 'elastic-ip', id) };
    },
    read: (clients, region, id) =>
      orGone(['InvalidAllocationID.NotFound'], async () => {
        const found = await clients.get('ec2', region).send(new DescribeAddressesCommand({ AllocationIds: [id] }));
        const address = found.Addresses?.[0];
        if (address === undefined) return null;
        return unprotected(address.AssociationId === undefined ? 'available' : 'associated');
      }),
  },
  'AWS::EC2::Image': {
    seed: async (clients, region, fixture) => {
      const instance = await seedInstance(clients, { region, tags: {} });
      const image = await clients
        .get('ec2', region)
        .send(new CreateImageCommand({ InstanceId: instance.id, Name: fixture.name, ...tagSpec('image', fixture) }));
      const id = image.ImageId ?? '';
      return { id, arn: ec2Arn(placeIn(region), 'image', id) };
    },
    read: stateRead(
      'InvalidAMIID.NotFound',
      async (ec2, id) => (await ec2.send(new DescribeImagesCommand({ ImageIds: [id] }))).Images?.[0],
    ),
  },
};
