import {
  AllocateAddressCommand,
  AssociateRouteTableCommand,
  AttachInternetGatewayCommand,
  CreateInternetGatewayCommand,
  CreateNatGatewayCommand,
  CreateNetworkInterfaceCommand,
  CreateRouteTableCommand,
  CreateSubnetCommand,
  CreateVpcCommand,
  CreateVpcEndpointCommand,
  type ResourceType,
} from '@aws-sdk/client-ec2';
import type { AwsClients } from '@decomkit/aws';
import { ec2Arn } from '../../src/arns.js';
import { MOTO_CONTAINER_STREAM_FIXTURES } from './moto-container-stream-fixtures.js';
import { MOTO_DATA_EDGE_FIXTURES } from './moto-data-edge-fixtures.js';
import { MOTO_EC2_FIXTURES } from './moto-ec2-fixtures.js';
import type { MotoFixtureType } from './moto-fixture-type.js';
import { tagList } from './moto-fixture-type.js';
import { MOTO_KMS_IAM_FIXTURES } from './moto-kms-iam-fixtures.js';
import { MOTO_MONITORING_FIXTURES } from './moto-monitoring-fixtures.js';
import { MOTO_ACCOUNT_ID } from './moto-server.js';
import { MOTO_SERVICE_FIXTURES } from './moto-service-fixtures.js';
import { MOTO_VPC_NETWORK_FIXTURES } from './moto-vpc-network-fixtures.js';

const REGION = 'eu-west-1';
const PAYMENTS = { workload: 'payments', owner: 'payments-team' };
const BILLING = { workload: 'billing' };

/** One resource the estate seeded: its type, ARN, and how to read it back with the SDK (null once gone). */
export interface EstateResource {
  readonly type: string;
  readonly arn: string;
  /** The resource as the service has it; null once it is gone (deleted, or scheduled for deletion). */
  readonly read: () => Promise<unknown>;
}

/** The types the standard estate (`seedEstate`) seeds itself; every other supported type is seeded here. */
const SEEDED_BY_FIXTURE: Readonly<Record<string, MotoFixtureType>> = {
  'AWS::EC2::Snapshot': requireFixture(MOTO_EC2_FIXTURES, 'AWS::EC2::Snapshot'),
  'AWS::SQS::Queue': requireFixture(MOTO_SERVICE_FIXTURES, 'AWS::SQS::Queue'),
  ...MOTO_CONTAINER_STREAM_FIXTURES,
  ...MOTO_MONITORING_FIXTURES,
  ...MOTO_KMS_IAM_FIXTURES,
  ...MOTO_DATA_EDGE_FIXTURES,
};

function requireFixture(fixtures: Readonly<Record<string, MotoFixtureType>>, type: string): MotoFixtureType {
  const found = fixtures[type];
  if (found === undefined) throw new Error(`no moto fixture for ${type}`);
  return found;
}

/** A name each service takes (lower case, letters, digits and dashes, short). */
const nameOf = (prefix: string, type: string) =>
  `${prefix}-${type
    .split('::')
    .slice(1)
    .join('-')
    .toLowerCase()
    .replace(/[^a-z0-9-]/g, '')}`.slice(0, 28);

/**
 * Every supported type the standard estate does not seed itself, in scope
 * (`workload=payments`) and as a look-alike (`workload=billing`), each seeded
 * with the SDK by the type's conformance fixture (so the fixture's read is the
 * oracle), plus a whole VPC of the workload's with every kind of networking
 * (retired with all of it) and a billing VPC just like it (never touched).
 * ElastiCache and CloudFront are not here: moto cannot finish their
 * deletes or tag them (reasons in `MOTO_DATA_EDGE_FIXTURES`).
 */
export interface EveryTypeEstate {
  readonly inScope: readonly EstateResource[];
  readonly lookAlikes: readonly EstateResource[];
}

/** Seeds {@link EveryTypeEstate} in moto (`eu-west-1`), after `seedEstate`. */
export async function seedEveryType(clients: AwsClients): Promise<EveryTypeEstate> {
  const inScope: EstateResource[] = [];
  const lookAlikes: EstateResource[] = [];
  for (const [type, fixtureType] of Object.entries(SEEDED_BY_FIXTURE)) {
    for (const [prefix, tags, into] of [
      ['payments', PAYMENTS, inScope],
      ['billing', BILLING, lookAlikes],
    ] as const) {
      const seeded = await fixtureType.seed(clients, REGION, { type, name: nameOf(prefix, type), tags });
      into.push({ type, arn: seeded.arn, read: () => fixtureType.read(clients, REGION, seeded.id) });
    }
  }
  inScope.push(...(await seedWholeVpc(clients, PAYMENTS, 20)));
  lookAlikes.push(...(await seedWholeVpc(clients, BILLING, 21)));
  return { inScope, lookAlikes };
}

