/**
 * What the suite needs from a test runner: `describe` and `it` as vitest,
 * jest, mocha and node:test spell them. Assertions are the suite's own
 * (node:assert), so any runner works.
 *
 * @example
 * ```ts
 * import { describe, it } from 'vitest';
 * runProviderConformance({ describe, it }, fakeTarget);
 * ```
 */
export interface ConformanceRunner {
  describe(name: string, body: () => void): void;
  it(name: string, body: () => Promise<void>, timeoutMilliseconds?: number): void;
}
