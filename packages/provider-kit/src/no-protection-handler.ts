import { type ActionHandler, okAsync } from '@decomkit/core';
import { done } from './done.js';

/**
 * `protection.lift` for a type that has no protection: nothing to do, done at once.
 *
 * @example
 * ```ts
 * 'protection.lift': noProtectionHandler('AWS::EC2::Volume'),
 * ```
 */
export function noProtectionHandler(type: string): ActionHandler {
  const result = { protection: 'none', type };
  return { execute: () => okAsync(done(result)), reconcile: () => okAsync(done(result)) };
}
