import {
  AllocateAddressCommand,
  AssociateAddressCommand,
  AttachVolumeCommand,
  CreateSecurityGroupCommand,
  CreateVolumeCommand,
  CreateVpcCommand,
} from '@aws-sdk/client-ec2';
import { CreateDBInstanceCommand } from '@aws-sdk/client-rds';
import type { AwsClients } from '@decomkit/aws';
import { ec2Arn } from '../../src/arns.js';
import { MOTO_ACCOUNT_ID } from './moto-server.js';
import { type SeededInstance, seedInstance } from './moto-world.js';

const REGION = 'eu-west-1';
const place = { accountId: MOTO_ACCOUNT_ID, region: REGION };

function tagSpec(type: 'volume' | 'security-group' | 'elastic-ip' | 'vpc', tags: Record<string, string>) {
  return [{ ResourceType: type, Tags: Object.entries(tags).map(([Key, Value]) => ({ Key, Value })) }];
}

/** A small messy workload in moto: every supported type, an unsupported one, look-alikes. */
export interface SeededWorkload {
  readonly web: SeededInstance;
  readonly other: SeededInstance;
  readonly volumeArn: string;
  readonly volumeId: string;
  readonly securityGroupArn: string;
  readonly addressArn: string;
  readonly databaseArn: string;
  /** A tagged VPC that also holds another workload's security group (`vpcResidentArn`): never touched. */
  readonly vpcArn: string;
  readonly vpcResidentArn: string;
  readonly lookAlikeVolumeArn: string;
}

/**
 * Seeds, with the SDK: two `workload=payments` instances (root volumes tagged with
 * them when `rootVolumes`, else none), a
 * tagged data volume attached to the first, a tagged security group, a tagged
 * Elastic IP associated with the first instance, a tagged RDS instance with
 * deletion protection, a tagged VPC holding a `workload=billing` security group, and an
 * untagged look-alike volume plus a `workload=billing` instance.
 */
export async function seedWorkload(
  clients: AwsClients,
  options: { readonly rootVolumes?: boolean } = {},
): Promise<SeededWorkload> {
  const ec2 = clients.get('ec2', REGION);
  const payments = { workload: 'payments' };
  const roots = options.rootVolumes === true ? { keepRootVolume: true, rootVolumeTags: payments } : {};
  const web = await seedInstance(clients, { region: REGION, tags: { ...payments, Name: 'web' }, ...roots });
  const other = await seedInstance(clients, { region: REGION, tags: { ...payments, Name: 'worker' }, ...roots });
  await seedInstance(clients, {
    region: REGION,
    tags: { workload: 'billing' },
    ...(options.rootVolumes === true ? { keepRootVolume: true, rootVolumeTags: { workload: 'billing' } } : {}),
  });
  const volume = await ec2.send(
    new CreateVolumeCommand({
      AvailabilityZone: `${REGION}a`,
      Size: 10,
      TagSpecifications: tagSpec('volume', payments),
    }),
  );
  const volumeId = volume.VolumeId ?? '';
  await ec2.send(new AttachVolumeCommand({ VolumeId: volumeId, InstanceId: web.id, Device: '/dev/sdf' }));
  const lookAlike = await ec2.send(new CreateVolumeCommand({ AvailabilityZone: `${REGION}a`, Size: 10 }));
  const group = await ec2.send(
    new CreateSecurityGroupCommand({
      GroupName: 'payments-web',
      Description: 'payments web',
      TagSpecifications: tagSpec('security-group', payments),
    }),
  );
  const address = await ec2.send(
    new AllocateAddressCommand({ Domain: 'vpc', TagSpecifications: tagSpec('elastic-ip', payments) }),
  );
  await ec2.send(new AssociateAddressCommand({ AllocationId: address.AllocationId, InstanceId: web.id }));
  const vpc = await ec2.send(
    new CreateVpcCommand({ CidrBlock: '10.9.0.0/16', TagSpecifications: tagSpec('vpc', payments) }),
  );
  const resident = await ec2.send(
    new CreateSecurityGroupCommand({
      GroupName: 'billing-in-payments-vpc',
      Description: 'billing',
      VpcId: vpc.Vpc?.VpcId,
      TagSpecifications: tagSpec('security-group', { workload: 'billing' }),
    }),
  );
  const database = await clients.get('rds', REGION).send(
    new CreateDBInstanceCommand({
      DBInstanceIdentifier: 'payments-db',
      DBInstanceClass: 'db.t3.micro',
      Engine: 'postgres',
      AllocatedStorage: 20,
      MasterUsername: 'payments',
      MasterUserPassword: 'not-a-secret-1',
      DeletionProtection: true,
      Tags: [{ Key: 'workload', Value: 'payments' }],
    }),
  );
  return {
    web,
    other,
    volumeId,
    volumeArn: ec2Arn(place, 'volume', volumeId),
    lookAlikeVolumeArn: ec2Arn(place, 'volume', lookAlike.VolumeId ?? ''),
    securityGroupArn: ec2Arn(place, 'security-group', group.GroupId ?? ''),
    addressArn: ec2Arn(place, 'elastic-ip', address.AllocationId ?? ''),
    databaseArn: database.DBInstance?.DBInstanceArn ?? '',
    vpcArn: ec2Arn(place, 'vpc', vpc.Vpc?.VpcId ?? ''),
    vpcResidentArn: ec2Arn(place, 'security-group', resident.GroupId ?? ''),
  };
}
