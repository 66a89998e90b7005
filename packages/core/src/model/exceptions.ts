import type { Resource, ResourceScope } from './resource.js';
import type { Workload } from './workload-schema.js';

/** A resource in scope that the workload's `exceptions` keep on purpose, with why and who approved it. */
export interface ExceptedResource {
  readonly arn: string;
  readonly type: string;
  readonly reason: string;
  readonly approvedBy: string;
  /** What it must outlive (its `dependsOn`): a resource it depends on cannot be retired around it. */
  readonly dependsOn: readonly string[];
}

/**
 * The workload exception that keeps `resource`, if any: one naming its ARN,
 * else one naming its type. Excepted resources never enter a plan's
 * inventory, so no step can act on them (the engine refuses an action on a
 * resource outside the inventory).
 *
 * @example
 * ```ts
 * const kept = exceptionOf(resource, workload); // { arn, type, reason, approvedBy } or null
 * ```
 */
export function exceptionOf(
  resource: ResourceScope & Partial<Pick<Resource, 'dependsOn'>>,
  workload: Pick<Workload, 'exceptions'>,
): ExceptedResource | null {
  const exceptions = workload.exceptions;
  const found =
    exceptions.find((exception) => exception.arn === resource.arn) ??
    exceptions.find((exception) => exception.arn === undefined && exception.type === resource.type);
  return found === undefined
    ? null
    : {
        arn: resource.arn,
        type: resource.type,
        reason: found.reason,
        approvedBy: found.approvedBy,
        dependsOn: [...(resource.dependsOn ?? [])],
      };
}
