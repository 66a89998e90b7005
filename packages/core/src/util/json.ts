/** A JSON value: what actions, checkpoints, results and evidence are made of, so plans and journals serialise losslessly. */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };
/** A JSON object. */
export type JsonObject = { [key: string]: JsonValue };

/**
 * Writes the canonical JSON of a value piece by piece: object keys sorted by
 * code unit (integer-like keys too), undefined and function fields dropped,
 * undefined array items as null. Equal values always give equal text.
 */
export function writeCanonicalJson(value: unknown, write: (text: string) => void): void {
  if (value === null || typeof value !== 'object') {
    write(JSON.stringify(value) ?? 'null');
    return;
  }
  if (Array.isArray(value)) {
    write('[');
    value.forEach((item, index) => {
      if (index > 0) write(',');
      writeCanonicalJson(item === undefined || typeof item === 'function' ? null : item, write);
    });
    write(']');
    return;
  }
  write('{');
  let first = true;
  for (const key of Object.keys(value).sort()) {
    const field = (value as Record<string, unknown>)[key];
    if (field === undefined || typeof field === 'function') continue;
    if (!first) write(',');
    first = false;
    write(`${JSON.stringify(key)}:`);
    writeCanonicalJson(field, write);
  }
  write('}');
}

/** The canonical JSON of a value as one string (see {@link writeCanonicalJson}); used for hashes. */
export function canonicalJson(value: unknown): string {
  const pieces: string[] = [];
  writeCanonicalJson(value, (text) => pieces.push(text));
  return pieces.join('');
}
