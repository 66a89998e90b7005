import type { ResourceFixture } from '@decomkit/conformance';
import type { FakeCloud, FakeCloudSeed } from '@decomkit/fake';

type SourceSeed = NonNullable<FakeCloudSeed['source']>;
type VpcNetworkSeeds = Pick<
  SourceSeed,
  'vpcs' | 'subnets' | 'routeTables' | 'internetGateways' | 'natGateways' | 'vpcEndpoints' | 'networkInterfaces'
>;

/** A fake id of `prefix` for the `index`-th fixture (`home`: the VPC or subnet made for it, untagged). */
const idOf = (prefix: string, index: number, home = false) =>
  `${prefix}-0${home ? 'f' : 'd'}0e${String(index).padStart(13, '0')}`;

/** The VPC network types (the VPC's own fixture is its VPC). */
const NETWORK_TYPES: ReadonlySet<string> = new Set([
  'AWS::EC2::VPC',
  'AWS::EC2::Subnet',
  'AWS::EC2::RouteTable',
  'AWS::EC2::InternetGateway',
  'AWS::EC2::NatGateway',
  'AWS::EC2::VPCEndpoint',
  'AWS::EC2::NetworkInterface',
]);

/**
 * The fake's seed of the VPC network rows' resources: each fixture in a VPC
 * of its own (untagged, holding nothing else), with a subnet where it needs
 * one; an internet gateway attached to it. `contents: 1` makes a subnet hold
 * an interface left behind, and an interface in use by something the fake
 * cannot name.
 */
export function fakeVpcNetworkSeeds(fixtures: readonly ResourceFixture[]): VpcNetworkSeeds {
  const seeds: Required<{ -readonly [K in keyof VpcNetworkSeeds]: NonNullable<VpcNetworkSeeds[K]>[number][] }> = {
    vpcs: [],
    subnets: [],
    routeTables: [],
    internetGateways: [],
    natGateways: [],
    vpcEndpoints: [],
    networkInterfaces: [],
  };
  fixtures.forEach((fixture, index) => {
    if (!NETWORK_TYPES.has(fixture.type)) return;
    const tags = { ...fixture.tags };
    const busy = (fixture.contents ?? 0) > 0;
    if (fixture.type === 'AWS::EC2::VPC') {
      seeds.vpcs.push({ id: idOf('vpc', index), tags });
      return;
    }
    const vpcId = idOf('vpc', index, true);
    const homeSubnet = idOf('subnet', index, true);
    seeds.vpcs.push({ id: vpcId });
    const needsSubnet = ['AWS::EC2::NatGateway', 'AWS::EC2::NetworkInterface'].includes(fixture.type);
    if (needsSubnet || busy) seeds.subnets.push({ id: homeSubnet, vpcId });
    switch (fixture.type) {
      case 'AWS::EC2::Subnet':
        seeds.subnets.push({ id: idOf('subnet', index), vpcId, tags });
        if (busy) seeds.networkInterfaces.push({ id: idOf('eni', index, true), subnetId: homeSubnet });
        return;
      case 'AWS::EC2::RouteTable':
        seeds.routeTables.push({ id: idOf('rtb', index), vpcId, tags });
        return;
      case 'AWS::EC2::InternetGateway':
        seeds.internetGateways.push({ id: idOf('igw', index), vpcId, tags });
        return;
      case 'AWS::EC2::NatGateway':
        seeds.natGateways.push({ id: idOf('nat', index), subnetId: homeSubnet, tags });
        return;
      case 'AWS::EC2::VPCEndpoint':
        seeds.vpcEndpoints.push({ id: idOf('vpce', index), vpcId, tags });
        return;
      default:
        seeds.networkInterfaces.push({ id: idOf('eni', index), subnetId: homeSubnet, inUse: busy, tags });
    }
  });
  return seeds;
}

/** A record of the VPC network lists as the oracle reads it. */
interface NetworkRecord {
  readonly arn: string;
  readonly name: string | null;
  readonly tags: Record<string, string>;
}

/** How the oracle reads each VPC network type from the fake's state: its live records and their state word. */
export const VPC_NETWORK_READERS: Readonly<
  Record<string, { records(cloud: FakeCloud): readonly NetworkRecord[]; state(record: never): string }>
> = {
  'AWS::EC2::VPC': { records: (cloud) => cloud.source.vpcs(), state: () => 'available' },
  'AWS::EC2::Subnet': { records: (cloud) => cloud.source.subnets(), state: () => 'available' },
  'AWS::EC2::RouteTable': { records: (cloud) => cloud.source.routeTables(), state: () => 'available' },
  'AWS::EC2::InternetGateway': {
    records: (cloud) => cloud.source.internetGateways(),
    state: (gateway: { vpcId: string | null }) => (gateway.vpcId === null ? 'detached' : 'attached'),
  },
  // A deleted NAT gateway is shown a while; gone for the rows.
  'AWS::EC2::NatGateway': {
    records: (cloud) => cloud.source.natGateways().filter((nat) => nat.state !== 'deleted'),
    state: (nat: { state: string }) => nat.state,
  },
  'AWS::EC2::VPCEndpoint': { records: (cloud) => cloud.source.vpcEndpoints(), state: () => 'available' },
  'AWS::EC2::NetworkInterface': {
    records: (cloud) => cloud.source.networkInterfaces(),
    state: (eni: { status: string }) => eni.status,
  },
};
