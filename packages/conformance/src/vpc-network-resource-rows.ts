import { type ResourceRowSpec, resourceFixture, worldArn } from './resource-row-spec.js';

const VPC = 'AWS::EC2::VPC';
const SUBNET = 'AWS::EC2::Subnet';
const ROUTE_TABLE = 'AWS::EC2::RouteTable';
const INTERNET_GATEWAY = 'AWS::EC2::InternetGateway';
const NAT_GATEWAY = 'AWS::EC2::NatGateway';
const VPC_ENDPOINT = 'AWS::EC2::VPCEndpoint';
const NETWORK_INTERFACE = 'AWS::EC2::NetworkInterface';

/** EC2 picks the ids: a fixture is named by its `Name` tag, and its ARN read from the world. */
const named = { nameTag: true } as const;

/**
 * The row of one VPC network type: `payments-<name>` in scope (deleted),
 * `archive-<name>` a look-alike, each in a VPC of its own that holds nothing
 * else (the target creates it, untagged, with what the resource needs: a
 * subnet for a NAT gateway or an interface; an internet gateway is attached to
 * it), so the whole-VPC rule lets the delete through; `missing` an id of
 * `idPrefix` no resource has. `refused`: an in-scope fixture with `contents: 1`,
 * which the row's type keeps (Conflict, nothing sent).
 */
function vpcNetworkRow(type: string, kind: string, idPrefix: string, name: string, refused?: string): ResourceRowSpec {
  const missing = `${idPrefix}-0123456789abcdef0`;
  return {
    type,
    fixtures: [
      resourceFixture(type, `payments-${name}`, 'payments', named),
      ...(refused === undefined
        ? []
        : [resourceFixture(type, `payments-${refused}`, 'payments', { ...named, contents: 1 })]),
      resourceFixture(type, `archive-${name}`, 'payments-archive', named),
    ],
    arnOf: (fixture) => worldArn('ec2', `${kind}/${fixture}`),
    missing,
    wrongArns: [
      worldArn('ec2', `${kind}/`),
      worldArn('ec2', `${kind}/${missing}/extra`),
      // An id of another kind under this kind's prefix.
      worldArn('ec2', `${kind}/sg-0123456789abcdef0`),
    ],
    deletable: `payments-${name}`,
    ...(refused === undefined ? {} : { refusedDeletes: [`payments-${refused}`] }),
  };
}

/**
 * The VPC network rows, each resource retired only with its whole VPC (the
 * rows' VPCs hold nothing else). None has protection nor a stop. A subnet
 * with `contents: 1` holds an interface left behind, so its delete is refused
 * at apply (the VPC still holds it); an interface with `contents: 1` is in use
 * (attached to an instance outside the row), never deleted. The NAT gateway's
 * delete is asynchronous on AWS and the fake (`deleting`, then gone): the
 * delete check polls it to the end.
 */
export const VPC_NETWORK_RESOURCE_ROWS: readonly ResourceRowSpec[] = [
  vpcNetworkRow(VPC, 'vpc', 'vpc', 'vpc'),
  vpcNetworkRow(SUBNET, 'subnet', 'subnet', 'subnet', 'busy-subnet'),
  vpcNetworkRow(ROUTE_TABLE, 'route-table', 'rtb', 'routes'),
  vpcNetworkRow(INTERNET_GATEWAY, 'internet-gateway', 'igw', 'igw'),
  vpcNetworkRow(NAT_GATEWAY, 'natgateway', 'nat', 'nat'),
  vpcNetworkRow(VPC_ENDPOINT, 'vpc-endpoint', 'vpce', 's3-endpoint'),
  vpcNetworkRow(NETWORK_INTERFACE, 'network-interface', 'eni', 'eni', 'attached-eni'),
];
