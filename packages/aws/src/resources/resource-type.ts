import {
  type ActionHandler,
  type DecomError,
  type Resource,
  type ResourceScope,
  type ResourceTypeTraits,
  type Result,
  ResultAsync,
} from '@decomkit/core';
import { chunks, type RetirementKind, tagRecordOf } from '@decomkit/provider-kit';
import type { Place } from '../arns.js';
import { awsCall } from '../aws-call.js';
import type { AwsClients } from '../clients.js';
import type { ConfigLookup } from '../config-resource-keys.js';
import type { DiscoveryListings } from '../discovery-listings.js';
import type { AwsTypePermissions } from '../permissions/iam-grant.js';

// The provider kit's helpers, where the type files import them from.
export {
  chunks,
  claimsOn,
  done,
  goneRead,
  limited,
  noProtectionHandler,
  notStoppableHandler,
  placeOf,
  type RetirementKind,
  simpleHandler,
  targetId,
} from '@decomkit/provider-kit';

/**
 * One AWS resource type as the ports see it (one file per type under
 * `src/resources/`): how to recognise its ARNs, describe many of one region
 * at once (discovery after the tagging API), and retire it.
 */
export interface AwsResourceType extends AwsResourceTypeFacts {
  /** The id this type needs from `arn`, or null when the ARN is not of this type. */
  idOf(arn: string): string | null;
  /** Whether `arn` names a resource of this type (`idOf` finds an id in it). */
  matchesArn(arn: string): boolean;
  /** The ARN of the resource of this type with id `id` in `place`. */
  arnOf(place: Place, id: string): string;
  /** The ARN of a CloudFormation physical resource id of this type. */
  arnOfPhysicalId(place: Place, physicalId: string): string;
  /**
   * The live resources among `ids` in one region, with state, protection and
   * dependencies; ids that no longer exist are left out (never an error).
   */
  describeMany(
    clients: AwsClients,
    place: Place,
    ids: readonly string[],
    options?: DescribeOptions,
  ): ResultAsync<Resource[], DecomError>;
  /**
   * What the engine's re-read before each action needs, for many ids at once:
   * arn, state, tags (no protection, no dependencies). For types whose
   * `describeMany` makes per-resource calls (EC2 instances: two
   * DescribeInstanceAttribute each, when protection is read at plan), and
   * for types whose handlers take the re-read over (RDS: `FreshReads`); the
   * others are re-read by `describeMany`.
   */
  describeScopes?(clients: AwsClients, place: Place, ids: readonly string[]): ResultAsync<ResourceScope[], DecomError>;
  /**
   * Optional: discovery by tags with the type's own API, a page at a time
   * (EC2 DescribeInstances with `tag:` filters, 1,000 a page), where that
   * takes fewer requests than describing the tagging API's ARNs by id. The
   * tagging API is still read for every type; its ARNs of this type whose
   * ids a page named (live or not) are not described again, and any other
   * is described by id as before (fail closed: a resource the filter missed
   * is still found).
   */
  readonly byTags?: {
    /** Pages of what `describeMany` reads of the resources carrying every tag of `tags`. */
    describe(
      clients: AwsClients,
      place: Place,
      tags: Readonly<Record<string, string>>,
      options?: DescribeOptions,
    ): AsyncIterable<Result<TaggedPage<Resource>, DecomError>>;
    /** Pages of what `describeScopes` reads of them (the drift check's discovery). */
    scopes(
      clients: AwsClients,
      place: Place,
      tags: Readonly<Record<string, string>>,
    ): AsyncIterable<Result<TaggedPage<ResourceScope>, DecomError>>;
  };
  /**
   * Extra discovery by tags, for types the tagging API misses (the emulator's Elastic IPs).
   * `listings` are the listings of this discovery, shared with the other types (sent once).
   */
  discoverByTags?(
    clients: AwsClients,
    place: Place,
    tags: Readonly<Record<string, string>>,
    listings?: DiscoveryListings,
  ): ResultAsync<Resource[], DecomError>;
  /** Retirement handlers, made with the clients. */
  handlers(clients: AwsClients): Readonly<Record<RetirementKind, ActionHandler>>;
}

