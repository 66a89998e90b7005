import type { Plan } from '../model/plan.js';
import type { Resource, ResourceScope } from '../model/resource.js';

const indexes = new WeakMap<Plan, ReadonlyMap<string, Resource>>();

/** The resource `arn` as planning saw it, or undefined when the plan's inventory has none. */
export function plannedResource(plan: Plan, arn: string): Resource | undefined {
  let index = indexes.get(plan);
  if (index === undefined) {
    index = new Map(plan.inventory.map((resource) => [resource.arn, resource] as const));
    indexes.set(plan, index);
  }
  return index.get(arn);
}

/**
 * Why a freshly read resource is not the one planned, or null: its
 * `resourceIdentity` differs from the planned one (a table or bucket deleted
 * and re-created under the same ARN). Compared only when both are known.
 */
export function recreatedReason(plan: Plan, current: ResourceScope): string | null {
  const planned = plannedResource(plan, current.arn)?.resourceIdentity;
  const now = current.resourceIdentity;
  if (planned === undefined || now === undefined || planned === now) return null;
  return `${current.arn} was re-created since the plan (identity ${planned}, now ${now}): it is not the resource planned; plan again`;
}
