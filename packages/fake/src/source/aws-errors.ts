import { type DecomError, decomError } from '@decomkit/core';

/**
 * AWS-style errors of the fake services: the AWS error code leads the
 * message (`VolumeInUse: …`) so tests and users see what the real API says.
 */
export const awsError = {
  /** The resource does not exist (`InvalidVolume.NotFound`, `DBInstanceNotFound`, …). */
  notFound: (awsCode: string, message: string, resource: string): DecomError =>
    decomError.notFound({ message: `${awsCode}: ${message}`, resource }),
  /** The resource's state forbids the call: protection, in use, a dependency. */
  conflict: (awsCode: string, message: string, resource: string): DecomError =>
    decomError.conflict({ message: `${awsCode}: ${message}`, resource }),
  /** The request itself is wrong (a missing parameter, a bad combination). */
  invalid: (awsCode: string, message: string, field = 'request'): DecomError =>
    decomError.invalidInput(`${awsCode}: ${message}`, [{ path: field, message }]),
};

/** One page of `items` from `token` (an offset, as a string), and the next token. */
export function pageOf<T>(
  items: readonly T[],
  token: string | null | undefined,
  pageSize: number,
): { page: T[]; next: string | null } | null {
  const start = token === null || token === undefined ? 0 : Number(token);
  if (!Number.isInteger(start) || start < 0) return null;
  const page = items.slice(start, start + pageSize);
  return { page, next: start + pageSize < items.length ? String(start + pageSize) : null };
}

/**
 * One page of the `items` that `matches` keeps, from `token` (an offset into
 * `items` itself, as a string), and the next token: what `pageOf` gives for
 * the filtered list, without building that list for every page (a region's
 * 100,000 instances read in pages of 500 would build it 200 times).
 */
export function matchingPageOf<T>(
  items: readonly T[],
  matches: (item: T) => boolean,
  token: string | null | undefined,
  pageSize: number,
): { page: T[]; next: string | null } | null {
  const start = token === null || token === undefined ? 0 : Number(token);
  if (!Number.isInteger(start) || start < 0) return null;
  const page: T[] = [];
  let index = start;
  for (; index < items.length && page.length < pageSize; index += 1) {
    const item = items[index] as T;
    if (matches(item)) page.push(item);
  }
  while (index < items.length && !matches(items[index] as T)) index += 1;
  return { page, next: index < items.length ? String(index) : null };
}
