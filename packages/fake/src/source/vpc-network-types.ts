/**
 * The plain-JSON records of the fake's VPC networking: VPCs, subnets, route
 * tables, internet gateways, NAT gateways, VPC endpoints and network
 * interfaces. They live in `WorldState`, so a world saved with `snapshot()`
 * and restored with `restoreFakeCloud()` loses nothing. Instances live in a
 * VPC through their `subnetId`, security groups through their `vpcId`.
 */
import type { FakeTaggedRecord } from './source-types.js';

/** A VPC. Its main route table and default security group go with it. */
export interface FakeVpc extends FakeTaggedRecord {
  readonly id: string;
  /** A default VPC is never touched by decomkit. */
  readonly isDefault: boolean;
}

/** A subnet of `vpcId`. */
export interface FakeSubnet extends FakeTaggedRecord {
  readonly id: string;
  readonly vpcId: string;
}

/** A route table of `vpcId`: the VPC's main one, or associated with `subnetIds`. */
export interface FakeRouteTable extends FakeTaggedRecord {
  readonly id: string;
  readonly vpcId: string;
  readonly main: boolean;
  subnetIds: string[];
}

/** An internet gateway, attached to `vpcId` or to none (null). */
export interface FakeInternetGateway extends FakeTaggedRecord {
  readonly id: string;
  vpcId: string | null;
}

/**
 * A NAT gateway in `subnetId` with the Elastic IP `allocationId`. A delete
 * leaves it `deleting` until `deletesAt`, then `deleted` (AWS shows it a
 * while longer): its interface is gone and its address free.
 */
export interface FakeNatGateway extends FakeTaggedRecord {
  readonly id: string;
  readonly vpcId: string;
  readonly subnetId: string;
  readonly allocationId: string | null;
  state: 'available' | 'deleting' | 'deleted';
  deletesAt: string | null;
}

/** A gateway (no subnets) or interface (`subnetIds`) VPC endpoint; deleted at once. */
export interface FakeVpcEndpoint extends FakeTaggedRecord {
  readonly id: string;
  readonly vpcId: string;
  readonly subnetIds: string[];
}

/**
 * A network interface in `subnetId`: `in-use` by `owner` (the ARN of an
 * instance, a load balancer…; null when decomkit cannot name it, an RDS or
 * Lambda interface), or `available` (left behind).
 */
export interface FakeNetworkInterface extends FakeTaggedRecord {
  readonly id: string;
  readonly vpcId: string;
  readonly subnetId: string;
  status: 'available' | 'in-use';
  readonly owner: string | null;
  /** What AWS writes about it (`RDSNetworkInterface`, …). */
  readonly description: string;
}

/** The part of the world state holding the VPC networking. */
export interface VpcNetworkLists {
  vpcs: FakeVpc[];
  subnets: FakeSubnet[];
  routeTables: FakeRouteTable[];
  internetGateways: FakeInternetGateway[];
  natGateways: FakeNatGateway[];
  vpcEndpoints: FakeVpcEndpoint[];
  networkInterfaces: FakeNetworkInterface[];
  /** How long a NAT gateway stays `deleting`, in fake minutes. */
  readonly natDeleteMinutes: number;
}
