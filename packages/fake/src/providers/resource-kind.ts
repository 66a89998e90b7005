import type { Action, ActionHandler, DecomError, Resource, ResourceTypeTraits, Result } from '@decomkit/core';
import { errAsync, ok, okAsync, ResultAsync } from '@decomkit/core';
import type { RetirementKind } from '@decomkit/provider-kit';
import type { FakeTagging, TaggedResource } from '../source/tagging.js';

// The provider kit's helpers, where the kind files import them from.
export {
  claimsOn,
  done,
  noProtectionHandler,
  notStoppableHandler,
  placeOf,
  type RetirementKind,
  simpleHandler,
  targetId,
} from '@decomkit/provider-kit';

/**
 * One resource type of the fake source as the ports see it: its traits, how
 * to list it (pages, per region), describe one ARN (null when gone), and its
 * retirement handlers. A type without `handlers` is discovered but not
 * supported: the retirement port does not list it, so decomkit reports it
 * `unhandled`. Written with `defineFakeResourceKind`, which fills the defaults.
 */
export interface ResourceKind extends ResourceTypeTraits {
  /** The id this kind needs from `arn`, or null when the ARN is not of this kind. */
  idOf(arn: string): string | null;
  /** Every resource of the kind in `region`, a page at a time. */
  list(region: string): AsyncIterable<Result<Resource[], DecomError>>;
  /** The resource, or null when it no longer exists. */
  describe(arn: string, id: string): ResultAsync<Resource | null, DecomError>;
  readonly handlers?: Readonly<Partial<Record<RetirementKind, ActionHandler>>>;
}

/** A page fetcher of a fake service. */
export type PageFetcher<T> = (token: string | null) => ResultAsync<{ items: T[]; next: string | null }, DecomError>;

/** Turns a paginated describe into pages of resources (`toResources` may call further APIs per page). */
export async function* pagesOf<T>(
  fetch: PageFetcher<T>,
  toResources: (items: T[]) => ResultAsync<Resource[], DecomError> | Resource[],
): AsyncIterable<Result<Resource[], DecomError>> {
  let token: string | null = null;
  do {
    const page: Result<{ items: T[]; next: string | null }, DecomError> = await fetch(token);
    if (page.isErr()) {
      yield page.map(() => []);
      return;
    }
    const converted = toResources(page.value.items);
    yield Array.isArray(converted) ? ok(converted) : await converted;
    token = page.value.next;
  } while (token !== null);
}

/**
 * Pages of one type found through the Resource Groups Tagging API (as the AWS
 * provider finds types whose list calls carry no tags), each described
 * through its own service; those it answers null for (gone meanwhile,
 * another account's) are left out.
 */
export function taggedPages(
  tagging: FakeTagging,
  region: string,
  type: string,
  describe: (found: TaggedResource) => ResultAsync<Resource | null, DecomError>,
): AsyncIterable<Result<Resource[], DecomError>> {
  return pagesOf(
    (token) =>
      tagging.getResources({ region, types: [type] }, token).map(({ resources, next }) => ({ items: resources, next })),
    (items) =>
      ResultAsync.combine(items.map(describe)).map((found) =>
        found.filter((resource): resource is Resource => resource !== null),
      ),
  );
}

/** The id of an action's target for `idOf`, or null when it has no ARN or the ARN is not of the kind. */
export function actionIdOf(idOf: (arn: string) => string | null): (action: Action) => string | null {
  return (action) => (action.target.arn === undefined ? null : idOf(action.target.arn));
}

/** A NotFound of a describe-by-id means "gone": null; other errors pass through. */
export function goneAsNull<T>(
  described: ResultAsync<T, DecomError>,
  convert: (value: T) => Resource | null,
): ResultAsync<Resource | null, DecomError> {
  return described.map(convert).orElse((error) => (error.code === 'NotFound' ? okAsync(null) : errAsync(error)));
}

/** A read that answers null when the resource does not exist or `gone` says it is gone for the workload (scheduled for deletion). */
export function liveOrNull<T>(
  read: ResultAsync<T, DecomError>,
  gone: (value: T) => boolean,
): ResultAsync<T | null, DecomError> {
  return read
    .map((value): T | null => (gone(value) ? null : value))
    .orElse((error) => (error.code === 'NotFound' ? okAsync(null) : errAsync(error)));
}

/** Reads back a delete: the result when the describe says NotFound, null while it still exists. */
export function goneRead<T>(
  described: ResultAsync<T, DecomError>,
  result: Record<string, string>,
): ResultAsync<Record<string, string> | null, DecomError> {
  return described
    .map((): Record<string, string> | null => null)
    .orElse((error) => (error.code === 'NotFound' ? okAsync(result) : errAsync(error)));
}

/** The resource `name`: the record's name, else its `Name` tag. */
export function nameOf(record: { name: string | null; tags: Record<string, string> }): { name?: string } {
  const name = record.name ?? record.tags.Name;
  return name === undefined ? {} : { name };
}

/** Tags as a resource shows them: null when unreadable. */
export function tagsOf(record: { tags: Record<string, string>; tagsReadable: boolean }): Record<string, string> | null {
  return record.tagsReadable ? { ...record.tags } : null;
}
