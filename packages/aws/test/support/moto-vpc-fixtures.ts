import {
  AllocateAddressCommand,
  AssociateRouteTableCommand,
  AttachInternetGatewayCommand,
  CreateInternetGatewayCommand,
  CreateNatGatewayCommand,
  CreateNetworkInterfaceCommand,
  CreateRouteTableCommand,
  CreateSecurityGroupCommand,
  CreateSubnetCommand,
  CreateVpcCommand,
  CreateVpcEndpointCommand,
  type ResourceType,
} from '@aws-sdk/client-ec2';
import type { AwsClients } from '@decomkit/aws';
import { ec2Arn } from '../../src/arns.js';
import { TEST_REGION } from './moto.js';
import { MOTO_ACCOUNT_ID } from './moto-server.js';
import { tagList } from './retirement-harness.js';

/** The id fields of a {@link SeededVpc}. */
type SeededVpcField =
  | 'vpcId'
  | 'subnetId'
  | 'routeTableId'
  | 'internetGatewayId'
  | 'natGatewayId'
  | 'allocationId'
  | 'endpointId'
  | 'interfaceId'
  | 'securityGroupId';

/** One VPC seeded in moto with its networking: ids and ARNs. */
export interface SeededVpc {
  readonly vpcId: string;
  readonly subnetId: string;
  readonly routeTableId: string;
  readonly internetGatewayId: string;
  readonly natGatewayId: string;
  readonly allocationId: string;
  readonly endpointId: string;
  readonly interfaceId: string;
  readonly securityGroupId: string;
  /** The ARN of each, by the name of its id field. */
  readonly arns: Readonly<Record<SeededVpcField, string>>;
}

const tagged = (type: ResourceType, tags: Readonly<Record<string, string>>) =>
  Object.keys(tags).length === 0 ? {} : { TagSpecifications: [{ ResourceType: type, Tags: tagList(tags) }] };

/**
 * A VPC with a subnet, a route table associated with it, an internet gateway
 * attached, a NAT gateway with its Elastic IP, a gateway endpoint for S3 on
 * the route table, an interface left behind and a security group; every one
 * tagged `tags`, the VPC itself `vpcTags` (default: `tags`).
 */
export async function seedVpc(
  clients: AwsClients,
  tags: Readonly<Record<string, string>>,
  vpcTags: Readonly<Record<string, string>> = tags,
  cidr = '10.20.0.0/16',
): Promise<SeededVpc> {
  const ec2 = clients.get('ec2', TEST_REGION);
  const vpcId = (await ec2.send(new CreateVpcCommand({ CidrBlock: cidr, ...tagged('vpc', vpcTags) }))).Vpc?.VpcId ?? '';
  const subnetCidr = cidr.replace(/\.0\.0\/16$/, '.1.0/24');
  const subnetId =
    (await ec2.send(new CreateSubnetCommand({ VpcId: vpcId, CidrBlock: subnetCidr, ...tagged('subnet', tags) }))).Subnet
      ?.SubnetId ?? '';
  const routeTableId =
    (await ec2.send(new CreateRouteTableCommand({ VpcId: vpcId, ...tagged('route-table', tags) }))).RouteTable
      ?.RouteTableId ?? '';
  await ec2.send(new AssociateRouteTableCommand({ RouteTableId: routeTableId, SubnetId: subnetId }));
  const internetGatewayId =
    (await ec2.send(new CreateInternetGatewayCommand({ ...tagged('internet-gateway', tags) }))).InternetGateway
      ?.InternetGatewayId ?? '';
  await ec2.send(new AttachInternetGatewayCommand({ InternetGatewayId: internetGatewayId, VpcId: vpcId }));
  const allocationId =
    (await ec2.send(new AllocateAddressCommand({ Domain: 'vpc', ...tagged('elastic-ip', tags) }))).AllocationId ?? '';
  const natGatewayId =
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
          ServiceName: `com.amazonaws.${TEST_REGION}.s3`,
          VpcEndpointType: 'Gateway',
          RouteTableIds: [routeTableId],
          ...tagged('vpc-endpoint', tags),
        }),
      )
    ).VpcEndpoint?.VpcEndpointId ?? '';
  const interfaceId =
    (await ec2.send(new CreateNetworkInterfaceCommand({ SubnetId: subnetId, ...tagged('network-interface', tags) })))
      .NetworkInterface?.NetworkInterfaceId ?? '';
  const securityGroupId =
    (
      await ec2.send(
        new CreateSecurityGroupCommand({
          VpcId: vpcId,
          GroupName: `app-${vpcId}`,
          Description: 'app',
          ...tagged('security-group', tags),
        }),
      )
    ).GroupId ?? '';
  const place = { accountId: MOTO_ACCOUNT_ID, region: TEST_REGION };
  return {
    vpcId,
    subnetId,
    routeTableId,
    internetGatewayId,
    natGatewayId,
    allocationId,
    endpointId,
    interfaceId,
    securityGroupId,
    arns: {
      vpcId: ec2Arn(place, 'vpc', vpcId),
      subnetId: ec2Arn(place, 'subnet', subnetId),
      routeTableId: ec2Arn(place, 'route-table', routeTableId),
      internetGatewayId: ec2Arn(place, 'internet-gateway', internetGatewayId),
      natGatewayId: ec2Arn(place, 'natgateway', natGatewayId),
      allocationId: ec2Arn(place, 'elastic-ip', allocationId),
      endpointId: ec2Arn(place, 'vpc-endpoint', endpointId),
      interfaceId: ec2Arn(place, 'network-interface', interfaceId),
      securityGroupId: ec2Arn(place, 'security-group', securityGroupId),
    },
  };
}
