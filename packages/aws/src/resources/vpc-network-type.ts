import type { Tag } from '@aws-sdk/client-ec2';
import {
  type DecomError,
  decomError,
  okAsync,
  type Resource,
  type ResultAsync,
  type RetireBlocker,
} from '@decomkit/core';
import { ec2Arn, ec2IdOf, type Place } from '../arns.js';
import type { CallOptions } from '../aws-call.js';
import type { AwsClients, AwsClientTypes } from '../clients.js';
import type { AwsTypePermissions } from '../permissions/iam-grant.js';
import type { DescribeMany } from './declared-calls.js';
import { defineAwsResourceType } from './define-resource-type.js';
import { deleteUntilGone } from './delete-until-gone.js';
import { ec2Resource } from './ec2-resource.js';
import { type AwsResourceType, claimsOn, placeOf } from './resource-type.js';
import { readVpcCensus, VPC_CENSUS_READS, type VpcCensus } from './vpc-census.js';

/**
 * Where a VPC network resource stands in the deletion order: instances, load
 * balancers and interfaces left behind (`interface`) → NAT gateways and
 * endpoints (`gateway`) → subnets and route tables (`subnet`) → internet
 * gateways → the VPC; its main route table goes with it (`main-route-table`).
 */
export type VpcNetworkTier = 'interface' | 'gateway' | 'subnet' | 'internet-gateway' | 'vpc' | 'main-route-table';

/** What {@link defineVpcNetworkType} takes: one VPC network type's own facts. */
export interface VpcNetworkTypeSpec<Item> {
  /** The IAM actions of its own calls; the census's reads are added. */
  readonly iam?: AwsTypePermissions;
  /** The AWS Config / CloudFormation type, `AWS::EC2::Subnet`. */
  readonly type: string;
  /** The ARN's resource kind, `subnet` (`…:subnet/subnet-0abc`). */
  readonly kind: string;
  /** What its ids look like (`/^subnet-[0-9a-f]+$/`). */
  readonly idPattern: RegExp;
  /** The items among `ids` (missing ids left out). */
  readonly describe: DescribeMany<Item>;
  readonly idOfItem: (item: Item) => string | undefined;
  /** The VPC it lives in; undefined for one in none (an internet gateway attached nowhere). */
  readonly vpcOf: (item: Item) => string | undefined;
  readonly tagsOf: (item: Item) => readonly Tag[] | undefined;
  readonly stateOf: (item: Item) => string;
  readonly tier: (item: Item) => VpcNetworkTier;
  /** The service keeps it a while after deletion (`deleted`): gone. Default: never. */
  readonly gone?: (item: Item) => boolean;
  /** Accepted for deletion and finishing it (`deleting`): wait, never call again. Default: never. */
  readonly deleting?: (item: Item) => boolean;
  /** What keeps it from being retired as it stands, besides a default VPC (an interface in use). */
  readonly blockers?: (item: Item, arn: string, census: VpcCensus | undefined) => readonly RetireBlocker[];
  /**
   * What it is a part of, when it goes with that (an interface in use by an instance): it then depends on
   * its owner alone, and neither the whole-VPC rule nor the default-VPC blocker applies to it (they would
   * keep its owner from being retired); its delete finds it gone, and is refused at apply while in use.
   */
  readonly ownedBy?: (item: Item, census: VpcCensus | undefined) => string | undefined;
  /** Why its delete is refused as it stands (a main route table), checked at apply; null to go ahead. */
  readonly refusal?: (item: Item) => string | null;
  /** `ec2:DeleteSubnet`, as errors name it. */
  readonly operation: string;
  /** The key naming the id in the handler's result (`subnetId`). */
  readonly idKey: string;
  /** Sends the delete (and what must precede it: a detach, a disassociation). */
  readonly send: (ec2: AwsClientTypes['ec2'], id: string, options: CallOptions) => Promise<unknown>;
  /** Discovery by EC2 tag filters, for a type the tagging API misses. */
  readonly discoverByTags?: AwsResourceType['discoverByTags'];
  /** Whether AWS Config records the type. Default: true. */
  readonly recordedByConfig?: boolean;
}

/** Up to five names, and how many more. */
function namedFew(names: readonly string[]): string {
  const more = names.length > 5 ? ` and ${names.length - 5} more` : '';
  return `${names.slice(0, 5).join(', ')}${more}`;
}

