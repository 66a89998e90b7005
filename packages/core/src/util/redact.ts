import type { JsonValue } from './json.js';

const SECRET_WORDS =
  'password|passwd|pwd|secret|credential|authorization|api[-_]?key|access[-_]?key|private[-_]?key|bearer|connection[-_]?string|token';
/** A field name that holds a secret; `idempotencyToken` and `nextToken` are identifiers, not secrets. */
const SECRET_FIELD = new RegExp(`(${SECRET_WORDS})`, 'i');
const NOT_SECRET_FIELD = /^(idempotency|client|next|pagination|continuation)[-_]?token$/i;
/** Any secret word anywhere in a JSON text: a cheap superset test before the field-by-field walk. */
const SECRET_WORD_IN_TEXT = new RegExp(`(${SECRET_WORDS})`, 'i');

function isSecretField(name: string): boolean {
  return SECRET_FIELD.test(name) && !NOT_SECRET_FIELD.test(name);
}

/** What a redacted value is replaced with. */
export const REDACTED = '[redacted]';

/**
 * Returns a copy of `value` in which every field whose name looks like a secret
 * (password, secret, token, credential, connection string, …) is replaced by
 * `[redacted]`. Applied to every journal line and report (safety rule 6).
 */
export function redactSecrets<T>(value: T): T {
  return redactValue(value as JsonValue) as T;
}

function redactValue(value: JsonValue): JsonValue {
  if (Array.isArray(value)) return value.map(redactValue);
  if (value !== null && typeof value === 'object') {
    const copy: { [key: string]: JsonValue } = {};
    for (const [key, field] of Object.entries(value)) {
      if (field === undefined) continue;
      copy[key] = isSecretField(key) && field !== null ? REDACTED : redactValue(field);
    }
    return copy;
  }
  return value;
}

/**
 * Redacts and serialises in one pass where possible: when no secret-looking
 * word appears anywhere in the JSON text (the common case), the value is
 * returned as is with that text; otherwise it is redacted and serialised again.
 */
export function redactToJson<T>(value: T): { readonly value: T; readonly json: string } {
  const json = JSON.stringify(value);
  if (!SECRET_WORD_IN_TEXT.test(json)) return { value, json };
  const redacted = redactSecrets(value);
  return { value: redacted, json: JSON.stringify(redacted) };
}
