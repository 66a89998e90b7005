import type { DecomError, ResultAsync } from '@decomkit/core';
import type { FakeWorld } from '../world.js';
import { paged } from './ebs.js';

/** One page of a paginated describe call, and the token of the next (null: the last). */
export interface DescribePage<T> {
  items: T[];
  next: string | null;
}

/** Which paginated describe call, and its default page size. */
export interface RegionPagesCall {
  readonly service: string;
  readonly operation: string;
  readonly pageSize: number;
}

/**
 * A paginated describe call over the records of a region, as AWS answers it:
 * `(region, token, pageSize?)` gives one page (through the world's faults and
 * call log; copies, so a caller cannot change the world). `records` is read
 * when the call runs: it may settle what is due first. `world` is read
 * lazily too, so the call can be a field of the service class.
 *
 * @example
 * ```ts
 * readonly describeVolumesPage = regionPages(() => this.world, { service: 'ec2', operation: 'DescribeVolumes', pageSize: 500 }, () => this.world.state.volumes);
 * ```
 */
export function regionPages<T extends { readonly region: string }>(
  world: () => FakeWorld,
  call: RegionPagesCall,
  records: () => readonly T[],
): (region: string, token: string | null, pageSize?: number) => ResultAsync<DescribePage<T>, DecomError> {
  return (region, token, pageSize = call.pageSize) =>
    world().call(call.service, call.operation, false, region, () =>
      paged(records(), token, pageSize, (record) => record.region === region),
    );
}
