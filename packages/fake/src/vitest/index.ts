/**
 * `@decomkit/fake/vitest`: vitest matchers over the fake cloud and decomkit's
 * run reports. Add them once, in a setup file; importing this entry also
 * gives `expect(…)` their types.
 *
 * @example
 * ```ts
 * // vitest.setup.ts (listed in vitest.config.ts `test.setupFiles`)
 * import { fakeCloudMatchers } from '@decomkit/fake/vitest';
 * import { expect } from 'vitest';
 *
 * expect.extend(fakeCloudMatchers);
 * ```
 * @packageDocumentation
 */

import type { Assertion } from 'vitest';
import type { FakeCloudMatchers } from './fake-cloud-matchers.js';

export {
  type CalledOptions,
  type FakeCloudMatchers,
  fakeCloudMatchers,
  type MatcherOutcome,
  type MatcherState,
} from './fake-cloud-matchers.js';

/** A vitest assertion with the fake cloud's matchers (what `expect(…)` returns once this entry is imported). */
export type FakeCloudAssertion<T = unknown> = Assertion<T> & FakeCloudMatchers<void>;

declare module 'vitest' {
  // biome-ignore lint/suspicious/noExplicitAny: vitest declares Assertion<T = any>; a merged declaration must match it.
  interface Assertion<T = any> extends FakeCloudMatchers<T> {}
}
