import {
  type InternetGateway,
  type NatGateway,
  type NetworkInterface,
  paginateDescribeInstances,
  paginateDescribeInternetGateways,
  paginateDescribeNatGateways,
  paginateDescribeNetworkInterfaces,
  paginateDescribeRouteTables,
  paginateDescribeSecurityGroups,
  paginateDescribeSubnets,
  paginateDescribeVpcEndpoints,
  paginateDescribeVpcs,
  type Reservation,
  type RouteTable,
  type SecurityGroup,
  type Subnet,
  type Vpc,
  type VpcEndpoint,
} from '@aws-sdk/client-ec2';
import { type DecomError, okAsync, ResultAsync } from '@decomkit/core';
import { ec2Arn, type Place } from '../arns.js';
import { awsCall } from '../aws-call.js';
import type { AwsClients, AwsClientTypes } from '../clients.js';
import { describeCall, EC2_FILTER_CHUNK } from './declared-calls.js';

/**
 * Everything one VPC holds, as decomkit decides "the whole VPC is in scope"
 * on: its own networking (what the VPC network types retire) and what else
 * lives there (`others`).
 */
export interface VpcCensus {
  readonly vpcId: string;
  /** Null when the VPC no longer exists. */
  readonly vpc: Vpc | null;
  readonly subnets: readonly Subnet[];
  readonly routeTables: readonly RouteTable[];
  readonly internetGateways: readonly InternetGateway[];
  /** NAT gateways not yet deleted. */
  readonly natGateways: readonly NatGateway[];
  /** VPC endpoints not yet deleted. */
  readonly endpoints: readonly VpcEndpoint[];
  /**
   * ARNs of what else lives in the VPC: its live instances, the load
   * balancers and other owners of its network interfaces (the interface's
   * own ARN where its owner cannot be named: an RDS or Lambda interface, one
   * left behind), its security groups other than the default one.
   */
  readonly others: readonly string[];
  /** The ARN each network interface of the VPC belongs to (its instance, load balancer, NAT gateway or endpoint), where it can be named. */
  readonly interfaceOwners: ReadonlyMap<string, string>;
}

/** Interface types that belong to the VPC network types themselves (a NAT gateway's, an endpoint's). */
const NETWORK_OWNED_INTERFACES: ReadonlySet<string> = new Set([
  'nat_gateway',
  'vpc_endpoint',
  'gateway_load_balancer_endpoint',
]);
/** Instance states that still hold an interface in the VPC. */
const LIVE_INSTANCE_STATES = ['pending', 'running', 'shutting-down', 'stopping', 'stopped'];
const GONE_STATES: ReadonlySet<string> = new Set(['deleted', 'Deleted', 'failed', 'Failed']);

/** A describe of everything of one kind in the VPCs `vpcIds` (the filter `filterName`). */
function inVpcs<Input extends object, Page, Item>(
  operation: string,
  paginate: (config: { client: AwsClientTypes['ec2'] }, input: Input) => AsyncIterable<Page>,
  filterName: string,
  items: (page: Page) => readonly Item[] | undefined,
  extraFilters: { Name: string; Values: string[] }[] = [],
) {
  return describeCall({
    service: 'ec2',
    operation,
    paginate,
    filter: (chunk) => ({ Filters: [{ Name: filterName, Values: chunk }, ...extraFilters] }) as Input,
    chunk: EC2_FILTER_CHUNK,
    items,
  });
}

const describeVpcs = inVpcs('ec2:DescribeVpcs', paginateDescribeVpcs, 'vpc-id', (page) => page.Vpcs);
const describeSubnets = inVpcs('ec2:DescribeSubnets', paginateDescribeSubnets, 'vpc-id', (page) => page.Subnets);
const describeRouteTables = inVpcs(
  'ec2:DescribeRouteTables',
  paginateDescribeRouteTables,
  'vpc-id',
  (page) => page.RouteTables,
);
const describeInternetGateways = inVpcs(
  'ec2:DescribeInternetGateways',
  paginateDescribeInternetGateways,
  'attachment.vpc-id',
  (page) => page.InternetGateways,
);
const describeNatGateways = inVpcs(
  'ec2:DescribeNatGateways',
  paginateDescribeNatGateways,
  'vpc-id',
  (page) => page.NatGateways,
);
/**
 * The endpoints of the VPCs `vpcIds`: every endpoint of the region, kept by
 * `VpcId` (the emulator implements no DescribeVpcEndpoints filter but tags;
 * a region holds few endpoints).
 */
