import { paginateListStackResources } from '@aws-sdk/client-cloudformation';
import {
  GetResourcesCommand,
  paginateGetResources,
  type ResourceTagMapping,
} from '@aws-sdk/client-resource-groups-tagging-api';
import {
  type DecomError,
  err,
  type InventoryPort,
  ok,
  okAsync,
  type Resource,
  type ResourceScope,
  type Result,
  ResultAsync,
  type Workload,
} from '@decomkit/core';
import {
  carriesEveryTag,
  PORT_SPECIFICATION_VERSION,
  STACK_NAME_TAG,
  tagValue,
  typeAndIdOf,
} from '@decomkit/provider-kit';
import { typeOfArn } from '../arn-types.js';
import { type ParsedArn, type Place, parseArn } from '../arns.js';
import { awsCall } from '../aws-call.js';
import type { AwsClients } from '../clients.js';
import { findHiddenDependents } from '../dependents/find-dependents.js';
import { DiscoveryListings } from '../discovery-listings.js';
import { type AwsEc2Options, ec2DescribeOptions } from '../ec2-options.js';
import { STACK_TYPE, stackNameOf } from '../resources/cloudformation-stack.js';
import type { AwsResourceType } from '../resources/resource-type.js';
import { type TaggedPage, tagRecord } from '../resources/resource-type.js';
import { resourceTypeTraits } from '../resources/resource-types.js';
import { stackMemberArn, stackResourcesOf } from '../resources/stack-members.js';
import { callerOf } from './identity-port.js';

type Source = Workload['source'];

/** Options of {@link awsInventoryPort}: those of `awsSource` that change what discovery reads. */
export interface AwsInventoryOptions {
  /** How EC2 instances are described (see {@link AwsEc2Options}); validated: a bad value fails every read. */
  readonly ec2?: AwsEc2Options;
}

/** Services whose ARNs name no region. */
const GLOBAL_ARN_SERVICES: ReadonlySet<string> = new Set(['s3', 'iam', 'cloudfront']);

/** The most ARNs from the tagging API's pages described together (EC2's DescribeInstances page). */
const ARNS_DESCRIBED_TOGETHER = 1_000;

/** ARNs per GetResources ResourceARNList call (the API's limit). */
const ARN_LIST_LIMIT = 100;

/**
 * The `inventory` port over the AWS SDK: per region, the Resource Groups
 * Tagging API (GetResources, paginated) for tag selectors, CloudFormation
 * ListStackResources for stack selectors, and explicit ARNs; each page is
 * then described per type (state, protection, dependencies). Types without a
 * resource file come back as the tagging API shows them, so the standard
 * steps report them `unhandled`. Pages are streamed, never the whole list.
 * `resourceTypes` reports the traits of `types` (each descriptor's own), and of EFS.
 * Types that find their own resources by tags (`byTags`: EC2 instances, by
 * DescribeInstances' `tag:` filters, 1,000 a page) are read that way first,
 * and the tagging API's ARNs of theirs are then described by id only when
 * that read did not name them.
 * EC2 instances' protection is `'unknown'` (checked at apply) unless
 * `options.ec2.readProtectionAtPlan` asks to read it; a bad `ec2` option makes
 * every read fail with `InvalidInput` naming it.
 */
