import { type DecomError, err, ok, type Result, type ResultAsync } from '@decomkit/core';
import type { FakeWorld } from '../world.js';
import { awsError } from './aws-errors.js';
import { recordConfigChange } from './config.js';
import { AWS_TYPES } from './resource-types.js';
import { type FakeVpcCensus, settleVpcNetwork, subnetDependents, vpcCensusOf, vpcDependents } from './vpc-census.js';
import type {
  FakeInternetGateway,
  FakeNatGateway,
  FakeNetworkInterface,
  FakeRouteTable,
  FakeSubnet,
  FakeVpc,
  FakeVpcEndpoint,
} from './vpc-network-types.js';

/** A list of {@link FakeEc2Vpc}. */
export type VpcNetworkList =
  | 'vpcs'
  | 'subnets'
  | 'routeTables'
  | 'internetGateways'
  | 'natGateways'
  | 'vpcEndpoints'
  | 'networkInterfaces';

/** The record of one of those lists. */
export type VpcNetworkRecord<List extends VpcNetworkList> = {
  vpcs: FakeVpc;
  subnets: FakeSubnet;
  routeTables: FakeRouteTable;
  internetGateways: FakeInternetGateway;
  natGateways: FakeNatGateway;
  vpcEndpoints: FakeVpcEndpoint;
  networkInterfaces: FakeNetworkInterface;
}[List];

/** Each list's describe call, the AWS code of an unknown id, and its type. */
const LISTS: Readonly<Record<VpcNetworkList, { readonly describe: string; readonly missing: string; type: string }>> = {
  vpcs: { describe: 'DescribeVpcs', missing: 'InvalidVpcID.NotFound', type: AWS_TYPES.vpc },
  subnets: { describe: 'DescribeSubnets', missing: 'InvalidSubnetID.NotFound', type: AWS_TYPES.subnet },
  routeTables: { describe: 'DescribeRouteTables', missing: 'InvalidRouteTableID.NotFound', type: AWS_TYPES.routeTable },
  internetGateways: {
    describe: 'DescribeInternetGateways',
    missing: 'InvalidInternetGatewayID.NotFound',
    type: AWS_TYPES.internetGateway,
  },
  natGateways: { describe: 'DescribeNatGateways', missing: 'NatGatewayNotFound', type: AWS_TYPES.natGateway },
  vpcEndpoints: {
    describe: 'DescribeVpcEndpoints',
    missing: 'InvalidVpcEndpointId.NotFound',
    type: AWS_TYPES.vpcEndpoint,
  },
  networkInterfaces: {
    describe: 'DescribeNetworkInterfaces',
    missing: 'InvalidNetworkInterfaceID.NotFound',
    type: AWS_TYPES.networkInterface,
  },
};

/**
 * The fake VPC control plane of EC2, with AWS's rules: a subnet is not
 * deleted while an instance, interface, NAT gateway or interface endpoint is
 * in it, a route table while it is main or associated, an internet gateway
 * while attached (and not detached while a NAT gateway maps public addresses
 * in its VPC), a VPC while anything but its main route table and default
 * security group is left (`DependencyViolation`); an interface in use is not
 * deleted (`InvalidNetworkInterface.InUse`). A NAT gateway's delete is
 * asynchronous: `deleting` for `natDeleteMinutes`, then `deleted` (its
 * address freed). Describes filter by id: an unknown id is left out.
 */
export class FakeEc2Vpc {
  constructor(private readonly world: FakeWorld) {}

  /** The record `id` of `list` (a NAT gateway also when `deleted`), or null (a filtered describe finds none). */
  describe<List extends VpcNetworkList>(
    list: List,
    id: string,
  ): ResultAsync<VpcNetworkRecord<List> | null, DecomError> {
    return this.world.call('ec2', LISTS[list].describe, false, id, () => {
      this.settle();
      const found = this.records(list).find((record) => record.id === id);
      return ok(found === undefined ? null : structuredClone(found));
    });
  }

  /** What the VPC `vpcId` holds (the AWS provider reads it with one filtered describe per kind). */
  census(vpcId: string): ResultAsync<FakeVpcCensus, DecomError> {
    return this.world.call('ec2', 'DescribeNetworkInterfaces', false, vpcId, () => {
      this.settle();
      return ok(structuredClone(vpcCensusOf(this.world.state, vpcId)));
    });
  }

