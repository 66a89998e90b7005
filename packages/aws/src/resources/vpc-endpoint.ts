import { DeleteVpcEndpointsCommand, type VpcEndpoint } from '@aws-sdk/client-ec2';
import { okAsync } from '@decomkit/core';
import { carriesEveryTag } from '@decomkit/provider-kit';
import type { CallOptions } from '../aws-call.js';
import type { AwsClients, AwsClientTypes } from '../clients.js';
import { onTarget } from '../permissions/iam-grant.js';
import { type AwsResourceType, tagRecord } from './resource-type.js';
import { describeEndpointsWhere, goneState } from './vpc-census.js';
import { defineVpcNetworkType } from './vpc-network-type.js';

/** The endpoints among `ids` (every endpoint of the region, kept by id: see {@link describeEndpointsWhere}). */
const describeEndpoints = (clients: AwsClients, region: string, ids: readonly string[]) =>
  describeEndpointsWhere(clients, region, (endpoint) => ids.includes(endpoint.VpcEndpointId ?? ''));

/** Sends DeleteVpcEndpoints for one endpoint; an endpoint it lists as unsuccessful is an error of that code. */
async function deleteEndpoint(ec2: AwsClientTypes['ec2'], id: string, options: CallOptions) {
  const output = await ec2.send(new DeleteVpcEndpointsCommand({ VpcEndpointIds: [id] }), options);
  const failed = output.Unsuccessful?.[0]?.Error;
  if (failed !== undefined) {
    throw Object.assign(new Error(`${failed.Code ?? 'Unknown'}: ${failed.Message ?? 'not deleted'}`), {
      name: failed.Code ?? 'Unknown',
    });
  }
  return output;
}

/**
 * VPC endpoints (gateway and interface), retired only with their whole VPC:
 * after its instances and load balancers, before its subnets and route
 * tables (an interface endpoint's network interfaces go with it). Delete is
 * DeleteVpcEndpoints, an endpoint it lists as unsuccessful an error, then a
 * wait until it is deleted. Also discovered by their tags as
 * DescribeVpcEndpoints reads them, since the emulator's tagging API does not
 * list endpoints.
 */
export const VPC_ENDPOINT: AwsResourceType = defineVpcNetworkType<VpcEndpoint>({
  iam: {
    read: ['ec2:DescribeVpcEndpoints'],
    delete: [onTarget('ec2:DeleteVpcEndpoints')],
  },
  type: 'AWS::EC2::VPCEndpoint',
  kind: 'vpc-endpoint',
  idPattern: /^vpce-[0-9a-f]+$/,
  describe: describeEndpoints,
  idOfItem: (endpoint) => endpoint.VpcEndpointId,
  vpcOf: (endpoint) => endpoint.VpcId,
  tagsOf: (endpoint) => endpoint.Tags,
  stateOf: (endpoint) => endpoint.State ?? 'unknown',
  tier: () => 'gateway',
  gone: (endpoint) => goneState(endpoint.State),
  deleting: (endpoint) => endpoint.State?.toLowerCase() === 'deleting',
  operation: 'ec2:DeleteVpcEndpoints',
  idKey: 'vpcEndpointId',
  send: deleteEndpoint,
  discoverByTags: (clients, place, tags) =>
    describeEndpointsWhere(clients, place.region, (endpoint) =>
      carriesEveryTag(tagRecord(endpoint.Tags), tags),
    ).andThen((endpoints) => {
      const ids = endpoints.flatMap((endpoint) => endpoint.VpcEndpointId ?? []);
      // None carries the tags: nothing to describe (the describe would list the region's endpoints again).
      return ids.length === 0 ? okAsync([]) : VPC_ENDPOINT.describeMany(clients, place, ids);
    }),
});
