import {
  DeleteRouteTableCommand,
  DescribeRouteTablesCommand,
  DisassociateRouteTableCommand,
  paginateDescribeRouteTables,
  type RouteTable,
} from '@aws-sdk/client-ec2';
import { arnLike, onResources } from '../permissions/iam-grant.js';
import { filterDescribe } from './declared-calls.js';
import { defineVpcNetworkType } from './vpc-network-type.js';

/** The route tables among `ids` (DescribeRouteTables, `route-table-id` filter). */
const describeTables = filterDescribe(
  'ec2',
  'ec2:DescribeRouteTables',
  paginateDescribeRouteTables,
  'route-table-id',
  (page) => page.RouteTables,
);

const isMain = (table: RouteTable) => (table.Associations ?? []).some((association) => association.Main === true);

/**
 * Route tables, retired only with their whole VPC: after its NAT gateways and
 * endpoints, before its internet gateways. Delete disassociates the table
 * from its subnets and gateways, then deletes it. A VPC's main route table
 * is never deleted on its own: it depends on its VPC and goes with it (its
 * delete finds it gone; while it is still there, it is refused).
 */
export const ROUTE_TABLE = defineVpcNetworkType<RouteTable>({
  iam: {
    read: ['ec2:DescribeRouteTables'],
    delete: [
      onResources(
        (arn) => [arn, arnLike(arn, 'ec2', 'subnet/*')],
        'ec2:DisassociateRouteTable',
        'ec2:DeleteRouteTable',
      ),
    ],
  },
  type: 'AWS::EC2::RouteTable',
  kind: 'route-table',
  idPattern: /^rtb-[0-9a-f]+$/,
  describe: describeTables,
  idOfItem: (table) => table.RouteTableId,
  vpcOf: (table) => table.VpcId,
  tagsOf: (table) => table.Tags,
  stateOf: (table) => (isMain(table) ? 'main' : 'available'),
  tier: (table) => (isMain(table) ? 'main-route-table' : 'subnet'),
  refusal: (table) =>
    isMain(table) ? `it is the main route table of ${table.VpcId}, deleted only with the VPC` : null,
  operation: 'ec2:DeleteRouteTable',
  idKey: 'routeTableId',
  send: async (ec2, id, options) => {
    const found = await ec2.send(new DescribeRouteTablesCommand({ RouteTableIds: [id] }), options);
    for (const association of found.RouteTables?.[0]?.Associations ?? []) {
      if (association.Main === true || association.RouteTableAssociationId === undefined) continue;
      await ec2.send(
        new DisassociateRouteTableCommand({ AssociationId: association.RouteTableAssociationId }),
        options,
      );
    }
    return ec2.send(new DeleteRouteTableCommand({ RouteTableId: id }), options);
  },
});