  /** The NAT gateway (not deleted) using the Elastic IP `allocationId`, or null. */
  natGatewayUsing(allocationId: string): FakeNatGateway | null {
    this.settle();
    return (
      this.world.state.natGateways.find((nat) => nat.allocationId === allocationId && nat.state !== 'deleted') ?? null
    );
  }

  /** DeleteNetworkInterface: `InvalidNetworkInterface.InUse` while in use. */
  deleteNetworkInterface(id: string): ResultAsync<Record<string, string>, DecomError> {
    return this.remove('networkInterfaces', 'DeleteNetworkInterface', id, 'networkInterfaceId', (eni) =>
      eni.status === 'in-use'
        ? awsError.conflict(
            'InvalidNetworkInterface.InUse',
            `interface ${id} is in use by ${eni.owner ?? eni.description}`,
            eni.arn,
          )
        : null,
    );
  }

  /** DeleteNatGateway: `deleting` now, `deleted` after `natDeleteMinutes` (asked again while deleting: accepted). */
  deleteNatGateway(id: string): ResultAsync<Record<string, string>, DecomError> {
    return this.world.call('ec2', 'DeleteNatGateway', true, id, () =>
      this.live('natGateways', id).map((nat) => {
        if (nat.state === 'available') {
          nat.state = 'deleting';
          const deletesAt = this.world.clock.now().getTime() + this.world.state.natDeleteMinutes * 60_000;
          nat.deletesAt = new Date(deletesAt).toISOString();
        }
        return { natGatewayId: id };
      }),
    );
  }

  /** DeleteVpcEndpoints of one endpoint (gone at once). */
  deleteVpcEndpoint(id: string): ResultAsync<Record<string, string>, DecomError> {
    return this.remove('vpcEndpoints', 'DeleteVpcEndpoints', id, 'vpcEndpointId', () => null);
  }

  /** DeleteSubnet: `DependencyViolation` while anything is in it; its route table associations go with it. */
  deleteSubnet(id: string): ResultAsync<Record<string, string>, DecomError> {
    return this.remove('subnets', 'DeleteSubnet', id, 'subnetId', (subnet) => {
      const users = subnetDependents(this.world.state, id);
      if (users.length > 0) return this.dependency(subnet, users);
      for (const table of this.world.state.routeTables)
        table.subnetIds = table.subnetIds.filter((other) => other !== id);
      return null;
    });
  }

  /** DisassociateRouteTable of the table `id` from the subnet `subnetId`. */
  disassociateRouteTable(id: string, subnetId: string): ResultAsync<Record<string, string>, DecomError> {
    return this.world.call('ec2', 'DisassociateRouteTable', true, id, () =>
      this.live('routeTables', id).andThen((table) => {
        if (!table.subnetIds.includes(subnetId))
          return err(
            awsError.notFound('InvalidAssociationID.NotFound', `${id} is not associated with ${subnetId}`, id),
          );
        table.subnetIds = table.subnetIds.filter((other) => other !== subnetId);
        return ok({ routeTableId: id, subnetId });
      }),
    );
  }

  /** DeleteRouteTable: `DependencyViolation` for a main table or one still associated. */
  deleteRouteTable(id: string): ResultAsync<Record<string, string>, DecomError> {
    return this.remove('routeTables', 'DeleteRouteTable', id, 'routeTableId', (table) => {
      if (table.main) return this.dependency(table, [`the main route table of ${table.vpcId}`]);
      return table.subnetIds.length > 0 ? this.dependency(table, table.subnetIds) : null;
    });
  }

