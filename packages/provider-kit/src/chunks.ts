/**
 * Splits `items` into chunks of at most `size`, in order (an API's limit on
 * ids or filter values per call).
 *
 * @example
 * ```ts
 * chunks(['i-1', 'i-2', 'i-3'], 2); // [['i-1', 'i-2'], ['i-3']]
 * ```
 */
export function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let index = 0; index < items.length; index += size) out.push(items.slice(index, index + size));
  return out;
}
