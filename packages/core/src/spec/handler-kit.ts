import { errAsync, okAsync } from 'neverthrow';
import { decomError } from '../errors/decom-error.js';
import type { Action } from '../model/action.js';
import type { JsonObject } from '../util/json.js';
import type { ActionHandler } from './action-handler.js';

/** A handler outcome: done, with `result`. For provider authors. */
export function handlerDone(result: JsonObject) {
  return { status: 'done', result } as const;
}

/** `protection.lift` for a type that has no protection: nothing to do, done at once. */
export function noProtectionHandler(type: string): ActionHandler {
  const result = { protection: 'none', type };
  return { execute: () => okAsync(handlerDone(result)), reconcile: () => okAsync(handlerDone(result)) };
}

/** `resource.stop` for a type that cannot be stopped: refused as invalid input. */
export function notStoppableHandler(type: string): ActionHandler {
  const refuse = (action: Action) =>
    errAsync(decomError.invalidInput(`${action.key}: a ${type} cannot be stopped (only deleted)`));
  return { execute: refuse, reconcile: refuse };
}
