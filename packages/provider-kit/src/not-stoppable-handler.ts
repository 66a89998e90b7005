import { type Action, type ActionHandler, decomError, errAsync } from '@decomkit/core';

/**
 * `resource.stop` for a type that cannot be stopped: refused as invalid input
 * (the standard steps plan no stop for it; a forged plan gets the refusal).
 *
 * @example
 * ```ts
 * 'resource.stop': notStoppableHandler('AWS::S3::Bucket'),
 * ```
 */
export function notStoppableHandler(type: string): ActionHandler {
  const refuse = (action: Action) =>
    errAsync(decomError.invalidInput(`${action.key}: a ${type} cannot be stopped (only deleted)`));
  return { execute: refuse, reconcile: refuse };
}
