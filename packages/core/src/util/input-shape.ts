import type { InputIssue } from '../errors/decom-error.js';

/** Whether `value` is a plain object of fields (not null, not an array). */
export function isFieldObject(value: unknown): value is Readonly<Record<string, unknown>> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** One issue per own field of `value` not among `known`, each at `path.field`. */
export function unknownFieldIssues(
  value: Readonly<Record<string, unknown>>,
  known: readonly string[],
  path: string,
): InputIssue[] {
  return Object.keys(value)
    .filter((field) => !known.includes(field))
    .map((field) => ({ path: `${path}.${field}`, message: `unknown field "${field}"` }));
}

/** The bounds of a numeric option. */
export interface NumberBounds {
  readonly min: number;
  readonly max: number;
  /** Whether the minimum itself is excluded (a rate must be > 0). */
  readonly exclusiveMin?: boolean;
  readonly integer?: boolean;
}

/** An issue when `value` is not a finite number within `bounds`, else none. */
export function numberIssues(value: unknown, path: string, bounds: NumberBounds): InputIssue[] {
  const kind = bounds.integer === true ? 'an integer' : 'a finite number';
  const lower = bounds.exclusiveMin === true ? `above ${bounds.min}` : `from ${bounds.min}`;
  const inRange =
    typeof value === 'number' &&
    Number.isFinite(value) &&
    (bounds.integer !== true || Number.isInteger(value)) &&
    (bounds.exclusiveMin === true ? value > bounds.min : value >= bounds.min) &&
    value <= bounds.max;
  return inRange ? [] : [{ path, message: `must be ${kind} ${lower} to ${bounds.max}, got ${describeInput(value)}` }];
}

/** A short description of a caller's value for messages; never throws (symbols, BigInts and Proxies included). */
export function describeInput(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value.length > 80 ? `${value.slice(0, 80)}…` : value);
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return String(value);
  if (value === null || value === undefined) return String(value);
  if (Array.isArray(value)) return 'an array';
  return `a ${typeof value}`;
}