/** One page of a type's discovery by tags (`AwsResourceType.byTags`). */
export interface TaggedPage<Described> {
  /** The live resources of the page. */
  readonly resources: readonly Described[];
  /** Every id the page named, live or not (a terminated instance): not described again by id. */
  readonly ids: readonly string[];
}

/**
 * How the inventory asks a type to describe its resources: options of
 * `awsSource` that reach the types they concern.
 */
export interface DescribeOptions {
  /**
   * Read EC2 instances' DisableApiTermination and DisableApiStop (two
   * DescribeInstanceAttribute calls per instance). Without it, an instance's
   * protection is `'unknown'` and checked at apply.
   */
  readonly readInstanceProtection?: boolean;
}

/**
 * The facts of one AWS resource type that are plain data: its names, its ARN
 * shape, how AWS Config keys it, and the traits the engine and the standard
 * steps read (`stoppable`, `holdsData`, `backupCovers`, `traffic`: the field
 * names of core's `ResourceTypeTraits`).
 */
export interface AwsResourceTypeFacts extends Omit<ResourceTypeTraits, 'matchesArn'> {
  /** The CloudFormation type name (`ListStackResources`' ResourceType); the same as `type` for every AWS type here but OpenSearch domains (`AWS::OpenSearchService::Domain`). */
  readonly cloudFormationType: string;
  /** The ARN's service and the start of its resource part (`ec2`, `volume/`): how `typeOfArn` names ARNs. */
  readonly arnShape: { readonly service: string; readonly prefix: string };
  /**
   * How AWS Config keys it (group 1 of `pattern`, matched on the ARN's resource part), and under which
   * Config resource type where it is not `type` (a customer-managed policy is `AWS::IAM::Policy`);
   * absent when Config does not record it.
   */
  readonly config?: { readonly pattern: RegExp; readonly lookup: ConfigLookup; readonly type?: string };
  /**
   * The IAM actions the type's calls need (discovery, re-reads, stop, lift,
   * delete), declared beside those calls: `awsIamPolicy` derives a plan's
   * policy from them, and refuses a plan acting on a type without them.
   */
  readonly iam?: AwsTypePermissions;
}

/**
 * AWS tag lists as a record, on a null prototype: `__proto__`, `constructor`
 * and the like are legal tag keys and stay ordinary keys.
 */
export function tagRecord(
  tags: readonly { readonly Key?: string | undefined; readonly Value?: string | undefined }[] | undefined,
): Record<string, string> {
  return tagRecordOf(
    (tags ?? []).flatMap((tag) => (tag.Key === undefined ? [] : [[tag.Key, tag.Value ?? ''] as const])),
  );
}

/** EC2 filters for a tag selector (`tag:<key>` = value). */
export function tagFilters(tags: Readonly<Record<string, string>>) {
  return Object.entries(tags).map(([key, value]) => ({ Name: `tag:${key}`, Values: [value] }));
}

/**
 * A describe by filter: `ids` in chunks of `chunkSize` (the API's limit on
 * filter values), every page of each chunk (`pages` is the SDK paginator),
 * one `operation` call per chunk, the chunks at once. Ids that do not exist
 * are simply not found (a filter, unlike an id list, raises no NotFound).
 *
 * @example
 * ```ts
 * describeInChunks('ec2:DescribeVolumes', ids, 200,
 *   (chunk) => paginateDescribeVolumes({ client: ec2 }, { Filters: [{ Name: 'volume-id', Values: chunk }] }),
 *   (page) => page.Volumes);
 * ```
 */
export function describeInChunks<Page, Item>(
  operation: string,
  ids: readonly string[],
  chunkSize: number,
  pages: (chunk: string[]) => AsyncIterable<Page>,
  itemsOf: (page: Page) => readonly Item[] | undefined,
): ResultAsync<Item[], DecomError> {
  return ResultAsync.combine(
    chunks(ids, chunkSize).map((chunk) =>
      awsCall({ operation }, async () => {
        const found: Item[] = [];
        for await (const page of pages(chunk)) found.push(...(itemsOf(page) ?? []));
        return found;
      }),
    ),
  ).map((found) => found.flat());
}

/** The resource `name`: its `Name` tag, else the fallback. */
export function nameFrom(tags: Readonly<Record<string, string>>, fallback?: string): { name?: string } {
  const name = tags.Name ?? fallback;
  return name === undefined ? {} : { name };
}