const tagged = (type: ResourceType, tags: Readonly<Record<string, string>>) => ({
  TagSpecifications: [{ ResourceType: type, Tags: tagList(tags) }],
});

/**
 * A VPC tagged `tags` holding nothing but its own networking, all tagged
 * alike: a subnet, a route table associated with it, an attached internet
 * gateway, a NAT gateway with its Elastic IP, an S3 gateway endpoint and a
 * network interface left behind. Read back through the VPC network fixtures.
 */
async function seedWholeVpc(
  clients: AwsClients,
  tags: Readonly<Record<string, string>>,
  network: number,
): Promise<EstateResource[]> {
  const ec2 = clients.get('ec2', REGION);
  const vpcId =
    (await ec2.send(new CreateVpcCommand({ CidrBlock: `10.${network}.0.0/16`, ...tagged('vpc', tags) }))).Vpc?.VpcId ??
    '';
  const subnetId =
    (
      await ec2.send(
        new CreateSubnetCommand({ VpcId: vpcId, CidrBlock: `10.${network}.1.0/24`, ...tagged('subnet', tags) }),
      )
    ).Subnet?.SubnetId ?? '';
  const routeTableId =
    (await ec2.send(new CreateRouteTableCommand({ VpcId: vpcId, ...tagged('route-table', tags) }))).RouteTable
      ?.RouteTableId ?? '';
  await ec2.send(new AssociateRouteTableCommand({ RouteTableId: routeTableId, SubnetId: subnetId }));
  const gatewayId =
    (await ec2.send(new CreateInternetGatewayCommand(tagged('internet-gateway', tags)))).InternetGateway
      ?.InternetGatewayId ?? '';
  await ec2.send(new AttachInternetGatewayCommand({ InternetGatewayId: gatewayId, VpcId: vpcId }));
  const allocationId =
    (await ec2.send(new AllocateAddressCommand({ Domain: 'vpc', ...tagged('elastic-ip', tags) }))).AllocationId ?? '';
  const natId =
    (
      await ec2.send(
        new CreateNatGatewayCommand({ SubnetId: subnetId, AllocationId: allocationId, ...tagged('natgateway', tags) }),
      )
    ).NatGateway?.NatGatewayId ?? '';
  const endpointId =
    (
      await ec2.send(
        new CreateVpcEndpointCommand({
          VpcId: vpcId,
          ServiceName: `com.amazonaws.${REGION}.s3`,
          VpcEndpointType: 'Gateway',
          RouteTableIds: [routeTableId],
          ...tagged('vpc-endpoint', tags),
        }),
      )
    ).VpcEndpoint?.VpcEndpointId ?? '';
  const interfaceId =
    (await ec2.send(new CreateNetworkInterfaceCommand({ SubnetId: subnetId, ...tagged('network-interface', tags) })))
      .NetworkInterface?.NetworkInterfaceId ?? '';
  const place = { accountId: MOTO_ACCOUNT_ID, region: REGION };
  const networkResource = (type: string, kind: string, id: string): EstateResource => {
    const fixtureType = requireFixture(MOTO_VPC_NETWORK_FIXTURES, type);
    return { type, arn: ec2Arn(place, kind, id), read: () => fixtureType.read(clients, REGION, id) };
  };
  const addressType = requireFixture(MOTO_EC2_FIXTURES, 'AWS::EC2::EIP');
  return [
    networkResource('AWS::EC2::VPC', 'vpc', vpcId),
    networkResource('AWS::EC2::Subnet', 'subnet', subnetId),
    networkResource('AWS::EC2::RouteTable', 'route-table', routeTableId),
    networkResource('AWS::EC2::InternetGateway', 'internet-gateway', gatewayId),
    networkResource('AWS::EC2::NatGateway', 'natgateway', natId),
    networkResource('AWS::EC2::VPCEndpoint', 'vpc-endpoint', endpointId),
    networkResource('AWS::EC2::NetworkInterface', 'network-interface', interfaceId),
    {
      type: 'AWS::EC2::EIP',
      arn: ec2Arn(place, 'elastic-ip', allocationId),
      read: () => addressType.read(clients, REGION, allocationId),
    },
  ];
}