export function describeEndpointsWhere(
  clients: AwsClients,
  region: string,
  keep: (endpoint: VpcEndpoint) => boolean,
): ResultAsync<VpcEndpoint[], DecomError> {
  return awsCall({ operation: 'ec2:DescribeVpcEndpoints' }, async () => {
    const found: VpcEndpoint[] = [];
    for await (const page of paginateDescribeVpcEndpoints({ client: clients.get('ec2', region) }, {})) {
      found.push(...(page.VpcEndpoints ?? []).filter(keep));
    }
    return found;
  });
}

const describeEndpoints = (clients: AwsClients, region: string, vpcIds: readonly string[]) =>
  describeEndpointsWhere(clients, region, (endpoint) => vpcIds.includes(endpoint.VpcId ?? ''));
const describeInterfaces = inVpcs(
  'ec2:DescribeNetworkInterfaces',
  paginateDescribeNetworkInterfaces,
  'vpc-id',
  (page) => page.NetworkInterfaces,
);
const describeGroups = inVpcs(
  'ec2:DescribeSecurityGroups',
  paginateDescribeSecurityGroups,
  'vpc-id',
  (page) => page.SecurityGroups,
);
const describeReservations = inVpcs(
  'ec2:DescribeInstances',
  paginateDescribeInstances,
  'vpc-id',
  (page) => page.Reservations,
  [{ Name: 'instance-state-name', Values: LIVE_INSTANCE_STATES }],
);

/** Whether a NAT gateway or endpoint state word says it is gone. */
export function goneState(state: string | undefined): boolean {
  return state !== undefined && GONE_STATES.has(state);
}

/**
 * The ARN of what an interface belongs to: its instance, its load balancer
 * (`ELB app/<name>/<id>`), itself when its owner cannot be named; null for
 * the interfaces of NAT gateways and endpoints, which go with them.
 */
export function interfaceOwner(place: Place, eni: NetworkInterface): string | null {
  if (NETWORK_OWNED_INTERFACES.has(eni.InterfaceType ?? '')) return null;
  const instance = eni.Attachment?.InstanceId;
  if (instance !== undefined && instance !== '') return ec2Arn(place, 'instance', instance);
  const balancer = /^ELB ((?:app|net|gwy)\/[^/\s]+\/[0-9a-f]+)$/.exec(eni.Description ?? '')?.[1];
  if (balancer !== undefined) {
    return `arn:${place.partition ?? 'aws'}:elasticloadbalancing:${place.region}:${place.accountId}:loadbalancer/${balancer}`;
  }
  return ec2Arn(place, 'network-interface', eni.NetworkInterfaceId ?? '');
}

function byVpc<Item>(items: readonly Item[], vpcOf: (item: Item) => readonly (string | undefined)[]) {
  const grouped = new Map<string, Item[]>();
  for (const item of items) {
    for (const vpcId of vpcOf(item)) {
      if (vpcId !== undefined) grouped.set(vpcId, [...(grouped.get(vpcId) ?? []), item]);
    }
  }
  return (vpcId: string): readonly Item[] => grouped.get(vpcId) ?? [];
}

/**
 * What each VPC of `vpcIds` holds, read with one filtered describe per kind
 * (VPCs, subnets, route tables, internet gateways, NAT gateways, endpoints,
 * network interfaces, security groups, live instances). Any read error fails
 * the whole census: nothing is decided on half a picture.
 */
