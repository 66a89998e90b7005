import type { DecomError, JsonObject, ResultAsync } from '@decomkit/core';

/**
 * Reads back a delete: the result when the resource is gone, null while it
 * still exists (a `readBack` of {@link simpleHandler}).
 *
 * @example
 * ```ts
 * readBack: (id) => goneRead(volumeExists(id), { volumeId: id, deleted: true }),
 * ```
 */
export function goneRead(
  present: ResultAsync<boolean, DecomError>,
  result: JsonObject,
): ResultAsync<JsonObject | null, DecomError> {
  return present.map((exists) => (exists ? null : result));
}
