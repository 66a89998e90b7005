import { boundedMemo } from './bounded-memo.js';
import { REDACTED, redactText } from './secret-patterns.js';

export { REDACTED } from './secret-patterns.js';

const SECRET_WORDS =
  'password|passwd|pwd|secret|credential|authorization|api[-_]?key|access[-_]?key|private[-_]?key|bearer|connection[-_]?string|token';
/** A field name that holds a secret; `idempotencyToken`, `nextToken` and the like are identifiers, not secrets. */
const SECRET_FIELD = new RegExp(`(${SECRET_WORDS})`, 'i');
const NOT_SECRET_FIELD =
  /^\$?(idempotency|client|client[-_]?request|next|skip|page|pagination|continuation)[-_]?token$/i;

const isSecretField = boundedMemo((name) => SECRET_FIELD.test(name) && !NOT_SECRET_FIELD.test(name), {
  capacity: 4096,
  maxLength: 128,
});

/**
 * Frozen arrays found clean: they cannot change, so they are not walked again
 * (a plan's actions, its inventory). Arrays only: one entry covers every
 * record in it, where an entry per record (100,000 resources, as many
 * actions) would cost megabytes to spare a walk of a few fields.
 */
const cleanFrozen = new WeakSet<object>();

/**
 * Returns `value` with every secret taken out: a field whose name looks like
 * a secret (password, secret, token, credential, connection string, …)
 * becomes `[redacted]`, and every string has its secret values redacted by
 * their shape (AWS keys, session tokens, GitHub, Slack and JWT tokens, PEM
 * private keys, passwords in URLs and connection strings: see
 * `secret-patterns.ts`). Walks arrays, plain objects, Maps and Errors (message,
 * stack, cause); leaves other objects (Dates, byte arrays) as they are.
 *
 * Idempotent, and copy-on-write: a value with nothing to redact is returned
 * itself (the same reference), so `redactSecrets(x) === x` tells that `x` is
 * clean. Applied where data enters the engine (port results and errors),
 * to plans, to every journal line, report and event (safety rule 6).
 */
export function redactSecrets<T>(value: T): T {
  return redactValue(value, 0) as T;
}

/** Deeper than this (a cycle, or hostile nesting), an object is redacted whole. */
const MAX_DEPTH = 64;

function redactValue(value: unknown, depth: number): unknown {
  if (typeof value === 'string') return redactText(value);
  if (value === null || typeof value !== 'object' || cleanFrozen.has(value)) return value;
  if (depth > MAX_DEPTH) return REDACTED;
  const redacted = redactObject(value, depth + 1);
  if (redacted === value && Array.isArray(value) && Object.isFrozen(value)) cleanFrozen.add(value);
  return redacted;
}

function redactObject(value: object, depth: number): unknown {
  if (Array.isArray(value)) {
    let copy: unknown[] | null = null;
    for (let index = 0; index < value.length; index += 1) {
      const item: unknown = value[index];
      const redacted = redactValue(item, depth);
      if (redacted !== item) copy ??= [...value];
      if (copy !== null) copy[index] = redacted;
    }
    return copy ?? value;
  }
  if (value instanceof Map) {
    let changed = false;
    const copy = new Map<unknown, unknown>();
    for (const [key, item] of value) {
      const redacted = redactValue(item, depth);
      changed ||= redacted !== item;
      copy.set(key, redacted);
    }
    return changed ? copy : value;
  }
  if (value instanceof Error) return redactError(value, depth);
  const prototype = Object.getPrototypeOf(value);
  if (prototype !== Object.prototype && prototype !== null) return value;
  const record = value as Record<string, unknown>;
  const keys = Object.keys(record);
  let copy: Record<string, unknown> | null = null;
  for (let index = 0; index < keys.length; index += 1) {
    const key = keys[index] as string;
    const field = record[key];
    const redacted = redactField(key, field, depth);
    if (redacted !== field && copy === null) {
      copy = Object.create(prototype) as Record<string, unknown>;
      for (const earlier of keys.slice(0, index)) defineField(copy, earlier, record[earlier]);
    }
    if (copy !== null) defineField(copy, key, redacted);
  }
  return copy ?? value;
}

function redactField(name: string, field: unknown, depth: number): unknown {
  return field !== null && field !== undefined && isSecretField(name) ? REDACTED : redactValue(field, depth);
}

/** Defines a plain data field: a key such as `__proto__` stays a field. */
function defineField(target: object, key: string, value: unknown): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

/** An error's message, stack, cause and other fields, redacted; a copy with the same prototype only when one changed. */
function redactError(error: Error, depth: number): Error {
  const fields: PropertyDescriptorMap = {};
  let changed = false;
  for (const name of Object.getOwnPropertyNames(error)) {
    const descriptor = Object.getOwnPropertyDescriptor(error, name);
    if (descriptor === undefined) continue;
    const field = 'value' in descriptor ? descriptor.value : readAccessor(error, name);
    const redacted = redactField(name, field, depth);
    changed ||= redacted !== field;
    fields[name] = { value: redacted, enumerable: descriptor.enumerable ?? false, writable: true, configurable: true };
  }
  return changed ? (Object.create(Object.getPrototypeOf(error), fields) as Error) : error;
}

function readAccessor(value: object, name: string): unknown {
  try {
    return (value as Record<string, unknown>)[name];
  } catch {
    return undefined;
  }
}

/**
 * Redacts and serialises: the value with its secrets taken out (itself when
 * it holds none) and its JSON text. What each journal line is made of.
 */
export function redactToJson<T>(value: T): { readonly value: T; readonly json: string } {
  const redacted = redactSecrets(value);
  return { value: redacted, json: JSON.stringify(redacted) };
}

/**
 * The dotted path of the first field that {@link redactSecrets} would change
 * in `value` (`inventory.0.tags.note`), or `null` when `value` holds nothing
 * to redact.
 */
export function firstSecretPath(value: unknown): string | null {
  const redacted = redactSecrets(value);
  return redacted === value ? null : differingPath(value, redacted, '');
}

function differingPath(original: unknown, redacted: unknown, path: string): string {
  if (original === null || typeof original !== 'object' || redacted === null || typeof redacted !== 'object') {
    return path;
  }
  const entries: Iterable<[unknown, unknown]> =
    original instanceof Map ? original : Object.entries(original as Record<string, unknown>);
  for (const [key, before] of entries) {
    const after = redacted instanceof Map ? redacted.get(key) : (redacted as Record<string, unknown>)[String(key)];
    if (after !== before) return differingPath(before, after, path === '' ? String(key) : `${path}.${String(key)}`);
  }
  return path;
}
