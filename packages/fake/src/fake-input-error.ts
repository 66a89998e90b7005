import { type DecomError, decomError } from '@decomkit/core';

/**
 * Thrown by the fake's test-side helpers (seeding, `cloud.faults.on`,
 * `cloud.edit`) when a test hands them something wrong: a malformed id or
 * ARN, an ARN the world does not hold, a negative count. Thrown rather than
 * returned so that a mistake in a test's setup stops that test at once; the
 * typed {@link DecomError} is on `error`, its message names the field and the value.
 *
 * @example
 * ```ts
 * try {
 *   createFakeCloud({ source: { instances: [{ id: 'web-1' }] } });
 * } catch (thrown) {
 *   if (thrown instanceof FakeInputError) console.log(thrown.error.code); // 'InvalidInput'
 * }
 * ```
 */
export class FakeInputError extends Error {
  /** The typed error: `InvalidInput` (with the offending field in `issues`) or `NotFound` (an ARN the world lacks). */
  readonly error: DecomError;

  constructor(error: DecomError) {
    super(error.message);
    this.name = 'FakeInputError';
    this.error = error;
  }
}

/** A {@link FakeInputError} for one field `path` that is wrong, with what is wrong with it. */
export function invalidFakeInput(path: string, problem: string): FakeInputError {
  return new FakeInputError(decomError.invalidInput(`${path}: ${problem}`, [{ path, message: problem }]));
}
