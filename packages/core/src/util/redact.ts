import type { JsonValue } from './json.js';

const SECRET_WORDS =
  '(password|passwd|secret|credential|authorization|api[-_]?key|access[-_]?key|session[-_]?token|sas[-_]?token|bearer|connection[-_]?string|private[-_]?key)';
const SECRET_FIELD = new RegExp(SECRET_WORDS, 'i');

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
      copy[key] = SECRET_FIELD.test(key) && field !== null ? REDACTED : redactValue(field);
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
  if (!SECRET_FIELD.test(json)) return { value, json };
  const redacted = redactSecrets(value);
  return { value: redacted, json: JSON.stringify(redacted) };
}
