import type { JsonObject } from '@decomkit/core';

/**
 * A handler outcome: done, with `result` (what the journal keeps of the effect).
 *
 * @example
 * ```ts
 * execute: (action) => deleteQueue(action).map(() => done({ queueUrl, deleted: true })),
 * ```
 */
export function done(result: JsonObject) {
  return { status: 'done', result } as const;
}

/**
 * The same as {@link done}, under the name core used to export it.
 *
 * @example
 * ```ts
 * return ok(handlerDone({ workloadId, milestone }));
 * ```
 */
export const handlerDone = done;