export function awsInventoryPort(
  clients: AwsClients,
  types: readonly AwsResourceType[],
  homeRegion: string,
  options: AwsInventoryOptions = {},
): InventoryPort {
  const describeOptions = ec2DescribeOptions(options.ec2);
  let account: ResultAsync<string, DecomError> | null = null;
  /** The caller's account (STS), asked once: ARNs built from ids carry it, never the workload's word. */
  const accountId = async (): Promise<Result<string, DecomError>> => {
    account ??= callerOf(clients, homeRegion).map((caller) => caller.accountId);
    const result = await account;
    if (result.isErr()) account = null;
    return result;
  };

  /**
   * Where and how `arn` is described with the caller's credentials, or null
   * when it cannot be (no ARN, or another account's: ids may repeat there).
   */
  const describable = (
    arn: string,
    account: string,
  ): { place: Place; type: AwsResourceType | null; id: string } | null => {
    const parsed = parseArn(arn);
    if (parsed === null) return null;
    const found = typeAndIdOf(types, arn);
    // S3 bucket and API Gateway ARNs name no account, and AWS writes image and snapshot ARNs without one:
    // those are the caller's.
    if (!(found !== null && accountless(parsed)) && parsed.accountId !== account) return null;
    const place = { accountId: account, region: parsed.region };
    return found === null ? { place, type: null, id: arn } : { place, type: found.type, id: found.id };
  };

  /**
   * Describes a batch of ARNs of one region: known types by `read` (their whole describe, or their
   * scope-only read), the rest through the tagging API.
   */
  const describeArns = <Described extends ResourceScope>(
    read: TypedRead<Described>,
    place: Place,
    arns: readonly string[],
    tagged: ReadonlyMap<string, ResourceTagMapping>,
  ): ResultAsync<(Described | Resource)[], DecomError> => {
    const byType = new Map<AwsResourceType, string[]>();
    const others: string[] = [];
    for (const arn of arns) {
      const found = typeAndIdOf(types, arn);
      if (found === null) others.push(arn);
      else byType.set(found.type, [...(byType.get(found.type) ?? []), found.id]);
    }
    const reads: ResultAsync<(Described | Resource)[], DecomError>[] = [
      ...[...byType].map(([type, ids]) => read(type, place, ids)),
      otherResources(clients, place, others, tagged),
    ];
    return ResultAsync.combine(reads).map((groups) => groups.flat());
  };

  async function* discoverRegion<Described extends ResourceScope>(
    { read, byTags }: Reader<Described>,
    source: Source,
    place: Place,
    seen: Set<string>,
    listedGlobally: Set<AwsResourceType>,
    listings: DiscoveryListings,
  ): AsyncIterable<Result<readonly (Described | Resource)[], DecomError>> {
    const fresh = <Found extends ResourceScope>(resources: readonly Found[]) => {
      const kept = resources.filter((resource) => !seen.has(resource.arn) && selected(resource, source.select));
      for (const resource of kept) seen.add(resource.arn);
      return kept;
    };
    const tags = source.select.tags ?? {};
    if (Object.keys(tags).length > 0) {
      // Types that find their own resources by tags first (EC2 instances: 1,000 a DescribeInstances page);
      // the tagging API's ARNs of theirs that were named there are not described again by id.
      const namedByTags = new Map<AwsResourceType, Set<string>>();
      for (const type of types) {
        const pages = byTags(type, place, tags);
        if (pages === null) continue;
        const named = new Set<string>();
        namedByTags.set(type, named);
        for await (const page of pages) {
          if (page.isErr()) return yield err(page.error);
          for (const id of page.value.ids) named.add(id);
          yield ok(fresh(page.value.resources));
        }
      }
      const describedAlready = (arn: string) => {
        const found = typeAndIdOf(types, arn);
        return found !== null && (namedByTags.get(found.type)?.has(found.id) ?? false);
      };
      const tagging = clients.get('tagging', place.region);
      const pages = paginateGetResources(
        { client: tagging },
        { TagFilters: Object.entries(tags).map(([Key, value]) => ({ Key, Values: [value] })), ResourcesPerPage: 100 },
      );
      const iterator = pages[Symbol.asyncIterator]();
      // The tagging API's pages (100 ARNs) are described together up to ARNS_DESCRIBED_TOGETHER, so a
      // type's describe carries as many ids as its API takes (EC2: 1,000 a page), not 100.
      let tagged = new Map<string, ResourceTagMapping>();
      for (;;) {
        const next = await awsCall({ operation: 'tagging:GetResources' }, () => iterator.next());
        if (next.isErr()) return yield err(next.error);
        const done = next.value.done === true;
        if (!done) {
          for (const mapping of next.value.value.ResourceTagMappingList ?? []) {
            if (!describedAlready(mapping.ResourceARN ?? '')) tagged.set(mapping.ResourceARN ?? '', mapping);
          }
        }
        if (tagged.size > 0 && (done || tagged.size >= ARNS_DESCRIBED_TOGETHER)) {
          const described = await describeArns(read, place, [...tagged.keys()], tagged);
          if (described.isErr()) return yield described;
          tagged = new Map();
          yield ok(fresh(described.value));
        }
        if (done) break;
      }
      for (const type of types) {
        if (type.discoverByTags === undefined) continue;
        // A global type's listing (IAM) is the same in every region, and ARNs without a region are found
        // once: listed in the first region of a discovery only.
        if (GLOBAL_ARN_SERVICES.has(type.arnShape.service)) {
          if (listedGlobally.has(type)) continue;
          listedGlobally.add(type);
        }
        const extra = await type.discoverByTags(clients, place, tags, listings);
        if (extra.isErr()) return yield extra;
        yield ok(fresh(extra.value));
      }
    }
    const stackType = types.find((type) => type.type === STACK_TYPE);
    for (const stack of source.select.stacks ?? []) {
      // The stack itself: what retires its resources.
      if (stackType !== undefined) {
        const own = await read(stackType, place, [stack]);
        if (own.isErr()) return yield err(own.error);
        yield ok(fresh(own.value));
      }
      const cloudformation = clients.get('cloudformation', place.region);
      const iterator = paginateListStackResources({ client: cloudformation }, { StackName: stack })[
        Symbol.asyncIterator
      ]();
      for (;;) {
        const next = await awsCall({ operation: 'cloudformation:ListStackResources', resource: stack }, () =>
          iterator.next(),
        );
        if (next.isErr()) return yield err(next.error);
        if (next.value.done === true) break;
        const arns: string[] = [];
        const opaque: Resource[] = [];
        for (const summary of next.value.value.StackResourceSummaries ?? []) {
          if (summary.ResourceStatus === 'DELETE_COMPLETE' || summary.PhysicalResourceId === undefined) continue;
          const member = stackMemberArn(types, place, stack, summary);
          if (member.opaque) opaque.push(stackMember(place, member.arn, summary));
          else arns.push(member.arn);
        }
        const described = await describeArns(read, place, arns, new Map());
        if (described.isErr()) return yield described;
        yield ok([...fresh(described.value), ...fresh(opaque)]);
      }
    }
    const explicit = (source.select.arns ?? []).filter((arn) => {
      const parsed = parseArn(arn);
      // S3 bucket, IAM and CloudFront distribution ARNs name no region: asked in every region, found once.
      return (
        parsed?.region === place.region || (GLOBAL_ARN_SERVICES.has(parsed?.service ?? '') && parsed?.region === '')
      );
    });
    if (explicit.length > 0) {
      const described = await describeArns(read, place, explicit, new Map());
      if (described.isErr()) return yield described;
      yield ok(fresh(described.value));
    }
  }

  /**
   * A page with each stack's resources (`stackResources`) added; a stack whose template cannot be read
   * gets a blocker instead (what its delete would retain is unknown).
   */
  const withStackResources = (place: Place, page: readonly Resource[]): ResultAsync<Resource[], DecomError> =>
    ResultAsync.combine(
      page.map((resource) =>
        resource.type !== STACK_TYPE
          ? okAsync(resource)
          : stackResourcesOf(clients, types, place, { arn: resource.arn, name: resource.name ?? '' }).map(
              (members): Resource =>
                members === null
                  ? {
                      ...resource,
                      retireBlockers: [
                        {
                          code: 'stack-template-unreadable',
                          message: `the template of ${resource.arn} cannot be read: what deleting it would retain is unknown: not touched`,
                        },
                      ],
                    }
                  : { ...resource, stackResources: members },
            ),
      ),
    );

  /** Every region's pages, each resource once; with `stacks`, each stack with its resources. */
  async function* discoverWith<Described extends ResourceScope>(
    reader: Reader<Described>,
    source: Source,
    stacks?: (place: Place, page: readonly Described[]) => ResultAsync<Described[], DecomError>,
  ): AsyncIterable<Result<readonly (Described | Resource)[], DecomError>> {
    const account = await accountId();
    if (account.isErr()) return yield err(account.error);
    const seen = new Set<string>();
    const listedGlobally = new Set<AwsResourceType>();
    // Listings two types share (EKS clusters for clusters and node groups): once in this discovery.
    const listings = new DiscoveryListings();
    for (const region of source.regions) {
      const place = { accountId: account.value, region };
      for await (const page of discoverRegion(reader, source, place, seen, listedGlobally, listings)) {
        if (page.isErr()) return yield page;
        if (page.value.length === 0) continue;
        if (stacks === undefined) yield page;
        else yield await stacks(place, page.value as readonly Described[]);
      }
    }
  }

  const typeOf = new Map(types.map((type) => [type.type, type]));
  const wholeRead: TypedRead<Resource> = (type, place, ids) =>
    describeOptions.asyncAndThen((described) => type.describeMany(clients, place, ids, described));
  const scopeRead: TypedRead<ResourceScope> = (type, place, ids) =>
    (type.describeScopes ?? type.describeMany)(clients, place, ids);
  const whole: Reader<Resource> = {
    read: wholeRead,
    byTags: (type, place, tags) =>
      type.byTags === undefined || describeOptions.isErr()
        ? null
        : type.byTags.describe(clients, place, tags, describeOptions.value),
  };
  const scopes: Reader<ResourceScope> = {
    read: scopeRead,
    byTags: (type, place, tags) => type.byTags?.scopes(clients, place, tags) ?? null,
  };

  return {
    resourceTypes: resourceTypeTraits(types),
    specificationVersion: PORT_SPECIFICATION_VERSION,
    capabilities: [
      'inventory.tags',
      'inventory.stacks',
      'inventory.arns',
      ...types.map((type) => `inventory:${type.type}`),
    ],
    discover: (source: Source) =>
      describeOptions.isErr()
        ? (async function* () {
            yield err(describeOptions.error);
          })()
        : discoverWith<Resource>(whole, source, withStackResources),
    discoverScopes: (source: Source) => discoverWith(scopes, source),
    findDependents: (resources, options) =>
      findHiddenDependents(
        clients,
        homeRegion,
        resources,
        options,
        (resource) => typeOf.get(resource.type)?.idOf(resource.arn) ?? null,
      ),
    describe(arn: string): ResultAsync<Resource | null, DecomError> {
      if (parseArn(arn) === null) return okAsync(null);
      return new ResultAsync(accountId()).andThen((account) => {
        const found = describable(arn, account);
        if (found === null) return okAsync(null);
        if (found.type !== null) {
          return wholeRead(found.type, found.place, [found.id]).map((resources) => resources[0] ?? null);
        }
        return otherResources(clients, found.place, [arn], new Map()).map((resources) =>
          resources[0] === undefined || resources[0].state === 'unknown' ? null : resources[0],
        );
      });
    },
    describeScopes(arns: readonly string[]): ResultAsync<ReadonlyMap<string, ResourceScope | null>, DecomError> {
      return new ResultAsync(accountId()).andThen((account) => {
        const answers = new Map<string, ResourceScope | null>(arns.map((arn) => [arn, null]));
        // One read per (region, type): the type's scope-only read where it has one.
        const groups = new Map<string, { place: Place; type: AwsResourceType | null; arnById: Map<string, string> }>();
        for (const arn of arns) {
          const found = describable(arn, account);
          if (found === null) continue;
          const key = `${found.place.region}\u0000${found.type?.type ?? ''}`;
          let group = groups.get(key);
          if (group === undefined) {
            group = { place: found.place, type: found.type, arnById: new Map() };
            groups.set(key, group);
          }
          group.arnById.set(found.id, arn);
        }
        const reads = [...groups.values()].map(({ place, type, arnById }) => {
          if (type === null) {
            return otherResources(clients, place, [...arnById.values()], new Map()).map((resources) =>
              resources.flatMap((resource) =>
                resource.state === 'unknown' ? [] : [[resource.arn, scopeOf(resource, resource.arn)] as const],
              ),
            );
          }
          const read = type.describeScopes ?? type.describeMany;
          return read(clients, place, [...arnById.keys()]).map((resources) =>
            resources.flatMap((resource) => {
              const asked = arnById.get(type.idOf(resource.arn) ?? '');
              return asked === undefined ? [] : [[asked, scopeOf(resource, asked)] as const];
            }),
          );
        });
        return ResultAsync.combine(reads).map((found) => {
          for (const [arn, scope] of found.flat()) answers.set(arn, scope);
          return answers;
        });
      });
    },
  };
}

