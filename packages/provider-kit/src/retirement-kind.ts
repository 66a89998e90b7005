import type { RETIREMENT_ACTIONS } from '@decomkit/core/provider-kit';

/**
 * The action kinds of the `retirement` port: what a resource type's handlers
 * are keyed by.
 *
 * @example
 * ```ts
 * const handlers: Record<RetirementKind, ActionHandler> = {
 *   'resource.stop': notStoppableHandler('AWS::SQS::Queue'),
 *   'resource.delete': deleteQueue,
 *   'protection.lift': noProtectionHandler('AWS::SQS::Queue'),
 * };
 * ```
 */
export type RetirementKind = (typeof RETIREMENT_ACTIONS)[number];
