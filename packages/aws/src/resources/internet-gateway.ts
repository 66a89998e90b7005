import {
  DeleteInternetGatewayCommand,
  DescribeInternetGatewaysCommand,
  DetachInternetGatewayCommand,
  type InternetGateway,
  paginateDescribeInternetGateways,
} from '@aws-sdk/client-ec2';
import { arnLike, onResources } from '../permissions/iam-grant.js';
import { filterDescribe } from './declared-calls.js';
import { defineVpcNetworkType } from './vpc-network-type.js';

/** The internet gateways among `ids` (DescribeInternetGateways, `internet-gateway-id` filter). */
const describeGateways = filterDescribe(
  'ec2',
  'ec2:DescribeInternetGateways',
  paginateDescribeInternetGateways,
  'internet-gateway-id',
  (page) => page.InternetGateways,
);

/**
 * Internet gateways, retired only with the whole VPC they are attached to:
 * after its subnets and route tables, before the VPC. Delete detaches the
 * gateway from its VPC, then deletes it (a retried delete finds it detached
 * and only deletes). One attached nowhere is retired on its own.
 */
export const INTERNET_GATEWAY = defineVpcNetworkType<InternetGateway>({
  iam: {
    read: ['ec2:DescribeInternetGateways'],
    delete: [
      onResources(
        (arn) => [arn, arnLike(arn, 'ec2', 'vpc/*')],
        'ec2:DetachInternetGateway',
        'ec2:DeleteInternetGateway',
      ),
    ],
  },
  type: 'AWS::EC2::InternetGateway',
  kind: 'internet-gateway',
  idPattern: /^igw-[0-9a-f]+$/,
  describe: describeGateways,
  idOfItem: (gateway) => gateway.InternetGatewayId,
  vpcOf: (gateway) => gateway.Attachments?.[0]?.VpcId,
  tagsOf: (gateway) => gateway.Tags,
  stateOf: (gateway) => ((gateway.Attachments ?? []).length > 0 ? 'attached' : 'detached'),
  tier: () => 'internet-gateway',
  operation: 'ec2:DeleteInternetGateway',
  idKey: 'internetGatewayId',
  send: async (ec2, id, options) => {
    const found = await ec2.send(new DescribeInternetGatewaysCommand({ InternetGatewayIds: [id] }), options);
    for (const attachment of found.InternetGateways?.[0]?.Attachments ?? []) {
      if (attachment.VpcId === undefined) continue;
      await ec2.send(new DetachInternetGatewayCommand({ InternetGatewayId: id, VpcId: attachment.VpcId }), options);
    }
    return ec2.send(new DeleteInternetGatewayCommand({ InternetGatewayId: id }), options);
  },
});
