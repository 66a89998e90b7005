import type { WorldState } from '../world.js';
import { ec2Arn, hexOf, type Place } from './arns.js';
import type { CommonSeed } from './source-seed-types.js';
import type { FakeTaggedRecord } from './source-types.js';
import type { FakeSubnet, VpcNetworkLists } from './vpc-network-types.js';

/** A VPC; its main route table (untagged, `rtb-…` from the VPC id) is created with it. */
export interface VpcSeed extends CommonSeed {
  readonly id: string;
  /** Default false. */
  readonly isDefault?: boolean;
}

/** A subnet of the seeded VPC `vpcId`. */
export interface SubnetSeed extends CommonSeed {
  readonly id: string;
  readonly vpcId: string;
}

/** A route table of `vpcId`, associated with `subnetIds` (default none). */
export interface RouteTableSeed extends CommonSeed {
  readonly id: string;
  readonly vpcId: string;
  readonly subnetIds?: readonly string[];
}

/** An internet gateway, attached to `vpcId` when given. */
export interface InternetGatewaySeed extends CommonSeed {
  readonly id: string;
  readonly vpcId?: string;
}

/** A NAT gateway in the seeded subnet `subnetId`, with the Elastic IP `allocationId` when given. */
export interface NatGatewaySeed extends CommonSeed {
  readonly id: string;
  readonly subnetId: string;
  readonly allocationId?: string;
}

/** A VPC endpoint of `vpcId`: a gateway endpoint, or an interface endpoint in `subnetIds`. */
export interface VpcEndpointSeed extends CommonSeed {
  readonly id: string;
  readonly vpcId: string;
  readonly subnetIds?: readonly string[];
}

/**
 * A network interface in the seeded subnet `subnetId`: in use by `attachedTo`
 * (an instance's or load balancer's ARN: it goes when its owner does), in
 * use by something decomkit cannot name (`inUse` without `attachedTo`, an
 * RDS interface), or left behind (the default).
 */
export interface NetworkInterfaceSeed extends CommonSeed {
  readonly id: string;
  readonly subnetId: string;
  readonly attachedTo?: string;
  /** Default: whether `attachedTo` is given. */
  readonly inUse?: boolean;
  readonly description?: string;
}

/** The VPC networking a fake cloud can start with. Instances name their `subnetId`, security groups their `vpcId`. */
export interface VpcNetworkSeed {
  readonly vpcs?: readonly VpcSeed[];
  readonly subnets?: readonly SubnetSeed[];
  readonly routeTables?: readonly RouteTableSeed[];
  readonly internetGateways?: readonly InternetGatewaySeed[];
  readonly natGateways?: readonly NatGatewaySeed[];
  readonly vpcEndpoints?: readonly VpcEndpointSeed[];
  readonly networkInterfaces?: readonly NetworkInterfaceSeed[];
  /** How long a NAT gateway stays `deleting`, in fake minutes; default 2. */
  readonly natDeleteMinutes?: number;
}

/** A tagged record of a seed: place defaults, name, tags. */
type RecordOf = (common: CommonSeed, arn: (place: Place) => string, name?: string) => FakeTaggedRecord;

/** The main route table id of the VPC `vpcId`. */
export function mainRouteTableId(vpcId: string): string {
  return `rtb-${hexOf(`main/${vpcId}`, 17)}`;
}

/** Builds the VPC networking of a seed; a NAT gateway or interface in a subnet not seeded is a seed mistake (thrown). */
export function vpcNetworkStateFromSeed(seed: VpcNetworkSeed, recordOf: RecordOf): VpcNetworkLists {
  const vpcs = (seed.vpcs ?? []).map((vpc) => ({
    ...recordOf(vpc, (place) => ec2Arn(place, 'vpc', vpc.id)),
    id: vpc.id,
    isDefault: vpc.isDefault ?? false,
  }));
  const subnets: FakeSubnet[] = (seed.subnets ?? []).map((subnet) => ({
    ...recordOf(subnet, (place) => ec2Arn(place, 'subnet', subnet.id)),
    id: subnet.id,
    vpcId: subnet.vpcId,
  }));
  const vpcOfSubnet = (subnetId: string, what: string): string => {
    const found = subnets.find((subnet) => subnet.id === subnetId);
    if (found === undefined) throw new Error(`the fake cloud seeds no subnet ${subnetId} for ${what}`);
    return found.vpcId;
  };
  return {
    vpcs,
    subnets,
    routeTables: [
      ...vpcs.map((vpc) => {
        const id = mainRouteTableId(vpc.id);
        const { accountId, region, tagsReadable } = vpc;
        const arn = ec2Arn(vpc, 'route-table', id);
        return {
          arn,
          accountId,
          region,
          tagsReadable,
          name: null,
          tags: {},
          id,
          vpcId: vpc.id,
          main: true,
          subnetIds: [],
        };
      }),
      ...(seed.routeTables ?? []).map((table) => ({
        ...recordOf(table, (place) => ec2Arn(place, 'route-table', table.id)),
        id: table.id,
        vpcId: table.vpcId,
        main: false,
        subnetIds: [...(table.subnetIds ?? [])],
      })),
    ],
    internetGateways: (seed.internetGateways ?? []).map((gateway) => ({
      ...recordOf(gateway, (place) => ec2Arn(place, 'internet-gateway', gateway.id)),
      id: gateway.id,
      vpcId: gateway.vpcId ?? null,
    })),
    natGateways: (seed.natGateways ?? []).map((nat) => ({
      ...recordOf(nat, (place) => ec2Arn(place, 'natgateway', nat.id)),
      id: nat.id,
      vpcId: vpcOfSubnet(nat.subnetId, nat.id),
      subnetId: nat.subnetId,
      allocationId: nat.allocationId ?? null,
      state: 'available' as const,
      deletesAt: null,
    })),
    vpcEndpoints: (seed.vpcEndpoints ?? []).map((endpoint) => ({
      ...recordOf(endpoint, (place) => ec2Arn(place, 'vpc-endpoint', endpoint.id)),
      id: endpoint.id,
      vpcId: endpoint.vpcId,
      subnetIds: [...(endpoint.subnetIds ?? [])],
    })),
    networkInterfaces: (seed.networkInterfaces ?? []).map((eni) => ({
      ...recordOf(eni, (place) => ec2Arn(place, 'network-interface', eni.id)),
      id: eni.id,
      vpcId: vpcOfSubnet(eni.subnetId, eni.id),
      subnetId: eni.subnetId,
      status: (eni.inUse ?? eni.attachedTo !== undefined) ? ('in-use' as const) : ('available' as const),
      owner: eni.attachedTo ?? null,
      description: eni.description ?? '',
    })),
    natDeleteMinutes: seed.natDeleteMinutes ?? 2,
  };
}

/** Fills in what a world saved before VPC networking was modelled lacks (none of it), for `restoreFakeCloud`. */
export function withVpcNetworkDefaults(state: WorldState): WorldState {
  const saved: Partial<VpcNetworkLists> = state;
  return {
    ...state,
    vpcs: saved.vpcs ?? [],
    subnets: saved.subnets ?? [],
    routeTables: saved.routeTables ?? [],
    internetGateways: saved.internetGateways ?? [],
    natGateways: saved.natGateways ?? [],
    vpcEndpoints: saved.vpcEndpoints ?? [],
    networkInterfaces: saved.networkInterfaces ?? [],
    natDeleteMinutes: saved.natDeleteMinutes ?? 2,
  };
}
