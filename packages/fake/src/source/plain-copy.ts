/**
 * A copy of plain data (what the world state holds: objects, arrays, strings,
 * numbers, booleans, null) that a caller may change without changing the
 * world: every object and array is new, as with `structuredClone`, but
 * strings are shared, not copied (they cannot be changed). A service answers
 * with these; a world of 100,000 instances read whole then costs the copied
 * objects, not a second set of every ARN, id and tag.
 *
 * @example
 * ```ts
 * return ok(page.map((instance) => plainCopy(instance)));
 * ```
 */
export function plainCopy<T>(value: T): T {
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((item: unknown) => plainCopy(item)) as T;
  const prototype = Object.getPrototypeOf(value);
  // Anything but a plain record (a Date, a Map…) is left to structuredClone, which knows its kind.
  if (prototype !== Object.prototype && prototype !== null) return structuredClone(value);
  const copy: Record<string, unknown> = Object.create(prototype);
  for (const [key, field] of Object.entries(value)) {
    // A `__proto__` key is defined, not assigned: it stays an ordinary field, as structuredClone keeps it.
    if (key === '__proto__')
      Object.defineProperty(copy, key, {
        value: plainCopy(field),
        enumerable: true,
        writable: true,
        configurable: true,
      });
    else copy[key] = plainCopy(field);
  }
  return copy as T;
}
