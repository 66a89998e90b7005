import type { ActionTarget } from '../model/action.js';
import type { Resource } from '../model/resource.js';
import type { Workload } from '../model/workload-schema.js';
import type { ResourceTypeTraits } from '../spec/resource-type-traits.js';

/**
 * The resource type traits an inventory gives, looked up by type name and by
 * ARN: what the standard steps and the engine's safety rules read instead of
 * lists of a cloud's type names.
 */
export interface TypeTraits {
  /** The traits of the type named `type`, or undefined when the inventory gives none (fail closed). */
  named(type: string): ResourceTypeTraits | undefined;
  /**
   * The data-holding type an ARN names, whatever a document says it is, or
   * null when it names none: the engine checks a plan's stated type against
   * it, so an edited type cannot waive a backup.
   */
  dataHoldingTypeOfArn(arn: string): string | null;
}

/**
 * The lookup over an inventory's `resourceTypes` (an absent list, from an
 * untyped provider, gives no traits: every retirement is refused).
 *
 * @example
 * ```ts
 * const traits = typeTraitsOf(ports.inventory.resourceTypes);
 * if (traits.named(resource.type)?.stoppable === true) planScreamTest(resource);
 * ```
 */
export function typeTraitsOf(resourceTypes: readonly ResourceTypeTraits[] | undefined): TypeTraits {
  const list = Array.isArray(resourceTypes) ? resourceTypes : [];
  const byName = new Map(list.map((traits) => [traits.type, traits] as const));
  const dataHolding = list.filter((traits) => traits.holdsData);
  return {
    named: (type) => byName.get(type),
    dataHoldingTypeOfArn: (arn) => dataHolding.find((traits) => traits.matchesArn(arn))?.type ?? null,
  };
}

/**
 * Whether the workload requires a completed backup of `resource` before
 * deleting it: its type holds data, and the workload does not waive it.
 *
 * @example
 * ```ts
 * const gates = backupRequired(resource, workload, traits) ? [gate.backupCompleted(resource.arn)] : [];
 * ```
 */
export function backupRequired(resource: Resource, workload: Workload, traits: TypeTraits): boolean {
  if (workload.policies[resource.type]?.backup === 'none') return false;
  return traits.named(resource.type)?.holdsData === true;
}

/**
 * Whose backup covers a resource: itself, except a resource whose type a
 * resource it is listed by covers (`backupCovers`: an Aurora member instance,
 * which AWS backs up through its cluster; the cluster lists its members among
 * the resources to retire before it).
 */
export function backupSubjects(inventory: readonly Resource[], traits: TypeTraits): (resource: Resource) => string {
  const coveredBy = new Map<string, { readonly arn: string; readonly covers: readonly string[] }>();
  for (const resource of inventory) {
    const covers = traits.named(resource.type)?.backupCovers ?? [];
    if (covers.length === 0) continue;
    for (const member of resource.dependsOn) coveredBy.set(member, { arn: resource.arn, covers });
  }
  return (resource) => {
    const cover = coveredBy.get(resource.arn);
    return cover?.covers.includes(resource.type) === true ? cover.arn : resource.arn;
  };
}

/** The action target for an inventory resource (the engine re-reads it before acting). */
export function resourceTarget(resource: Resource): ActionTarget {
  return {
    ref: resource.arn,
    arn: resource.arn,
    resourceType: resource.type,
    accountId: resource.accountId,
    region: resource.region,
  };
}

/** A window of `hours` ending at `end`, as ISO instants. */
export function windowEnding(end: Date, hours: number): { readonly start: string; readonly end: string } {
  return { start: new Date(end.getTime() - hours * 3_600_000).toISOString(), end: end.toISOString() };
}

/** Sums a series. */
export function total(values: readonly number[]): number {
  return values.reduce((sum, value) => sum + value, 0);
}
