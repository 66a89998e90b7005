import type { DecomError, Resource, Result, ResultAsync } from '@decomkit/core';
import type { FakeTaggedRecord } from '../source/source-types.js';
import { goneAsNull, nameOf, pagesOf, tagsOf } from './resource-kind.js';

/** What a resource shows beyond its record: its state, and where they differ from the defaults. */
export interface ResourceFields {
  readonly state: string;
  /** The name to show; default the record's name, else its `Name` tag. */
  readonly name?: string | null;
  /** Default: no protection. */
  readonly protection?: Resource['protection'];
  /** Default: none. */
  readonly dependsOn?: readonly string[];
  readonly resourceIdentity?: string;
}

const NO_PROTECTION = { deletion: false, stop: false } as const;

/** A tagged fake record as a decomkit resource of `type`. */
export function recordResource(type: string, record: FakeTaggedRecord, fields: ResourceFields): Resource {
  return {
    arn: record.arn,
    type,
    accountId: record.accountId,
    region: record.region,
    ...nameOf({ name: fields.name ?? record.name, tags: record.tags }),
    tags: tagsOf(record),
    state: fields.state,
    protection: fields.protection ?? NO_PROTECTION,
    dependsOn: [...(fields.dependsOn ?? [])],
    ...(fields.resourceIdentity === undefined ? {} : { resourceIdentity: fields.resourceIdentity }),
  };
}

/** A kind's `list` over a paginated describe of one region, each item converted alone. */
export function pagedList<T>(
  fetch: (region: string, token: string | null) => ResultAsync<{ items: T[]; next: string | null }, DecomError>,
  toResource: (item: T) => Resource,
): (region: string) => AsyncIterable<Result<Resource[], DecomError>> {
  return (region) =>
    pagesOf(
      (token) => fetch(region, token),
      (items) => items.map(toResource),
    );
}

/** A describe-by-ids of one id as a resource: null when NotFound or when nothing is returned. */
export function firstOrGone<T>(
  described: ResultAsync<readonly T[], DecomError>,
  toResource: (item: T) => Resource,
): ResultAsync<Resource | null, DecomError> {
  return goneAsNull(described, (found) => (found[0] === undefined ? null : toResource(found[0])));
}

/**
 * The id after `<kind>/` in an EC2 ARN (`arn:aws:ec2:region:account:volume/vol-1`), or null. `ownerless`
 * also accepts an empty account, as AWS writes image and snapshot ARNs.
 */
export function ec2IdOf(kind: string, ownerless = false): (arn: string) => string | null {
  const account = ownerless ? '(?:\\d{12})?' : '\\d{12}';
  const pattern = new RegExp(`^arn:aws[a-z-]*:ec2:[a-z0-9-]+:${account}:${kind}/([^/]+)$`);
  return (arn) => pattern.exec(arn)?.[1] ?? null;
}
