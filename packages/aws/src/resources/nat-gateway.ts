import { DeleteNatGatewayCommand, type NatGateway, paginateDescribeNatGateways } from '@aws-sdk/client-ec2';
import type { DecomError, ResultAsync } from '@decomkit/core';
import { awsCall } from '../aws-call.js';
import type { AwsClients } from '../clients.js';
import { onTarget } from '../permissions/iam-grant.js';
import { describeCall, EC2_FILTER_CHUNK } from './declared-calls.js';
import { goneState } from './vpc-census.js';
import { defineVpcNetworkType } from './vpc-network-type.js';

/**
 * The NAT gateways among `ids` (DescribeNatGateways, `nat-gateway-id` filter).
 * Its request names the list `Filter`, not `Filters` as other EC2 describes do.
 */
const describeNatGateways = describeCall({
  service: 'ec2',
  operation: 'ec2:DescribeNatGateways',
  paginate: paginateDescribeNatGateways,
  filter: (chunk) => ({ Filter: [{ Name: 'nat-gateway-id', Values: chunk }] }),
  chunk: EC2_FILTER_CHUNK,
  items: (page) => page.NatGateways,
});

/**
 * NAT gateways (they cost money every hour), retired only with their whole
 * VPC: after the instances, load balancers and interfaces of the VPC, before
 * its subnets and route tables. Delete is DeleteNatGateway, then a wait
 * until it is `deleted`; its Elastic IP is released only when that address
 * is itself in scope (the address depends on the gateway). A `deleted` or
 * `failed` gateway is gone.
 */
export const NAT_GATEWAY = defineVpcNetworkType<NatGateway>({
  iam: {
    read: ['ec2:DescribeNatGateways'],
    delete: [onTarget('ec2:DeleteNatGateway')],
  },
  type: 'AWS::EC2::NatGateway',
  kind: 'natgateway',
  idPattern: /^nat-[0-9a-f]+$/,
  describe: describeNatGateways,
  idOfItem: (nat) => nat.NatGatewayId,
  vpcOf: (nat) => nat.VpcId,
  tagsOf: (nat) => nat.Tags,
  stateOf: (nat) => nat.State ?? 'unknown',
  tier: () => 'gateway',
  gone: (nat) => goneState(nat.State),
  deleting: (nat) => nat.State === 'deleting',
  operation: 'ec2:DeleteNatGateway',
  idKey: 'natGatewayId',
  send: (ec2, id, options) => ec2.send(new DeleteNatGatewayCommand({ NatGatewayId: id }), options),
});

/**
 * The NAT gateway (not yet deleted, or in `states`) each Elastic IP allocation of the region
 * is the address of, for the addresses' dependencies: an address is released
 * only after its gateway is deleted (which frees it).
 */
export function natGatewaysByAllocation(
  clients: AwsClients,
  region: string,
  states: readonly string[] = ['pending', 'available', 'deleting'],
): ResultAsync<ReadonlyMap<string, string>, DecomError> {
  return awsCall({ operation: 'ec2:DescribeNatGateways' }, async () => {
    const found = new Map<string, string>();
    for await (const page of paginateDescribeNatGateways(
      { client: clients.get('ec2', region) },
      { Filter: [{ Name: 'state', Values: [...states] }] },
    )) {
      for (const nat of page.NatGateways ?? []) {
        for (const address of nat.NatGatewayAddresses ?? []) {
          if (address.AllocationId !== undefined) found.set(address.AllocationId, nat.NatGatewayId ?? '');
        }
      }
    }
    return found;
  });
}
