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

/** A volume attached to an instance that is about to be terminated, as a provider reads it. */
export interface AttachedVolume {
  readonly id: string;
  readonly deleteOnTermination: boolean;
  readonly tags: Readonly<Record<string, string>>;
}

/**
 * The volumes TerminateInstances would change that are not planned to go with
 * the instance: refuse the termination while this is not empty.
 *
 * An untagged volume attached with DeleteOnTermination (a root volume as
 * launched) is part of its instance: it has no identity of its own, the
 * instance's backup covers it (an AMI or a multi-volume snapshot set takes
 * every attached volume), and AWS deletes it with the instance. Any other
 * attached volume — tagged (someone manages it as a resource), or one that
 * would be detached and left behind — must be in `plannedIds` (the action's
 * `params.dependentArns`), so nothing outside the plan is deleted or changed.
 *
 * @example
 * ```ts
 * const strangers = unplannedVolumes(volumes, new Set(['vol-1']));
 * if (strangers.length > 0) return errAsync(decomError.conflict({ message: '…' }));
 * ```
 */
export function unplannedVolumes<Volume extends AttachedVolume>(
  volumes: readonly Volume[],
  plannedIds: ReadonlySet<string>,
): Volume[] {
  return volumes.filter(
    (volume) => !plannedIds.has(volume.id) && !(volume.deleteOnTermination && Object.keys(volume.tags).length === 0),
  );
}