/**
 * Resources of types without a resource file, as the tagging API shows them
 * (looked up by ARN when not already in hand). An ARN the tagging API does not
 * know comes back with `tags: null` and state `unknown`: it cannot be proven
 * either way, so it is reported and never touched.
 */
function otherResources(
  clients: AwsClients,
  place: Place,
  arns: readonly string[],
  tagged: ReadonlyMap<string, ResourceTagMapping>,
): ResultAsync<Resource[], DecomError> {
  if (arns.length === 0) return okAsync([]);
  const missing = arns.filter((arn) => !tagged.has(arn));
  const lookups: ResultAsync<ResourceTagMapping[], DecomError>[] = [];
  for (let index = 0; index < missing.length; index += ARN_LIST_LIMIT) {
    const list = missing.slice(index, index + ARN_LIST_LIMIT);
    lookups.push(
      awsCall({ operation: 'tagging:GetResources' }, () =>
        clients.get('tagging', place.region).send(new GetResourcesCommand({ ResourceARNList: list })),
      ).map((output) => output.ResourceTagMappingList ?? []),
    );
  }
  return ResultAsync.combine(lookups).map((found) => {
    const known = new Map(tagged);
    for (const mapping of found.flat()) known.set(mapping.ResourceARN ?? '', mapping);
    return arns.map((arn): Resource => {
      const mapping = known.get(arn);
      const parsed = parseArn(arn);
      return {
        arn,
        type: typeOfArn(arn),
        accountId: parsed?.accountId ?? place.accountId,
        region: parsed?.region ?? place.region,
        name: arn.split(/[:/]/).pop() ?? arn,
        tags: mapping === undefined ? null : tagRecord(mapping.Tags),
        state: mapping === undefined ? 'unknown' : 'available',
        protection: { deletion: false, stop: false },
        dependsOn: [],
      };
    });
  });
}

