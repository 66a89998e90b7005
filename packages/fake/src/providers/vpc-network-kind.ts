import type { ActionHandler, DecomError, HandlerOutcome, Resource, RetireBlocker } from '@decomkit/core';
import { decomError, errAsync, okAsync, type ResultAsync } from '@decomkit/core';
import { ec2Arn, type Place } from '../source/arns.js';
import type { FakeEc2Vpc, VpcNetworkList, VpcNetworkRecord } from '../source/ec2-vpc.js';
import type { FakeTagging } from '../source/tagging.js';
import type { FakeVpcCensus } from '../source/vpc-census.js';
import { defineFakeResourceKind } from './define-fake-resource-kind.js';
import { actionIdOf, claimsOn, done, type ResourceKind } from './resource-kind.js';
import { ec2IdOf, recordResource } from './resource-kind-parts.js';

const POLL_MILLISECONDS = 30_000;
const claims = claimsOn('ec2', 'mutating');

/**
 * Where a VPC network resource stands in the deletion order (as the AWS
 * provider's): what else lives in the VPC and interfaces left behind
 * (`interface`) → NAT gateways and endpoints (`gateway`) → subnets and route
 * tables (`subnet`) → internet gateways → the VPC; its main route table goes
 * with it (`main-route-table`).
 */
export type VpcNetworkTier = 'interface' | 'gateway' | 'subnet' | 'internet-gateway' | 'vpc' | 'main-route-table';

/** What {@link vpcNetworkKind} takes: one VPC network type's own facts. */
export interface VpcNetworkKindSpec<List extends VpcNetworkList> {
  readonly type: string;
  readonly list: List;
  /** The ARN's resource kind (`subnet`), and what its ids look like. */
  readonly kind: string;
  readonly idPattern: RegExp;
  /** The VPC it lives in; null for an internet gateway attached nowhere. */
  readonly vpcOf: (record: VpcNetworkRecord<List>) => string | null;
  readonly stateOf: (record: VpcNetworkRecord<List>) => string;
  readonly tier: (record: VpcNetworkRecord<List>) => VpcNetworkTier;
  /** Kept a while after its delete (a `deleted` NAT gateway): gone. */
  readonly gone?: (record: VpcNetworkRecord<List>) => boolean;
  /** Its delete accepted and finishing (`deleting`): wait, never call again. */
  readonly deleting?: (record: VpcNetworkRecord<List>) => boolean;
  /** What it is a part of (an interface in use by an instance): it depends on that alone, no whole-VPC rule. */
  readonly ownedBy?: (record: VpcNetworkRecord<List>) => string | null;
  /** What keeps it from being retired, besides a default VPC. */
  readonly blockers?: (record: VpcNetworkRecord<List>) => readonly RetireBlocker[];
  /** Why its delete is refused as it stands, checked at apply; null to go ahead. */
  readonly refusal?: (record: VpcNetworkRecord<List>) => string | null;
  /** `ec2:DeleteSubnet`, as errors name it; the key of the id in the result. */
  readonly operation: string;
  readonly idKey: string;
  /** The delete (and what must precede it: a detach, a disassociation). */
  readonly send: (vpc: FakeEc2Vpc, record: VpcNetworkRecord<List>) => ResultAsync<unknown, DecomError>;
}

/** The ARNs of the VPC's own networking, by tier (its main route table left out: it goes with the VPC). */
function networkArns(place: Place, census: FakeVpcCensus) {
  return {
    vpc: ec2Arn(place, 'vpc', census.vpcId),
    gateways: [...census.natGateways, ...census.endpoints].map((record) => record.arn),
    subnets: [...census.subnets, ...census.routeTables.filter((table) => !table.main)].map((record) => record.arn),
    internetGateways: census.internetGateways.map((gateway) => gateway.arn),
  };
}

/** What must be deleted before a resource of `tier`. */
function tierDependencies(place: Place, census: FakeVpcCensus, tier: VpcNetworkTier): readonly string[] {
  const network = networkArns(place, census);
  const byTier: Record<VpcNetworkTier, readonly string[]> = {
    interface: [],
    gateway: census.others,
    subnet: [...census.others, ...network.gateways],
    'internet-gateway': [...census.others, ...network.gateways, ...network.subnets],
    vpc: [...census.others, ...network.gateways, ...network.subnets, ...network.internetGateways],
    'main-route-table': [network.vpc],
  };
  return byTier[tier];
}

/** Up to five names, and how many more. */
function namedFew(names: readonly string[]): string {
  const more = names.length > 5 ? ` and ${names.length - 5} more` : '';
  return `${names.slice(0, 5).join(', ')}${more}`;
}

/**
 * One fake VPC network kind, as the AWS provider's `defineVpcNetworkType`
 * treats the type: found through the tagging API; retired only with its
 * whole VPC (`retiredOnlyWith`: the VPC, everything else that lives there and
 * all of its networking, read with one census), depending on what its tier
 * must follow, a `default-vpc` blocker in a default VPC. The delete checks
 * again at apply (not the default VPC, nothing else left past the first tier,
 * the type's own refusal: Conflict, nothing sent), makes its call and polls
 * until the resource is gone; gone already is done.
 */
