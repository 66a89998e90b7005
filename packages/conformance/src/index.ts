/**
 * `@decomkit/conformance`: the test suite every decomkit provider must pass.
 * Runner-agnostic: give it `describe` and `it`, and a target that builds a
 * world and the providers over it, plus an oracle that checks state outside
 * the provider under test.
 *
 * @example
 * ```ts
 * import { describe, it } from 'vitest';
 * import { runProviderConformance } from '@decomkit/conformance';
 * runProviderConformance({ describe, it }, myTarget);
 * ```
 * @packageDocumentation
 */

export { DATA_IN_SCOPE, DATA_WORLD } from './data-resource-fixtures.js';
export { IN_SCOPE, STANDARD_WORLD } from './fixtures.js';
export { runProviderConformance } from './run-conformance.js';
export type { ConformanceRunner } from './runner.js';
export type {
  BucketFixture,
  Capabilities,
  ConformanceTarget,
  DnsRecordFixture,
  FunctionFixture,
  InstanceFixture,
  MetricFixture,
  Oracle,
  ProviderUnderTest,
  TableFixture,
  WorldFixture,
} from './target.js';

/** Version of the conformance suite; bumped whenever the suite's contract changes. */
export const CONFORMANCE_SUITE_VERSION = 2;
