import { DeleteSubnetCommand, paginateDescribeSubnets, type Subnet } from '@aws-sdk/client-ec2';
import { onTarget } from '../permissions/iam-grant.js';
import { filterDescribe } from './declared-calls.js';
import { defineVpcNetworkType } from './vpc-network-type.js';

/** The subnets among `ids` (DescribeSubnets, `subnet-id` filter). */
const describeSubnets = filterDescribe(
  'ec2',
  'ec2:DescribeSubnets',
  paginateDescribeSubnets,
  'subnet-id',
  (page) => page.Subnets,
);

/**
 * Subnets, retired only with their whole VPC: after everything that lives in
 * them and the VPC's NAT gateways and endpoints, before its internet
 * gateways and the VPC. Delete is DeleteSubnet (`DependencyViolation`, a
 * Conflict, while anything still has an interface in it).
 */
export const SUBNET = defineVpcNetworkType<Subnet>({
  iam: {
    read: ['ec2:DescribeSubnets'],
    delete: [onTarget('ec2:DeleteSubnet')],
  },
  type: 'AWS::EC2::Subnet',
  kind: 'subnet',
  idPattern: /^subnet-[0-9a-f]+$/,
  describe: describeSubnets,
  idOfItem: (subnet) => subnet.SubnetId,
  vpcOf: (subnet) => subnet.VpcId,
  tagsOf: (subnet) => subnet.Tags,
  stateOf: (subnet) => subnet.State ?? 'unknown',
  tier: () => 'subnet',
  operation: 'ec2:DeleteSubnet',
  idKey: 'subnetId',
  send: (ec2, id, options) => ec2.send(new DeleteSubnetCommand({ SubnetId: id }), options),
});