/**
 * A stack resource of a type without a resource file whose physical id is no
 * ARN (an SQS queue URL, say): named by an ARN under its stack, of its
 * CloudFormation type, with unreadable tags, so it is reported and never
 * touched (fail closed) rather than silently left out.
 */
function stackMember(
  place: Place,
  arn: string,
  summary: { LogicalResourceId?: string; PhysicalResourceId?: string; ResourceType?: string },
): Resource {
  return {
    arn,
    type: summary.ResourceType ?? 'AWS::Unknown::Unknown',
    accountId: place.accountId,
    region: place.region,
    name: summary.PhysicalResourceId ?? summary.LogicalResourceId ?? arn,
    tags: null,
    state: 'unknown',
    protection: { deletion: false, stop: false },
    dependsOn: [],
  };
}

/** How discovery reads the resources of one type: whole (`describeMany`) or scope only (`describeScopes`). */
type TypedRead<Described extends ResourceScope> = (
  type: AwsResourceType,
  place: Place,
  ids: readonly string[],
) => ResultAsync<Described[], DecomError>;

/** How discovery reads: ARNs by id per type (`read`), and the types that find their own by tags (`byTags`, else null). */
interface Reader<Described extends ResourceScope> {
  readonly read: TypedRead<Described>;
  readonly byTags: (
    type: AwsResourceType,
    place: Place,
    tags: Readonly<Record<string, string>>,
  ) => AsyncIterable<Result<TaggedPage<Described>, DecomError>> | null;
}

