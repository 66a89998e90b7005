import type { PortBase, PortHandlers } from './action-handler.js';

/** The action kinds of the retire item. */
export const RETIREMENT_ACTIONS = ['resource.stop', 'resource.delete', 'protection.lift'] as const;

/** One of {@link RETIREMENT_ACTIONS}. */
export type RetirementActionKind = (typeof RETIREMENT_ACTIONS)[number];

/**
 * Source port `retirement`: handlers for `resource.stop`, `resource.delete`
 * and `protection.lift`, and the resource types they support. A type in
 * scope that is not listed is `unhandled` and never touched.
 */
export interface RetirementPort extends PortBase {
  /** Handlers for `resource.stop`, `resource.delete`, `protection.lift`. */
  readonly handlers: PortHandlers<RetirementActionKind>;
  readonly supportedTypes: readonly string[];
}
