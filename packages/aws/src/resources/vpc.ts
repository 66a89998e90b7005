import { DeleteVpcCommand, paginateDescribeVpcs, type Vpc } from '@aws-sdk/client-ec2';
import { onTarget } from '../permissions/iam-grant.js';
import { filterDescribe } from './declared-calls.js';
import { defineVpcNetworkType } from './vpc-network-type.js';

/** The VPCs among `ids` (DescribeVpcs, `vpc-id` filter). */
const describeVpcs = filterDescribe('ec2', 'ec2:DescribeVpcs', paginateDescribeVpcs, 'vpc-id', (page) => page.Vpcs);

/**
 * VPCs, retired only when everything in them is (`retiredOnlyWith`: what
 * else lives there, and all of its own networking), last of all; a default
 * VPC never. Delete is DeleteVpc (`DependencyViolation`, a Conflict, while
 * anything is left in it), refused at apply while the census still finds
 * anything but its own networking; its main route table and default security
 * group go with it.
 */
export const VPC = defineVpcNetworkType<Vpc>({
  iam: {
    read: ['ec2:DescribeVpcs'],
    delete: [onTarget('ec2:DeleteVpc')],
  },
  type: 'AWS::EC2::VPC',
  kind: 'vpc',
  idPattern: /^vpc-[0-9a-f]+$/,
  describe: describeVpcs,
  idOfItem: (vpc) => vpc.VpcId,
  vpcOf: (vpc) => vpc.VpcId,
  tagsOf: (vpc) => vpc.Tags,
  stateOf: (vpc) => vpc.State ?? 'unknown',
  tier: () => 'vpc',
  operation: 'ec2:DeleteVpc',
  idKey: 'vpcId',
  send: (ec2, id, options) => ec2.send(new DeleteVpcCommand({ VpcId: id }), options),
});
