import assert from 'node:assert/strict';
import type { DecomError, Result } from '@decomkit/core';
import type { ConformanceTarget, ProviderUnderTest, WorldFixture } from './target.js';

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

/** Creates a world, runs `body`, and always disposes of it. */
export async function withWorld(
  target: ConformanceTarget,
  world: WorldFixture,
  body: (subject: ProviderUnderTest) => Promise<void>,
): Promise<void> {
  const subject = await target.create(world);
  try {
    await body(subject);
  } finally {
    await subject.dispose?.();
  }
}

/** The port `name` of the subject, or a failed assertion naming it. */
export function portOf<Name extends keyof ProviderUnderTest['providers']>(
  subject: ProviderUnderTest,
  name: Name,
): NonNullable<ProviderUnderTest['providers'][Name]> {
  const port = subject.providers[name];
  assert.ok(
    port !== undefined,
    `the target declares the ${String(name)} capability but supplies no "${String(name)}" port`,
  );
  return port as NonNullable<ProviderUnderTest['providers'][Name]>;
}

export { assert };
