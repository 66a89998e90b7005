import {
  DeleteNetworkInterfaceCommand,
  type NetworkInterface,
  paginateDescribeNetworkInterfaces,
} from '@aws-sdk/client-ec2';
import { onTarget } from '../permissions/iam-grant.js';
import { filterDescribe } from './declared-calls.js';
import { defineVpcNetworkType } from './vpc-network-type.js';

/** The interfaces among `ids` (DescribeNetworkInterfaces, `network-interface-id` filter). */
const describeInterfaces = filterDescribe(
  'ec2',
  'ec2:DescribeNetworkInterfaces',
  paginateDescribeNetworkInterfaces,
  'network-interface-id',
  (page) => page.NetworkInterfaces,
);

/**
 * Network interfaces: only those left behind (`available`) are deleted, and
 * only with their whole VPC. One in use by something decomkit can name (an
 * instance, a load balancer, a NAT gateway, an endpoint) is a part of it: it
 * depends on its owner alone and goes with it (its delete then finds it
 * gone), so a tagged interface never keeps its instance from being retired;
 * one in use by anything else (an RDS or Lambda interface) is a blocking
 * finding. Delete is DeleteNetworkInterface, refused at apply unless the
 * interface is available, and in a default VPC.
 */
export const NETWORK_INTERFACE = defineVpcNetworkType<NetworkInterface>({
  iam: {
    read: ['ec2:DescribeNetworkInterfaces'],
    delete: [onTarget('ec2:DeleteNetworkInterface')],
  },
  type: 'AWS::EC2::NetworkInterface',
  kind: 'network-interface',
  idPattern: /^eni-[0-9a-f]+$/,
  describe: describeInterfaces,
  idOfItem: (eni) => eni.NetworkInterfaceId,
  vpcOf: (eni) => eni.VpcId,
  tagsOf: (eni) => eni.TagSet,
  stateOf: (eni) => eni.Status ?? 'unknown',
  tier: () => 'interface',
  ownedBy: (eni, census) =>
    eni.Status === 'available' ? undefined : census?.interfaceOwners.get(eni.NetworkInterfaceId ?? ''),
  blockers: (eni, arn, census) =>
    eni.Status === 'available' || census?.interfaceOwners.has(eni.NetworkInterfaceId ?? '') === true
      ? []
      : [
          {
            code: 'network-interface-in-use',
            message: `${arn} is ${eni.Status ?? 'in use'} (${eni.InterfaceType ?? 'interface'}: ${eni.Description ?? 'no description'}) by something decomkit cannot name: only interfaces left behind are deleted`,
          },
        ],
  refusal: (eni) =>
    eni.Status === 'available' ? null : `it is ${eni.Status ?? 'in use'}: only interfaces left behind are deleted`,
  operation: 'ec2:DeleteNetworkInterface',
  idKey: 'networkInterfaceId',
  send: (ec2, id, options) => ec2.send(new DeleteNetworkInterfaceCommand({ NetworkInterfaceId: id }), options),
});