export function vpcNetworkKind<List extends VpcNetworkList>(
  vpc: FakeEc2Vpc,
  tagging: FakeTagging,
  spec: VpcNetworkKindSpec<List>,
): ResourceKind {
  const baseIdOf = ec2IdOf(spec.kind);
  const idOf = (arn: string) => {
    const id = baseIdOf(arn);
    return id !== null && spec.idPattern.test(id) ? id : null;
  };
  /** The live record `id`, or null. */
  const read = (id: string) =>
    vpc.describe(spec.list, id).map((record) => (record === null || (spec.gone?.(record) ?? false) ? null : record));
  const censusOf = (record: VpcNetworkRecord<List>) => {
    const vpcId = spec.vpcOf(record);
    return vpcId === null ? okAsync(null) : vpc.census(vpcId).map((census): FakeVpcCensus | null => census);
  };
  const toResource = (record: VpcNetworkRecord<List>, census: FakeVpcCensus | null): Resource => {
    const state = spec.stateOf(record);
    const owner = spec.ownedBy?.(record) ?? null;
    if (owner !== null) return recordResource(spec.type, record, { state, dependsOn: [owner] });
    const blockers = [
      ...(census?.vpc?.isDefault === true
        ? [
            {
              code: 'default-vpc',
              message: `${record.arn} is in the default VPC ${census.vpcId}: default VPCs are never touched`,
            },
          ]
        : []),
      ...(spec.blockers?.(record) ?? []),
    ];
    const dependsOn = census === null ? [] : tierDependencies(record, census, spec.tier(record));
    const resource = recordResource(spec.type, record, {
      state,
      dependsOn: [...new Set(dependsOn)].filter((arn) => arn !== record.arn),
    });
    if (census === null) return { ...resource, ...(blockers.length === 0 ? {} : { retireBlockers: blockers }) };
    const network = networkArns(record, census);
    const whole = [...census.others, network.vpc, ...network.gateways, ...network.subnets, ...network.internetGateways];
    return {
      ...resource,
      ...(blockers.length === 0 ? {} : { retireBlockers: blockers }),
      retiredOnlyWith: whole.filter((arn) => arn !== record.arn),
    };
  };
  const describe = (_arn: string, id: string): ResultAsync<Resource | null, DecomError> =>
    read(id).andThen((record) =>
      record === null ? okAsync(null) : censusOf(record).map((census) => toResource(record, census)),
    );
  /** Conflict naming why the delete is refused at apply, or null. */
  const refusalOf = (record: VpcNetworkRecord<List>): ResultAsync<DecomError | null, DecomError> => {
    const refused = (why: string) =>
      decomError.conflict({ message: `${spec.operation} on ${record.arn}: ${why}: not touched`, resource: record.arn });
    const own = spec.refusal?.(record) ?? null;
    if (own !== null) return okAsync(refused(own));
    return censusOf(record).map((census) => {
      if (census === null) return null;
      if (census.vpc?.isDefault === true) return refused(`${census.vpcId} is the default VPC, never touched`);
      const others = spec.tier(record) === 'interface' ? [] : census.others;
      return others.length === 0 ? null : refused(`${census.vpcId} still holds ${namedFew(others)}`);
    });
  };
  const gone = (id: string) => done({ [spec.idKey]: id, state: 'deleted' });
  /** Done once gone, pending while `deleting`; still there otherwise (the call did not take): an error, never a wait forever. */
  const progress = (id: string): ResultAsync<HandlerOutcome, DecomError> =>
    read(id).andThen((record): ResultAsync<HandlerOutcome, DecomError> => {
      if (record === null) return okAsync(gone(id));
      if (spec.deleting?.(record) ?? false)
        return okAsync({
          status: 'pending',
          checkpoint: { [spec.idKey]: id },
          pollAfterMilliseconds: POLL_MILLISECONDS,
        });
      return errAsync(
        decomError.conflict({
          message: `${spec.operation} on ${record.arn}: still there after its delete`,
          resource: record.arn,
        }),
      );
    });
  const withId = <T>(
    action: Parameters<ActionHandler['execute']>[0],
    use: (id: string) => ResultAsync<T, DecomError>,
  ) => {
    const id = actionIdOf(idOf)(action);
    return id === null
      ? errAsync(decomError.invalidInput(`${action.key}: ${action.target.ref} is not a ${spec.type}`))
      : use(id);
  };
  const remove: ActionHandler = {
    rateLimits: claims,
    execute: (action) =>
      withId(action, (id) =>
        read(id).andThen((record): ResultAsync<HandlerOutcome, DecomError> => {
          if (record === null) return okAsync(done({ [spec.idKey]: id, alreadyGone: true }));
          if (spec.deleting?.(record) ?? false) return progress(id);
          return refusalOf(record).andThen((refusal) =>
            refusal !== null
              ? errAsync(refusal)
              : spec
                  .send(vpc, record)
                  .orElse((error) => (error.code === 'NotFound' ? okAsync(null) : errAsync(error)))
                  .andThen(() => progress(id)),
          );
        }),
      ),
    poll: (action) => withId(action, progress),
    reconcile: (action) =>
      withId(action, (id) =>
        read(id).andThen((record): ResultAsync<HandlerOutcome | { status: 'absent' }, DecomError> => {
          if (record === null) return okAsync(gone(id));
          return (spec.deleting?.(record) ?? false) ? progress(id) : okAsync({ status: 'absent' });
        }),
      ),
  };
  return defineFakeResourceKind({
    type: spec.type,
    idOf,
    list: { taggedBy: tagging },
    describe,
    retire: { claims, delete: remove },
  });
}
