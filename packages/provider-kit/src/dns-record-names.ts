/**
 * A record name relative to its zone (`@` for the apex), from a relative
 * name, `@` or the FQDN; names compared after `normal` (how the DNS service
 * compares them: lower case, no trailing dot, Route 53's escapes decoded…).
 *
 * @example
 * ```ts
 * relativeRecordName('pay.example.com.', 'example.com', normal); // 'pay'
 * relativeRecordName('example.com', 'example.com', normal); // '@'
 * ```
 */
export function relativeRecordName(name: string, zone: string, normal: (name: string) => string): string {
  const record = normal(name);
  const origin = normal(zone);
  if (record === '@' || record === '' || record === origin) return '@';
  return record.endsWith(`.${origin}`) ? record.slice(0, -(origin.length + 1)) : record;
}

/**
 * The FQDN of a record (no trailing dot), from a relative name, `@` or the
 * FQDN; names compared after `normal` (see {@link relativeRecordName}).
 *
 * @example
 * ```ts
 * recordFqdn('@', 'Example.com.', normal); // 'example.com'
 * ```
 */
export function recordFqdn(name: string, zone: string, normal: (name: string) => string): string {
  const relative = relativeRecordName(name, zone, normal);
  return relative === '@' ? normal(zone) : `${relative}.${normal(zone)}`;
}
