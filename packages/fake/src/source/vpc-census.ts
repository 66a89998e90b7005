import type { WorldState } from '../world.js';
import { ec2Arn } from './arns.js';
import type {
  FakeInternetGateway,
  FakeNatGateway,
  FakeRouteTable,
  FakeSubnet,
  FakeVpc,
  FakeVpcEndpoint,
} from './vpc-network-types.js';

/**
 * Everything one VPC holds, as the AWS provider's census reads it: its own
 * networking, and what else lives there (`others`).
 */
export interface FakeVpcCensus {
  readonly vpcId: string;
  /** Null when the VPC no longer exists. */
  readonly vpc: FakeVpc | null;
  readonly subnets: readonly FakeSubnet[];
  readonly routeTables: readonly FakeRouteTable[];
  readonly internetGateways: readonly FakeInternetGateway[];
  /** NAT gateways not yet deleted. */
  readonly natGateways: readonly FakeNatGateway[];
  readonly endpoints: readonly FakeVpcEndpoint[];
  /**
   * ARNs of what else lives in the VPC: its live instances, the owners of its
   * interfaces in use (the interface's own ARN where its owner cannot be
   * named, or for one left behind), its security groups but the default one.
   */
  readonly others: readonly string[];
}

/** Whether the instance or load balancer `arn` still exists. */
function ownerLives(state: WorldState, arn: string): boolean {
  return (
    state.instances.some((instance) => instance.arn === arn && instance.state !== 'terminated') ||
    state.loadBalancers.some((balancer) => balancer.arn === arn)
  );
}

/**
 * Applies what time and other deletions did: a NAT gateway whose delete is
 * due is `deleted`; an interface whose owner (instance, load balancer) is gone
 * went with it, as AWS deletes an instance's and a load balancer's interfaces.
 */
export function settleVpcNetwork(state: WorldState, now: number, deleted: (nat: FakeNatGateway) => void): void {
  for (const nat of state.natGateways) {
    if (nat.state === 'deleting' && nat.deletesAt !== null && Date.parse(nat.deletesAt) <= now) {
      nat.state = 'deleted';
      deleted(nat);
    }
  }
  state.networkInterfaces = state.networkInterfaces.filter(
    (eni) => eni.status !== 'in-use' || eni.owner === null || ownerLives(state, eni.owner),
  );
}

/** The census of `vpcId` in `state`. */
export function vpcCensusOf(state: WorldState, vpcId: string): FakeVpcCensus {
  const vpc = state.vpcs.find((candidate) => candidate.id === vpcId) ?? null;
  const subnets = state.subnets.filter((subnet) => subnet.vpcId === vpcId);
  const subnetIds = new Set(subnets.map((subnet) => subnet.id));
  const others = new Set<string>();
  for (const instance of state.instances) {
    if (instance.state !== 'terminated' && instance.subnetId !== undefined && subnetIds.has(instance.subnetId)) {
      others.add(instance.arn);
    }
  }
  for (const eni of state.networkInterfaces.filter((candidate) => candidate.vpcId === vpcId)) {
    others.add(eni.status === 'in-use' && eni.owner !== null ? eni.owner : ec2Arn(eni, 'network-interface', eni.id));
  }
  for (const group of state.securityGroups) {
    if (group.vpcId === vpcId && group.groupName !== 'default') others.add(group.arn);
  }
  return {
    vpcId,
    vpc,
    subnets,
    routeTables: state.routeTables.filter((table) => table.vpcId === vpcId),
    internetGateways: state.internetGateways.filter((gateway) => gateway.vpcId === vpcId),
    natGateways: state.natGateways.filter((nat) => nat.vpcId === vpcId && nat.state !== 'deleted'),
    endpoints: state.vpcEndpoints.filter((endpoint) => endpoint.vpcId === vpcId),
    others: [...others].sort(),
  };
}

/** What still uses the subnet `subnetId` (DeleteSubnet answers DependencyViolation while any is left). */
export function subnetDependents(state: WorldState, subnetId: string): string[] {
  return [
    ...state.instances
      .filter((instance) => instance.state !== 'terminated' && instance.subnetId === subnetId)
      .map((instance) => instance.id),
    ...state.networkInterfaces.filter((eni) => eni.subnetId === subnetId).map((eni) => eni.id),
    ...state.natGateways.filter((nat) => nat.subnetId === subnetId && nat.state !== 'deleted').map((nat) => nat.id),
    ...state.vpcEndpoints.filter((endpoint) => endpoint.subnetIds.includes(subnetId)).map((endpoint) => endpoint.id),
  ];
}

/** What still keeps the VPC `vpcId` from being deleted (DeleteVpc answers DependencyViolation while any is left). */
export function vpcDependents(state: WorldState, vpcId: string): string[] {
  const census = vpcCensusOf(state, vpcId);
  return [
    ...census.subnets.map((subnet) => subnet.id),
    ...census.routeTables.filter((table) => !table.main).map((table) => table.id),
    ...census.internetGateways.map((gateway) => gateway.id),
    ...census.natGateways.map((nat) => nat.id),
    ...census.endpoints.map((endpoint) => endpoint.id),
    ...state.networkInterfaces.filter((eni) => eni.vpcId === vpcId).map((eni) => eni.id),
    ...state.securityGroups
      .filter((group) => group.vpcId === vpcId && group.groupName !== 'default')
      .map((group) => group.id),
  ];
}
