/**
 * `@decomkit/conformance`: the test suite every decomkit provider must pass,
 * runner-agnostic. This is a placeholder until the suite lands.
 *
 * @packageDocumentation
 */

/** Version of the conformance suite; bumped whenever the suite's contract changes. */
export const CONFORMANCE_SUITE_VERSION = 1;
