import { type DecomError, decomError, err, ok, type ResultAsync } from '@decomkit/core';
import type { FakeWorld } from '../world.js';

/** One resource as the Resource Groups Tagging API lists it. */
export interface TaggedResource {
  readonly arn: string;
  readonly tags: Record<string, string>;
}

/** The fake Resource Groups Tagging API (GetResources), paginated. */
export class FakeTagging {
  constructor(private readonly world: FakeWorld) {}

  /** One page of resources carrying every tag in `tags`; `token` continues. */
  getResources(
    tags: Record<string, string>,
    region: string,
    token: string | null,
    pageSize = 100,
  ): ResultAsync<{ resources: TaggedResource[]; next: string | null }, DecomError> {
    return this.world.call('tagging', 'GetResources', false, region, () => {
      const matching = this.world.state.instances.filter(
        (instance) =>
          instance.region === region &&
          instance.state !== 'terminated' &&
          Object.entries(tags).every(([key, value]) => instance.tags[key] === value),
      );
      const start = token === null ? 0 : Number(token);
      if (!Number.isInteger(start) || start < 0)
        return err(decomError.invalidInput(`InvalidParameterException: bad PaginationToken ${token}`));
      const page = matching.slice(start, start + pageSize);
      const next = start + pageSize < matching.length ? String(start + pageSize) : null;
      return ok({ resources: page.map((instance) => ({ arn: instance.arn, tags: { ...instance.tags } })), next });
    });
  }
}
