import { type DecomError, err, ok, type Result, ResultAsync } from '@decomkit/core';
import { chunks } from './chunks.js';

/**
 * Runs `work` over `items`, at most `limit` at a time, the results in order;
 * the first error ends it (later groups do not start).
 *
 * @example
 * ```ts
 * limited(functionNames, 5, (name) => getFunction(name)).map((found) => found.flat());
 * ```
 */
export function limited<T, R>(
  items: readonly T[],
  limit: number,
  work: (item: T) => ResultAsync<R, DecomError>,
): ResultAsync<R[], DecomError> {
  return new ResultAsync(
    (async (): Promise<Result<R[], DecomError>> => {
      const results: R[] = [];
      for (const group of chunks(items, limit)) {
        const settled = await ResultAsync.combine(group.map(work));
        if (settled.isErr()) return err(settled.error);
        results.push(...settled.value);
      }
      return ok(results);
    })(),
  );
}