  /** DetachInternetGateway: `Gateway.NotAttached` when not attached to `vpcId`; `DependencyViolation` while a NAT gateway maps public addresses there. */
  detachInternetGateway(id: string, vpcId: string): ResultAsync<Record<string, string>, DecomError> {
    return this.world.call('ec2', 'DetachInternetGateway', true, id, () => {
      this.settle();
      return this.live('internetGateways', id).andThen((gateway): Result<Record<string, string>, DecomError> => {
        if (gateway.vpcId !== vpcId)
          return err(awsError.conflict('Gateway.NotAttached', `${id} is not attached to ${vpcId}`, gateway.arn));
        const mapped = vpcCensusOf(this.world.state, vpcId).natGateways.map((nat) => nat.id);
        if (mapped.length > 0)
          return err(this.dependency(gateway, mapped, `${vpcId} has some mapped public address(es)`));
        gateway.vpcId = null;
        recordConfigChange(this.world, gateway.arn, AWS_TYPES.internetGateway, 'OK');
        return ok({ internetGatewayId: id, vpcId });
      });
    });
  }

  /** DeleteInternetGateway: `DependencyViolation` while attached. */
  deleteInternetGateway(id: string): ResultAsync<Record<string, string>, DecomError> {
    return this.remove('internetGateways', 'DeleteInternetGateway', id, 'internetGatewayId', (gateway) =>
      gateway.vpcId === null ? null : this.dependency(gateway, [gateway.vpcId], 'it is attached'),
    );
  }

  /** DeleteVpc: `DependencyViolation` while anything is left; its main route table goes with it. */
  deleteVpc(id: string): ResultAsync<Record<string, string>, DecomError> {
    return this.remove('vpcs', 'DeleteVpc', id, 'vpcId', (vpc) => {
      const left = vpcDependents(this.world.state, id);
      if (left.length > 0) return this.dependency(vpc, left);
      const state = this.world.state;
      for (const table of state.routeTables.filter((candidate) => candidate.vpcId === id))
        recordConfigChange(this.world, table.arn, AWS_TYPES.routeTable, 'ResourceDeleted');
      state.routeTables = state.routeTables.filter((table) => table.vpcId !== id);
      state.securityGroups = state.securityGroups.filter((group) => group.vpcId !== id);
      return null;
    });
  }

  private settle(): void {
    settleVpc(this.world);
  }

  private records<List extends VpcNetworkList>(list: List): VpcNetworkRecord<List>[] {
    return this.world.state[list] as VpcNetworkRecord<List>[];
  }

  /** The record `id` of `list` (not a deleted NAT gateway), or its service's NotFound. */
  private live<List extends VpcNetworkList>(list: List, id: string): Result<VpcNetworkRecord<List>, DecomError> {
    const found = this.records(list).find(
      (record) => record.id === id && !('state' in record && record.state === 'deleted'),
    );
    return found === undefined
      ? err(awsError.notFound(LISTS[list].missing, `the ID '${id}' does not exist`, id))
      : ok(found);
  }

  /** A delete that removes the record `id` of `list` unless `refused` names why not. */
  private remove<List extends VpcNetworkList>(
    list: List,
    operation: string,
    id: string,
    key: string,
    refused: (record: VpcNetworkRecord<List>) => DecomError | null,
  ): ResultAsync<Record<string, string>, DecomError> {
    return this.world.call('ec2', operation, true, id, () => {
      this.settle();
      return this.live(list, id).andThen((record): Result<Record<string, string>, DecomError> => {
        const refusal = refused(record);
        if (refusal !== null) return err(refusal);
        const lists = this.world.state as unknown as Record<List, VpcNetworkRecord<List>[]>;
        lists[list] = this.records(list).filter((other) => other !== record);
        recordConfigChange(this.world, record.arn, LISTS[list].type, 'ResourceDeleted');
        return ok({ [key]: id });
      });
    });
  }

  private dependency(record: { id: string; arn: string }, users: readonly string[], why?: string): DecomError {
    const detail = why ?? `it has dependent object(s) (${users.join(', ')})`;
    return awsError.conflict('DependencyViolation', `resource ${record.id}: ${detail}`, record.arn);
  }
}

/** Applies time-due NAT gateway deletions (recorded by AWS Config) and drops interfaces gone with their owners. */
export function settleVpc(world: FakeWorld): void {
  settleVpcNetwork(world.state, world.clock.now().getTime(), (nat) =>
    recordConfigChange(world, nat.arn, AWS_TYPES.natGateway, 'ResourceDeleted', nat.deletesAt ?? undefined),
  );
}