/** What the engine's re-read needs of a resource, named by the ARN it was asked for. */
function scopeOf(resource: ResourceScope, arn: string): ResourceScope {
  const { type, accountId, region, tags, state } = resource;
  return { arn, type, accountId, region, tags, state };
}

/** An ARN AWS writes without an account: an S3 bucket's, an AMI's, an EBS snapshot's or an API Gateway API's. */
function accountless(parsed: ParsedArn): boolean {
  if (parsed.accountId !== '') return false;
  return (
    parsed.service === 's3' ||
    parsed.service === 'apigateway' ||
    (parsed.service === 'ec2' && /^(image|snapshot)\//.test(parsed.resource))
  );
}

/** Whether the selector picks the resource (or its tags are unreadable: reported, never touched). */
function selected(resource: ResourceScope, select: Source['select']): boolean {
  if (select.arns?.includes(resource.arn)) return true;
  if (resource.tags === null) return true;
  if (carriesEveryTag(resource.tags, select.tags ?? {})) return true;
  const stack = tagValue(resource.tags, STACK_NAME_TAG);
  if (stack !== undefined && (select.stacks?.includes(stack) ?? false)) return true;
  return resource.type === STACK_TYPE && (select.stacks?.includes(stackNameOf(resource.arn) ?? '') ?? false);
}

/** The IAM actions of discovery's own reads (each type's are in its `iam.read`). */
export const INVENTORY_READS: readonly string[] = ['tag:GetResources', 'cloudformation:ListStackResources'];
