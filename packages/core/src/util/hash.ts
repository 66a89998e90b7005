import { createHash, hash } from 'node:crypto';
import { writeCanonicalJson } from './json.js';

/** SHA-256 of a string or bytes, as lowercase hex. */
export function sha256(data: string | Uint8Array): string {
  return hash('sha256', data, 'hex');
}

const CHUNK = 1 << 16;

/**
 * SHA-256 of the canonical JSON of a value: the same digest as
 * `sha256(canonicalJson(value))`, computed while walking the value, so a
 * 100,000-resource plan is never serialised whole to be hashed.
 */
export function hashValue(value: unknown): string {
  const digest = createHash('sha256');
  let pending = '';
  writeCanonicalJson(value, (text) => {
    pending += text;
    if (pending.length >= CHUNK) {
      digest.update(pending);
      pending = '';
    }
  });
  digest.update(pending);
  return digest.digest('hex');
}
