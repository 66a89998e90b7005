import assert from 'node:assert/strict';
import type { DecomError, Result } from '@decomkit/core';

/** The value of an ok result; fails the test with the error's message otherwise. */
export function okValue<T>(result: Result<T, DecomError>, what: string): T {
  if (result.isErr()) assert.fail(`${what} failed: ${result.error.code}: ${result.error.message}`);
  return result.value;
}

/** Asserts the result is an error with `code`, and returns it. */
export function errorOf<T>(result: Result<T, DecomError>, code: DecomError['code'], what: string): DecomError {
  if (result.isOk()) assert.fail(`${what} should have failed with ${code} but succeeded`);
  assert.equal(result.error.code, code, `${what}: expected ${code}, got ${result.error.code}: ${result.error.message}`);
  return result.error;
}

/**
 * A discovered protection flag is the truth, or `'unknown'` (not read at
 * discovery, checked at apply): never a wrong `true` or `false`.
 */
export function protectionFlagIs(actual: boolean | 'unknown', expected: boolean, what: string): void {
  if (actual === 'unknown') return;
  assert.equal(actual, expected, `${what}: expected ${expected} (or 'unknown'), got ${actual}`);
}

export { assert };