export function readVpcCensus(
  clients: AwsClients,
  place: Place,
  vpcIds: readonly string[],
): ResultAsync<ReadonlyMap<string, VpcCensus>, DecomError> {
  const ids = [...new Set(vpcIds)].sort();
  if (ids.length === 0) return okAsync(new Map());
  const region = place.region;
  return ResultAsync.combine([
    describeVpcs(clients, region, ids),
    describeSubnets(clients, region, ids),
    describeRouteTables(clients, region, ids),
    describeInternetGateways(clients, region, ids),
    describeNatGateways(clients, region, ids),
    describeEndpoints(clients, region, ids),
    describeInterfaces(clients, region, ids),
    describeGroups(clients, region, ids),
    describeReservations(clients, region, ids),
  ] as const).map(([vpcs, subnets, routeTables, gateways, nats, endpoints, interfaces, groups, reservations]) => {
    const subnetsOf = byVpc(subnets, (subnet: Subnet) => [subnet.VpcId]);
    const tablesOf = byVpc(routeTables, (table: RouteTable) => [table.VpcId]);
    const gatewaysOf = byVpc(gateways, (gateway: InternetGateway) =>
      (gateway.Attachments ?? []).map((attachment) => attachment.VpcId),
    );
    const natsOf = byVpc(
      nats.filter((nat) => !goneState(nat.State)),
      (nat: NatGateway) => [nat.VpcId],
    );
    // A deleted gateway's interface is gone on AWS; the emulator keeps it, still in the VPC.
    const goneWithGateways = new Set(
      nats
        .filter((nat) => goneState(nat.State))
        .flatMap((nat) => (nat.NatGatewayAddresses ?? []).flatMap((address) => address.NetworkInterfaceId ?? [])),
    );
    const endpointsOf = byVpc(
      endpoints.filter((endpoint) => !goneState(endpoint.State)),
      (endpoint: VpcEndpoint) => [endpoint.VpcId],
    );
    const interfacesOf = byVpc(interfaces, (eni: NetworkInterface) => [eni.VpcId]);
    const groupsOf = byVpc(
      groups.filter((group) => group.GroupName !== 'default'),
      (group: SecurityGroup) => [group.VpcId],
    );
    const instancesOf = byVpc(
      reservations.flatMap((reservation: Reservation) => reservation.Instances ?? []),
      (instance) => [instance.VpcId],
    );
    return new Map(
      ids.map((vpcId) => {
        const others = new Set<string>();
        const interfaceOwners = new Map<string, string>();
        for (const nat of natsOf(vpcId)) {
          for (const address of nat.NatGatewayAddresses ?? []) {
            const eni = address.NetworkInterfaceId;
            if (eni !== undefined) interfaceOwners.set(eni, ec2Arn(place, 'natgateway', nat.NatGatewayId ?? ''));
          }
        }
        for (const endpoint of endpointsOf(vpcId)) {
          for (const eni of endpoint.NetworkInterfaceIds ?? []) {
            interfaceOwners.set(eni, ec2Arn(place, 'vpc-endpoint', endpoint.VpcEndpointId ?? ''));
          }
        }
        const instances = new Set(
          instancesOf(vpcId).map((instance) => ec2Arn(place, 'instance', instance.InstanceId ?? '')),
        );
        for (const instance of instances) others.add(instance);
        for (const eni of interfacesOf(vpcId)) {
          // A NAT gateway's or endpoint's own interface goes with it (the emulator types them as plain interfaces).
          if (interfaceOwners.has(eni.NetworkInterfaceId ?? '') || goneWithGateways.has(eni.NetworkInterfaceId ?? '')) {
            continue;
          }
          const owner = interfaceOwner(place, eni);
          if (owner === null) continue;
          // Still attached to a terminated instance: it goes with the instance (or is left behind, `available`, and counted then).
          if (eni.Attachment?.InstanceId !== undefined && !instances.has(owner)) continue;
          others.add(owner);
          if (!owner.endsWith(`network-interface/${eni.NetworkInterfaceId}`)) {
            interfaceOwners.set(eni.NetworkInterfaceId ?? '', owner);
          }
        }
        for (const group of groupsOf(vpcId)) others.add(ec2Arn(place, 'security-group', group.GroupId ?? ''));
        const census: VpcCensus = {
          vpcId,
          vpc: vpcs.find((vpc) => vpc.VpcId === vpcId) ?? null,
          subnets: subnetsOf(vpcId),
          routeTables: tablesOf(vpcId),
          internetGateways: gatewaysOf(vpcId),
          natGateways: natsOf(vpcId),
          endpoints: endpointsOf(vpcId),
          others: [...others].sort(),
          interfaceOwners,
        };
        return [vpcId, census] as const;
      }),
    );
  });
}

/** The IAM actions of a census (every VPC network type's `iam.read`). */
export const VPC_CENSUS_READS: readonly string[] = [
  'ec2:DescribeInstances',
  'ec2:DescribeInternetGateways',
  'ec2:DescribeNatGateways',
  'ec2:DescribeNetworkInterfaces',
  'ec2:DescribeRouteTables',
  'ec2:DescribeSecurityGroups',
  'ec2:DescribeSubnets',
  'ec2:DescribeVpcEndpoints',
  'ec2:DescribeVpcs',
];
