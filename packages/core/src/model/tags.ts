/** A resource's or a selector's tags: key to value. */
export type TagRecord = Readonly<Record<string, string>>;

/**
 * A tag record with exactly these keys, on a null prototype: a key named like
 * an `Object.prototype` member (`__proto__`, `constructor`, `toString`) is a
 * legal AWS tag key and is kept as an ordinary own key, never turned into a
 * prototype or shadowed by an inherited member. A later entry of the same key
 * wins, as AWS tag lists do.
 *
 * @example
 * ```ts
 * const tags = tagRecordOf([['__proto__', 'payments'], ['env', 'prod']]);
 * Object.keys(tags); // ['__proto__', 'env']
 * ```
 */
export function tagRecordOf(entries: Iterable<readonly [string, string]>): Record<string, string> {
  const record: Record<string, string> = Object.create(null);
  // On a null-prototype object, assignment defines an own key: there is no `__proto__` setter to call.
  for (const [key, value] of entries) record[key] = value;
  return record;
}

/** The value of tag `key`, only if the record itself has it (never an inherited member such as `constructor`). */
export function tagValue(tags: TagRecord, key: string): string | undefined {
  return Object.hasOwn(tags, key) ? tags[key] : undefined;
}

/** Whether `tags` carries every one of `wanted` (own keys, exact values); false when `wanted` is empty. */
export function carriesEveryTag(tags: TagRecord, wanted: TagRecord): boolean {
  const entries = Object.entries(wanted);
  return entries.length > 0 && entries.every(([key, value]) => tagValue(tags, key) === value);
}