/** The ARNs of a VPC's own networking, by tier (its main route table left out: it goes with the VPC). */
function networkArns(place: Place, census: VpcCensus) {
  const arns = (kind: string, ids: readonly (string | undefined)[]) =>
    ids.flatMap((id) => (id === undefined ? [] : [ec2Arn(place, kind, id)]));
  return {
    vpc: ec2Arn(place, 'vpc', census.vpcId),
    gateways: [
      ...arns(
        'natgateway',
        census.natGateways.map((nat) => nat.NatGatewayId),
      ),
      ...arns(
        'vpc-endpoint',
        census.endpoints.map((endpoint) => endpoint.VpcEndpointId),
      ),
    ],
    subnets: [
      ...arns(
        'subnet',
        census.subnets.map((subnet) => subnet.SubnetId),
      ),
      ...arns(
        'route-table',
        census.routeTables
          .filter((table) => !(table.Associations ?? []).some((association) => association.Main === true))
          .map((table) => table.RouteTableId),
      ),
    ],
    internetGateways: arns(
      'internet-gateway',
      census.internetGateways.map((gateway) => gateway.InternetGatewayId),
    ),
  };
}

/** What must be deleted before a resource of `tier` in the VPC of `census`. */
function tierDependencies(place: Place, census: VpcCensus, tier: VpcNetworkTier): readonly string[] {
  const network = networkArns(place, census);
  switch (tier) {
    case 'interface':
      return [];
    case 'gateway':
      return census.others;
    case 'subnet':
      return [...census.others, ...network.gateways];
    case 'internet-gateway':
      return [...census.others, ...network.gateways, ...network.subnets];
    case 'vpc':
      return [...census.others, ...network.gateways, ...network.subnets, ...network.internetGateways];
    case 'main-route-table':
      return [network.vpc];
  }
}

/** Everything of the VPC of `census` a resource of it is retired only together with: what else lives there first. */
function wholeVpc(place: Place, census: VpcCensus, self: string): readonly string[] {
  const network = networkArns(place, census);
  return [...census.others, network.vpc, ...network.gateways, ...network.subnets, ...network.internetGateways].filter(
    (arn) => arn !== self,
  );
}

function toResource<Item>(
  spec: VpcNetworkTypeSpec<Item>,
  place: Place,
  item: Item,
  census: VpcCensus | undefined,
): Resource {
  const id = spec.idOfItem(item) ?? '';
  const arn = ec2Arn(place, spec.kind, id);
  const owner = spec.ownedBy?.(item, census);
  if (owner !== undefined) {
    return ec2Resource(place, spec.type, spec.kind, id, {
      tags: spec.tagsOf(item),
      state: spec.stateOf(item),
      dependsOn: [owner],
    });
  }
  const isDefault = census?.vpc?.IsDefault === true;
  const blockers = [
    ...(isDefault
      ? [
          {
            code: 'default-vpc',
            message: `${arn} is in the default VPC ${census?.vpcId}: default VPCs are never touched`,
          },
        ]
      : []),
    ...(spec.blockers?.(item, arn, census) ?? []),
  ];
  const tier = census === undefined ? [] : tierDependencies(place, census, spec.tier(item));
  const resource = ec2Resource(place, spec.type, spec.kind, id, {
    tags: spec.tagsOf(item),
    state: spec.stateOf(item),
    dependsOn: [...new Set(tier)].filter((other) => other !== arn),
  });
  return {
    ...resource,
    ...(blockers.length === 0 ? {} : { retireBlockers: blockers }),
    ...(census === undefined ? {} : { retiredOnlyWith: wholeVpc(place, census, arn) }),
  };
}

/**
 * The live items among `ids` with the census of their VPCs. Only the items
 * asked for: a filter the service ignored must not make one id describe another.
 */
function describeWithCensus<Item>(
  spec: VpcNetworkTypeSpec<Item>,
  clients: AwsClients,
  place: Place,
  ids: readonly string[],
) {
  return spec.describe(clients, place.region, ids).andThen((items) => {
    const asked = new Set(ids);
    const live = items.filter((item) => asked.has(spec.idOfItem(item) ?? '') && !(spec.gone?.(item) ?? false));
    const vpcIds = live.flatMap((item) => spec.vpcOf(item) ?? []);
    return readVpcCensus(clients, place, vpcIds).map((census) => ({ live, census }));
  });
}

