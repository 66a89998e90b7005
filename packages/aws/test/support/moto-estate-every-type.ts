import type { AwsClients } from '@decomkit/aws';
import { MOTO_CONTAINER_STREAM_FIXTURES } from './moto-container-stream-fixtures.js';
import { MOTO_DATA_EDGE_FIXTURES } from './moto-data-edge-fixtures.js';
import { MOTO_EC2_FIXTURES } from './moto-ec2-fixtures.js';
import type { MotoFixtureType } from './moto-fixture-type.js';
import { MOTO_KMS_IAM_FIXTURES } from './moto-kms-iam-fixtures.js';
import { MOTO_MONITORING_FIXTURES } from './moto-monitoring-fixtures.js';
import { MOTO_SERVICE_FIXTURES } from './moto-service-fixtures.js';
import { type SeededVpc, seedVpc } from './moto-vpc-fixtures.js';
import { MOTO_VPC_NETWORK_FIXTURES } from './moto-vpc-network-fixtures.js';

const REGION = 'eu-west-1';
const PAYMENTS = { workload: 'payments', owner: 'payments-team' };
const BILLING = { workload: 'billing' };

/** One resource the estate seeded: its type, ARN, and how to read it back with the SDK (null once gone). */
export interface EstateResource {
  readonly type: string;
  readonly arn: string;
  /** The resource as the service has it; null once it is gone (deleted, or scheduled for deletion). */
  readonly read: () => Promise<unknown>;
}

/** The types the standard estate (`seedEstate`) seeds itself; every other supported type is seeded here. */
const SEEDED_BY_FIXTURE: Readonly<Record<string, MotoFixtureType>> = {
  'AWS::EC2::Snapshot': requireFixture(MOTO_EC2_FIXTURES, 'AWS::EC2::Snapshot'),
  'AWS::SQS::Queue': requireFixture(MOTO_SERVICE_FIXTURES, 'AWS::SQS::Queue'),
  ...MOTO_CONTAINER_STREAM_FIXTURES,
  ...MOTO_MONITORING_FIXTURES,
  ...MOTO_KMS_IAM_FIXTURES,
  ...MOTO_DATA_EDGE_FIXTURES,
};

function requireFixture(fixtures: Readonly<Record<string, MotoFixtureType>>, type: string): MotoFixtureType {
  const found = fixtures[type];
  if (found === undefined) throw new Error(`no moto fixture for ${type}`);
  return found;
}

/** A name each service takes (lower case, letters, digits and dashes, short). */
const nameOf = (prefix: string, type: string) =>
  `${prefix}-${type
    .split('::')
    .slice(1)
    .join('-')
    .toLowerCase()
    .replace(/[^a-z0-9-]/g, '')}`.slice(0, 28);

/**
 * Every supported type the standard estate does not seed itself, in scope
 * (`workload=payments`) and as a look-alike (`workload=billing`), each seeded
 * with the SDK by the type's conformance fixture (so the fixture's read is the
 * oracle), plus a whole VPC of the workload's with every kind of networking
 * (retired with all of it) and a billing VPC just like it (never touched).
 * ElastiCache and CloudFront are not here: moto cannot finish their
 * deletes or tag them (reasons in `MOTO_DATA_EDGE_FIXTURES`).
 */
export interface EveryTypeEstate {
  readonly inScope: readonly EstateResource[];
  readonly lookAlikes: readonly EstateResource[];
}

/** Seeds {@link EveryTypeEstate} in moto (`eu-west-1`), after `seedEstate`. */
export async function seedEveryType(clients: AwsClients): Promise<EveryTypeEstate> {
  const inScope: EstateResource[] = [];
  const lookAlikes: EstateResource[] = [];
  for (const [type, fixtureType] of Object.entries(SEEDED_BY_FIXTURE)) {
    for (const [prefix, tags, into] of [
      ['payments', PAYMENTS, inScope],
      ['billing', BILLING, lookAlikes],
    ] as const) {
      const seeded = await fixtureType.seed(clients, REGION, { type, name: nameOf(prefix, type), tags });
      into.push({ type, arn: seeded.arn, read: () => fixtureType.read(clients, REGION, seeded.id) });
    }
  }
  inScope.push(...(await seedWholeVpc(clients, PAYMENTS, 20)));
  lookAlikes.push(...(await seedWholeVpc(clients, BILLING, 21)));
  return { inScope, lookAlikes };
}

/** Each networking resource of a {@link SeededVpc}: its type, and how its conformance fixture reads it. */
const VPC_PARTS: readonly (readonly [
  field: keyof SeededVpc['arns'],
  type: string,
  fixtures: typeof MOTO_EC2_FIXTURES,
])[] = [
  ['vpcId', 'AWS::EC2::VPC', MOTO_VPC_NETWORK_FIXTURES],
  ['subnetId', 'AWS::EC2::Subnet', MOTO_VPC_NETWORK_FIXTURES],
  ['routeTableId', 'AWS::EC2::RouteTable', MOTO_VPC_NETWORK_FIXTURES],
  ['internetGatewayId', 'AWS::EC2::InternetGateway', MOTO_VPC_NETWORK_FIXTURES],
  ['natGatewayId', 'AWS::EC2::NatGateway', MOTO_VPC_NETWORK_FIXTURES],
  ['endpointId', 'AWS::EC2::VPCEndpoint', MOTO_VPC_NETWORK_FIXTURES],
  ['interfaceId', 'AWS::EC2::NetworkInterface', MOTO_VPC_NETWORK_FIXTURES],
  ['allocationId', 'AWS::EC2::EIP', MOTO_EC2_FIXTURES],
  ['securityGroupId', 'AWS::EC2::SecurityGroup', MOTO_EC2_FIXTURES],
];

/**
 * A VPC tagged `tags` holding nothing but its own networking, all tagged
 * alike (`seedVpc`), each part read back through its conformance fixture.
 */
async function seedWholeVpc(
  clients: AwsClients,
  tags: Readonly<Record<string, string>>,
  network: number,
): Promise<EstateResource[]> {
  const seeded = await seedVpc(clients, tags, tags, `10.${network}.0.0/16`);
  return VPC_PARTS.map(([field, type, fixtures]) => {
    const fixtureType = requireFixture(fixtures, type);
    return { type, arn: seeded.arns[field], read: () => fixtureType.read(clients, REGION, seeded[field]) };
  });
}
