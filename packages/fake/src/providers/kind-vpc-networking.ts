import { type DecomError, errAsync, okAsync, ResultAsync } from '@decomkit/core';
import type { FakeEc2Vpc } from '../source/ec2-vpc.js';
import { AWS_TYPES } from '../source/resource-types.js';
import type { FakeTagging } from '../source/tagging.js';
import type { ResourceKind } from './resource-kind.js';
import { vpcNetworkKind } from './vpc-network-kind.js';

/**
 * The seven VPC network kinds of the fake, as the AWS provider treats them,
 * each retired only with its whole VPC ({@link vpcNetworkKind}):
 * - network interfaces: only one left behind (`available`) is deleted; one in
 *   use by an instance or load balancer goes with its owner (it depends on it
 *   alone); one in use by something decomkit cannot name is a blocker;
 * - NAT gateways: DeleteNatGateway, `deleting` then `deleted` (polled);
 * - VPC endpoints: DeleteVpcEndpoints;
 * - subnets: DeleteSubnet (`DependencyViolation` while anything is in it);
 * - route tables: disassociated from their subnets, then DeleteRouteTable; a
 *   main one depends on its VPC and goes with it (its delete is refused);
 * - internet gateways: detached, then DeleteInternetGateway;
 * - VPCs: DeleteVpc, last.
 */
export function vpcNetworkKinds(vpc: FakeEc2Vpc, tagging: FakeTagging): readonly ResourceKind[] {
  return [
    vpcNetworkKind(vpc, tagging, {
      type: AWS_TYPES.networkInterface,
      list: 'networkInterfaces',
      kind: 'network-interface',
      idPattern: /^eni-[0-9a-f]+$/,
      vpcOf: (eni) => eni.vpcId,
      stateOf: (eni) => eni.status,
      tier: () => 'interface',
      ownedBy: (eni) => (eni.status === 'in-use' ? eni.owner : null),
      blockers: (eni) =>
        eni.status === 'in-use' && eni.owner === null
          ? [
              {
                code: 'network-interface-in-use',
                message: `${eni.arn} is in-use (${eni.description || 'interface'}) by something decomkit cannot name: only interfaces left behind are deleted`,
              },
            ]
          : [],
      refusal: (eni) => (eni.status === 'available' ? null : 'it is in-use: only interfaces left behind are deleted'),
      operation: 'ec2:DeleteNetworkInterface',
      idKey: 'networkInterfaceId',
      send: (service, eni) => service.deleteNetworkInterface(eni.id),
    }),
    vpcNetworkKind(vpc, tagging, {
      type: AWS_TYPES.natGateway,
      list: 'natGateways',
      kind: 'natgateway',
      idPattern: /^nat-[0-9a-f]+$/,
      vpcOf: (nat) => nat.vpcId,
      stateOf: (nat) => nat.state,
      tier: () => 'gateway',
      gone: (nat) => nat.state === 'deleted',
      deleting: (nat) => nat.state === 'deleting',
      operation: 'ec2:DeleteNatGateway',
      idKey: 'natGatewayId',
      send: (service, nat) => service.deleteNatGateway(nat.id),
    }),
    vpcNetworkKind(vpc, tagging, {
      type: AWS_TYPES.vpcEndpoint,
      list: 'vpcEndpoints',
      kind: 'vpc-endpoint',
      idPattern: /^vpce-[0-9a-f]+$/,
      vpcOf: (endpoint) => endpoint.vpcId,
      stateOf: () => 'available',
      tier: () => 'gateway',
      operation: 'ec2:DeleteVpcEndpoints',
      idKey: 'vpcEndpointId',
      send: (service, endpoint) => service.deleteVpcEndpoint(endpoint.id),
    }),
    vpcNetworkKind(vpc, tagging, {
      type: AWS_TYPES.subnet,
      list: 'subnets',
      kind: 'subnet',
      idPattern: /^subnet-[0-9a-f]+$/,
      vpcOf: (subnet) => subnet.vpcId,
      stateOf: () => 'available',
      tier: () => 'subnet',
      operation: 'ec2:DeleteSubnet',
      idKey: 'subnetId',
      send: (service, subnet) => service.deleteSubnet(subnet.id),
    }),
    vpcNetworkKind(vpc, tagging, {
      type: AWS_TYPES.routeTable,
      list: 'routeTables',
      kind: 'route-table',
      idPattern: /^rtb-[0-9a-f]+$/,
      vpcOf: (table) => table.vpcId,
      stateOf: (table) => (table.main ? 'main' : 'available'),
      tier: (table) => (table.main ? 'main-route-table' : 'subnet'),
      refusal: (table) =>
        table.main ? `it is the main route table of ${table.vpcId}, deleted only with the VPC` : null,
      operation: 'ec2:DeleteRouteTable',
      idKey: 'routeTableId',
      send: (service, table) =>
        ResultAsync.combine(
          // An association gone meanwhile (its subnet deleted) is fine: the table is deleted all the same.
          table.subnetIds.map((subnetId) =>
            service
              .disassociateRouteTable(table.id, subnetId)
              .orElse((error) => (error.code === 'NotFound' ? okAsync(null) : errAsync(error))),
          ),
        ).andThen(() => service.deleteRouteTable(table.id)),
    }),
    vpcNetworkKind(vpc, tagging, {
      type: AWS_TYPES.internetGateway,
      list: 'internetGateways',
      kind: 'internet-gateway',
      idPattern: /^igw-[0-9a-f]+$/,
      vpcOf: (gateway) => gateway.vpcId,
      stateOf: (gateway) => (gateway.vpcId === null ? 'detached' : 'attached'),
      tier: () => 'internet-gateway',
      operation: 'ec2:DeleteInternetGateway',
      idKey: 'internetGatewayId',
      send: (service, gateway) =>
        (gateway.vpcId === null
          ? okAsync<unknown, DecomError>(null)
          : service.detachInternetGateway(gateway.id, gateway.vpcId)
        ).andThen(() => service.deleteInternetGateway(gateway.id)),
    }),
    vpcNetworkKind(vpc, tagging, {
      type: AWS_TYPES.vpc,
      list: 'vpcs',
      kind: 'vpc',
      idPattern: /^vpc-[0-9a-f]+$/,
      vpcOf: (record) => record.id,
      stateOf: () => 'available',
      tier: () => 'vpc',
      operation: 'ec2:DeleteVpc',
      idKey: 'vpcId',
      send: (service, record) => service.deleteVpc(record.id),
    }),
  ];
}