/**
 * Checked at apply, just before the call: the VPC is not the default one, and,
 * past the first tier, holds nothing but its own networking (what else lived
 * there went first, in dependency order); the type's own refusal. A Conflict
 * naming what is left, or null.
 */
function applyRefusal<Item>(
  spec: VpcNetworkTypeSpec<Item>,
  clients: AwsClients,
  place: Place,
  arn: string,
  item: Item,
): ResultAsync<DecomError | null, DecomError> {
  const refused = (why: string) =>
    decomError.conflict({ message: `${spec.operation} on ${arn}: ${why}: not touched`, resource: arn });
  const own = spec.refusal?.(item) ?? null;
  if (own !== null) return okAsync(refused(own));
  const vpcId = spec.vpcOf(item);
  if (vpcId === undefined) return okAsync(null);
  return readVpcCensus(clients, place, [vpcId]).map((found) => {
    const census = found.get(vpcId);
    if (census?.vpc?.IsDefault === true) return refused(`${vpcId} is the default VPC, never touched`);
    const others = spec.tier(item) === 'interface' ? [] : (census?.others ?? []);
    return others.length === 0 ? null : refused(`${vpcId} still holds ${namedFew(others)}`);
  });
}

/**
 * One VPC network type (NAT gateway, internet gateway, subnet, route table,
 * endpoint, network interface left behind, the VPC), retired only when the
 * whole VPC is: each resource names, in `retiredOnlyWith`, the VPC and
 * everything else that lives there (read with one census per VPC), so the
 * plan blocks every one of them unless all are being retired; depends on
 * what its tier must follow; carries a `default-vpc` blocker in a default
 * VPC. The delete checks again at apply (not the default VPC; nothing else
 * left past the first tier), makes its call and waits until the resource is
 * gone; gone already counts as done.
 */
export function defineVpcNetworkType<Item>(spec: VpcNetworkTypeSpec<Item>): AwsResourceType {
  const idOf = (arn: string): string | null => {
    const id = ec2IdOf(arn, spec.kind);
    return id !== null && spec.idPattern.test(id) ? id : null;
  };
  const read = (clients: AwsClients, region: string, id: string) =>
    spec
      .describe(clients, region, [id])
      .map((found) => found.find((item) => spec.idOfItem(item) === id && !(spec.gone?.(item) ?? false)) ?? null);
  const source = spec.idPattern.source.replace(/^\^/, '').replace(/\$$/, '');
  return defineAwsResourceType({
    type: spec.type,
    ...(spec.iam === undefined ? {} : { iam: { ...spec.iam, read: [...VPC_CENSUS_READS, ...spec.iam.read] } }),
    idOf,
    arnShape: { service: 'ec2', prefix: `${spec.kind}/` },
    ...(spec.recordedByConfig === false
      ? {}
      : { config: { pattern: new RegExp(`^${spec.kind}\\/(${source})$`), lookup: 'id' as const } }),
    arnOf: (place, id) => ec2Arn(place, spec.kind, id),
    describeMany: (clients, place, ids) =>
      describeWithCensus(spec, clients, place, ids).map(({ live, census }) =>
        live.map((item) => {
          const vpcId = spec.vpcOf(item);
          return toResource(spec, place, item, vpcId === undefined ? undefined : census.get(vpcId));
        }),
      ),
    ...(spec.discoverByTags === undefined ? {} : { discoverByTags: spec.discoverByTags }),
    delete: (clients) =>
      deleteUntilGone(clients, {
        type: spec.type,
        idOf,
        claims: claimsOn('ec2', 'mutating'),
        operation: spec.operation,
        idKey: spec.idKey,
        read: (clients, action, id) => read(clients, placeOf(action).region, id),
        deleting: (item) => spec.deleting?.(item) ?? false,
        refusal: (clients, action, id, item) =>
          applyRefusal(spec, clients, placeOf(action), action.target.arn ?? id, item),
        refusedBy: ['DependencyViolation', 'InvalidNetworkInterface.InUse'],
        send: (clients, action, id, options) => spec.send(clients.get('ec2', placeOf(action).region), id, options),
      }),
  });
}
