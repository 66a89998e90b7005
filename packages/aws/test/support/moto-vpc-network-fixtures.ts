import {
  AllocateAddressCommand,
  AttachInternetGatewayCommand,
  AttachNetworkInterfaceCommand,
  CreateInternetGatewayCommand,
  CreateNatGatewayCommand,
  CreateNetworkInterfaceCommand,
  CreateRouteTableCommand,
  CreateSubnetCommand,
  CreateVpcCommand,
  CreateVpcEndpointCommand,
  DescribeInternetGatewaysCommand,
  DescribeNatGatewaysCommand,
  DescribeNetworkInterfacesCommand,
  DescribeRouteTablesCommand,
  DescribeSubnetsCommand,
  DescribeVpcEndpointsCommand,
  DescribeVpcsCommand,
  type EC2Client,
  type ResourceType,
} from '@aws-sdk/client-ec2';
import type { AwsClients } from '@decomkit/aws';
import type { ResourceFixture } from '@decomkit/conformance';
import { ec2Arn } from '../../src/arns.js';
import { type MotoFixtureType, type SeededFixture, tagList, unprotected } from './moto-fixture-type.js';
import { MOTO_ACCOUNT_ID } from './moto-server.js';
import { seedInstance } from './moto-world.js';

/** Each fixture's VPC gets a CIDR of its own (`10.<n>.0.0/16`). */
let nextNetwork = 0;

/** A fresh VPC (untagged unless `vpcTags`) and, where asked, a subnet of it. */
async function homeVpc(ec2: EC2Client, vpcTags: Readonly<Record<string, string>> = {}) {
  nextNetwork = (nextNetwork % 200) + 1;
  const prefix = `10.${nextNetwork}`;
  const vpcId =
    (await ec2.send(new CreateVpcCommand({ CidrBlock: `${prefix}.0.0/16`, ...tagged('vpc', vpcTags) }))).Vpc?.VpcId ??
    '';
  return {
    vpcId,
    subnet: async (third: number, tags?: Readonly<Record<string, string>>) =>
      (
        await ec2.send(
          new CreateSubnetCommand({
            VpcId: vpcId,
            CidrBlock: `${prefix}.${third}.0/24`,
            ...(tags === undefined ? {} : tagged('subnet', tags)),
          }),
        )
      ).Subnet?.SubnetId ?? '',
  };
}

const tagged = (type: ResourceType, tags: Readonly<Record<string, string>>) =>
  Object.keys(tags).length === 0 ? {} : { TagSpecifications: [{ ResourceType: type, Tags: tagList(tags) }] };

/**
 * One VPC network type in moto: `create` makes the fixture (tagged as it says)
 * in a fresh untagged VPC and returns its id; `state` reads it back with the
 * SDK, undefined when the service no longer shows it (or shows it deleted).
 */
function networkType(
  kind: string,
  create: (ec2: EC2Client, fixture: ResourceFixture, region: string, clients: AwsClients) => Promise<string>,
  state: (ec2: EC2Client, id: string) => Promise<string | undefined>,
): MotoFixtureType {
  return {
    seed: async (clients: AwsClients, region: string, fixture: ResourceFixture): Promise<SeededFixture> => {
      const id = await create(clients.get('ec2', region), fixture, region, clients);
      return { id, arn: ec2Arn({ accountId: MOTO_ACCOUNT_ID, region }, kind, id) };
    },
    read: async (clients, region, id) => {
      const found = await state(clients.get('ec2', region), id);
      return found === undefined || /^deleted$/i.test(found) ? null : unprotected(found);
    },
  };
}

const byId = (name: string, id: string) => ({ Filters: [{ Name: name, Values: [id] }] });

/**
 * The VPC network types of the infrastructure rows in moto, each in a VPC of
 * its own that holds nothing else: a VPC; a subnet (`contents`: an interface
 * left behind in it); a route table; an internet gateway attached to its VPC;
 * a NAT gateway with an untagged Elastic IP; a gateway endpoint for S3; a
 * network interface left behind (`contents`: attached to an untagged
 * instance of its subnet).
 */
