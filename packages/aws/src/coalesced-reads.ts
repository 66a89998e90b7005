import { type DecomError, err, type Result, ResultAsync } from '@decomkit/core';
import { fromUnknown, Gatherer, systemClock } from '@decomkit/provider-kit';

interface Pending<Item> {
  readonly id: string;
  readonly settle: (result: Result<Item | null, DecomError>) => void;
}

/**
 * Reads of one kind made by many handlers at about the same time (the
 * describe before each of a hundred RDS deletes, their polls) sent as one
 * call per region: `read(region, ids)` answers with what it found by id, and
 * an id it leaves out reads as `null` (gone). Each read still sees the
 * service as it is when the call is made: nothing is cached.
 *
 * @example
 * ```ts
 * const database = coalescedReads(100, (region, ids) => describeDatabases(clients, region, ids));
 * const found = await database('eu-west-1', 'payments-db'); // Result<DBInstance | null, DecomError>
 * ```
 */
export function coalescedReads<Item>(
  maxIds: number,
  read: (region: string, ids: readonly string[]) => ResultAsync<ReadonlyMap<string, Item>, DecomError>,
): (region: string, id: string) => ResultAsync<Item | null, DecomError> {
  const gatherer = new Gatherer<Pending<Item>>(systemClock, (region, pending) => {
    const ids = [...new Set(pending.map((entry) => entry.id))];
    const settleAll = (found: Result<ReadonlyMap<string, Item>, DecomError>) => {
      for (const entry of pending) entry.settle(found.map((byId) => byId.get(entry.id) ?? null));
    };
    new ResultAsync(Promise.resolve().then(() => read(region, ids))).then(settleAll, (cause: unknown) =>
      settleAll(err(fromUnknown(`a read of ${ids.length} ids in ${region}`, cause))),
    );
  });
  return (region, id) =>
    new ResultAsync(
      new Promise<Result<Item | null, DecomError>>((settle) => gatherer.add(region, { id, settle }, maxIds)),
    );
}
