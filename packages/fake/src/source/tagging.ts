import { type DecomError, decomError, err, ok, type ResultAsync } from '@decomkit/core';
import { tagValue } from '@decomkit/provider-kit';
import type { FakeWorld, WorldState } from '../world.js';
import { pageOf } from './aws-errors.js';
import { eachTypedRecord, type TypedRecord, typedRecords } from './typed-records.js';

/** One resource as the Resource Groups Tagging API lists it; `tags: null` when they cannot be read. */
export interface TaggedResource {
  readonly arn: string;
  readonly type: string;
  readonly region: string;
  readonly tags: Record<string, string> | null;
}

/** What GetResources filters on. */
export interface GetResourcesFilter {
  readonly region: string;
  /** Every tag must match (unreadable tags never match). Omitted: any tags. */
  readonly tags?: Record<string, string>;
  /** Only these resource types (decomkit's `AWS::…` names). */
  readonly types?: readonly string[];
  /** Leave out these types. */
  readonly excludeTypes?: readonly string[];
  /** Only these ARNs (ResourceARNList). */
  readonly arns?: readonly string[];
}

/**
 * The fake Resource Groups Tagging API (GetResources), paginated, over every
 * resource of the fake source: the way to find resources of types decomkit
 * has no service model for (SNS topics…). Terminated instances
 * are gone.
 */
export class FakeTagging {
  constructor(private readonly world: FakeWorld) {}

  /** One page of resources matching `filter`; `token` continues. */
  getResources(
    filter: GetResourcesFilter,
    token: string | null,
    pageSize = 100,
  ): ResultAsync<{ resources: TaggedResource[]; next: string | null }, DecomError> {
    return this.world.call('tagging', 'GetResources', false, filter.region, () => {
      const wanted = Object.entries(filter.tags ?? {});
      const typeWanted = (type: string) =>
        (filter.types === undefined || filter.types.includes(type)) && !(filter.excludeTypes?.includes(type) ?? false);
      // Matched on the world's own records; only the page returned is copied.
      const matching = [...eachTypedRecord(this.world.state, this.world.state.instances, typeWanted)].filter(
        ({ record }) =>
          record.region === filter.region &&
          (filter.arns === undefined || filter.arns.includes(record.arn)) &&
          wanted.every(([key, value]) => record.tagsReadable && tagValue(record.tags, key) === value),
      );
      const paged = pageOf(matching, token, pageSize);
      if (paged === null)
        return err(decomError.invalidInput(`InvalidParameterException: bad PaginationToken ${token}`));
      return ok({ resources: paged.page.map(taggedResourceOf), next: paged.next });
    });
  }
}

/** Every resource of the fake source with its type and (readable) tags. */
export function taggedRecords(state: WorldState): TaggedResource[] {
  return typedRecords(state, state.instances).map(taggedResourceOf);
}

/** A resource as the tagging API lists it: its tags copied (null when unreadable). */
function taggedResourceOf({ record, type }: TypedRecord): TaggedResource {
  return { arn: record.arn, type, region: record.region, tags: record.tagsReadable ? { ...record.tags } : null };
}
