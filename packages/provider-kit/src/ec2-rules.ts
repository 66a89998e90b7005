/** A volume attached to an instance that is about to be terminated, as a provider reads it. */
export interface AttachedVolume {
  readonly id: string;
  readonly deleteOnTermination: boolean;
  readonly tags: Readonly<Record<string, string>>;
}

/**
 * The volumes TerminateInstances would change that are not planned to go with
 * the instance: refuse the termination while this is not empty. An EC2 rule,
 * shared by the AWS provider and its emulator (the fake).
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
