import type { PortBase } from './action-handler.js';

/** The action kinds of the retire item. */
export const RETIREMENT_ACTIONS = ['resource.stop', 'resource.delete', 'protection.lift'] as const;

/**
 * Source port `retirement`: handlers for `resource.stop`, `resource.delete`
 * and `protection.lift`, and the resource types they support. A type in
 * scope that is not listed is `unhandled` and never touched.
 */
export interface RetirementPort extends PortBase {
  readonly supportedTypes: readonly string[];
}
