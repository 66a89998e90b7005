import type {
  DecomError,
  HiddenDependency,
  HiddenDependencyCheck,
  HiddenDependencyOptions,
  HiddenDependencyScan,
  Resource,
} from '@decomkit/core';
import type { AwsClients } from '../clients.js';

/** What every hidden-dependency check reads from: the clients, who is asking, and what is in scope. */
export interface DependentsContext {
  readonly clients: AwsClients;
  readonly accountId: string;
  /** The IAM principal decomkit runs as (a role's ARN for an assumed-role session): its own calls are no dependents. */
  readonly callerArn: string;
  /** The in-scope resources to check. */
  readonly resources: readonly Resource[];
  /** Their ARNs, and every principal inside the workload. */
  readonly inScope: ReadonlySet<string>;
  readonly options: HiddenDependencyOptions;
  /** The service's id of an in-scope resource (an instance id, a distribution id), by its type's descriptor; null when unknown. */
  readonly idOf: (resource: Resource) => string | null;
}

/**
 * One hidden-dependency check. It never fails: a read that fails becomes an
 * `unchecked` entry for the resources the check covers (the engine then
 * blocks them), so one refused API never hides what the others found.
 */
export type DependentCheck = (context: DependentsContext) => Promise<HiddenDependencyScan>;

/** A scan of what was found, nothing unchecked. */
export function found(dependencies: readonly HiddenDependency[]): HiddenDependencyScan {
  return { dependencies, unchecked: [] };
}

/** A scan that could not be made for `resources`, with the read that failed. */
export function unchecked(
  check: HiddenDependencyCheck,
  error: DecomError,
  resources: readonly Pick<Resource, 'arn'>[],
): HiddenDependencyScan {
  return {
    dependencies: [],
    unchecked: resources.length === 0 ? [] : [{ check, reason: error.message, resources: resources.map((r) => r.arn) }],
  };
}

/** The scans of several checks as one. */
export function merged(scans: readonly HiddenDependencyScan[]): HiddenDependencyScan {
  return {
    dependencies: scans.flatMap((scan) => scan.dependencies),
    unchecked: scans.flatMap((scan) => scan.unchecked),
  };
}

/** The in-scope resources of `types`, grouped by region. */
export function byRegion(
  resources: readonly Resource[],
  types: ReadonlySet<string>,
): ReadonlyMap<string, readonly Resource[]> {
  const groups = new Map<string, Resource[]>();
  for (const resource of resources) {
    if (!types.has(resource.type)) continue;
    groups.set(resource.region, [...(groups.get(resource.region) ?? []), resource]);
  }
  return groups;
}

/** The IAM principal of an STS assumed-role ARN (`…:assumed-role/Name/session` → `…:role/Name`); other ARNs as they are. */
export function principalOf(arn: string): string {
  const match = /^arn:(aws[a-z-]*):sts::(\d{12}):assumed-role\/([^/]+)\/.+$/.exec(arn);
  return match === null ? arn : `arn:${match[1]}:iam::${match[2]}:role/${match[3]}`;
}