export const MOTO_VPC_NETWORK_FIXTURES: Readonly<Record<string, MotoFixtureType>> = {
  'AWS::EC2::VPC': networkType(
    'vpc',
    async (ec2, fixture) => (await homeVpc(ec2, fixture.tags)).vpcId,
    async (ec2, id) => (await ec2.send(new DescribeVpcsCommand(byId('vpc-id', id)))).Vpcs?.[0]?.State,
  ),
  'AWS::EC2::Subnet': networkType(
    'subnet',
    async (ec2, fixture) => {
      const home = await homeVpc(ec2);
      const subnetId = await home.subnet(1, fixture.tags);
      if ((fixture.contents ?? 0) > 0) await ec2.send(new CreateNetworkInterfaceCommand({ SubnetId: subnetId }));
      return subnetId;
    },
    async (ec2, id) => (await ec2.send(new DescribeSubnetsCommand(byId('subnet-id', id)))).Subnets?.[0]?.State,
  ),
  'AWS::EC2::RouteTable': networkType(
    'route-table',
    async (ec2, fixture) => {
      const home = await homeVpc(ec2);
      const created = await ec2.send(
        new CreateRouteTableCommand({ VpcId: home.vpcId, ...tagged('route-table', fixture.tags) }),
      );
      return created.RouteTable?.RouteTableId ?? '';
    },
    async (ec2, id) => {
      const found = await ec2.send(new DescribeRouteTablesCommand(byId('route-table-id', id)));
      return found.RouteTables?.[0] === undefined ? undefined : 'available';
    },
  ),
  'AWS::EC2::InternetGateway': networkType(
    'internet-gateway',
    async (ec2, fixture) => {
      const home = await homeVpc(ec2);
      const created = await ec2.send(new CreateInternetGatewayCommand(tagged('internet-gateway', fixture.tags)));
      const id = created.InternetGateway?.InternetGatewayId ?? '';
      await ec2.send(new AttachInternetGatewayCommand({ InternetGatewayId: id, VpcId: home.vpcId }));
      return id;
    },
    async (ec2, id) => {
      const found = await ec2.send(new DescribeInternetGatewaysCommand(byId('internet-gateway-id', id)));
      const gateway = found.InternetGateways?.[0];
      if (gateway === undefined) return undefined;
      return (gateway.Attachments ?? []).length > 0 ? 'attached' : 'detached';
    },
  ),
  'AWS::EC2::NatGateway': networkType(
    'natgateway',
    async (ec2, fixture) => {
      const home = await homeVpc(ec2);
      const subnetId = await home.subnet(1);
      const allocationId = (await ec2.send(new AllocateAddressCommand({ Domain: 'vpc' }))).AllocationId;
      const created = await ec2.send(
        new CreateNatGatewayCommand({
          SubnetId: subnetId,
          AllocationId: allocationId,
          ...tagged('natgateway', fixture.tags),
        }),
      );
      return created.NatGateway?.NatGatewayId ?? '';
    },
    async (ec2, id) =>
      (await ec2.send(new DescribeNatGatewaysCommand({ Filter: [{ Name: 'nat-gateway-id', Values: [id] }] })))
        .NatGateways?.[0]?.State,
  ),
  'AWS::EC2::VPCEndpoint': networkType(
    'vpc-endpoint',
    async (ec2, fixture, region) => {
      const home = await homeVpc(ec2);
      const created = await ec2.send(
        new CreateVpcEndpointCommand({
          VpcId: home.vpcId,
          ServiceName: `com.amazonaws.${region}.s3`,
          VpcEndpointType: 'Gateway',
          ...tagged('vpc-endpoint', fixture.tags),
        }),
      );
      return created.VpcEndpoint?.VpcEndpointId ?? '';
    },
    // The emulator filters DescribeVpcEndpoints by nothing but tags: every endpoint, kept by id.
    async (ec2, id) =>
      ((await ec2.send(new DescribeVpcEndpointsCommand({}))).VpcEndpoints ?? []).find(
        (endpoint) => endpoint.VpcEndpointId === id,
      )?.State,
  ),
  'AWS::EC2::NetworkInterface': networkType(
    'network-interface',
    async (ec2, fixture, region, clients) => {
      const subnetId = await (await homeVpc(ec2)).subnet(1);
      const created = await ec2.send(
        new CreateNetworkInterfaceCommand({ SubnetId: subnetId, ...tagged('network-interface', fixture.tags) }),
      );
      const id = created.NetworkInterface?.NetworkInterfaceId ?? '';
      if ((fixture.contents ?? 0) > 0) {
        const instance = await seedInstance(clients, { region, tags: {}, subnetId });
        await ec2.send(
          new AttachNetworkInterfaceCommand({ NetworkInterfaceId: id, InstanceId: instance.id, DeviceIndex: 1 }),
        );
      }
      return id;
    },
    async (ec2, id) =>
      (await ec2.send(new DescribeNetworkInterfacesCommand(byId('network-interface-id', id)))).NetworkInterfaces?.[0]
        ?.Status,
  ),
};
