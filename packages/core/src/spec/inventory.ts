import type { Result, ResultAsync } from 'neverthrow';
import type { DecomError } from '../errors/decom-error.js';
import type { HiddenDependencyOptions, HiddenDependencyScan } from '../model/hidden-dependency.js';
import type { Resource, ResourceScope } from '../model/resource.js';
import type { Workload } from '../model/workload-schema.js';
import type { PortBase } from './action-handler.js';
import type { ResourceTypeTraits } from './resource-type-traits.js';

/** Source port `inventory`: what is there, read-only. */
export interface InventoryPort extends PortBase {
  /**
   * The traits of every resource type this inventory can report (stoppable,
   * holds data, traffic metric, ARN shape), known to retirement or not (a
   * file system that is backed up though not deleted). The engine and the
   * standard steps read a type's rules here; a retirement action on a type
   * with no traits is refused.
   */
  readonly resourceTypes: readonly ResourceTypeTraits[];
  /**
   * Streams the resources the selector matches, a page at a time, so a
   * 100,000-resource account is never held in memory at once. Resources
   * whose tags cannot be read come with `tags: null`.
   */
  discover(source: Workload['source']): AsyncIterable<Result<readonly Resource[], DecomError>>;
  /**
   * Optional: what `discover` streams, with only what scope is decided on
   * (`ResourceScope`), so a provider can skip per-resource reads such as
   * protection flags. The engine's check at apply for resources that
   * appeared since the plan needs no more; without this method it uses
   * `discover`.
   */
  discoverScopes?(source: Workload['source']): AsyncIterable<Result<readonly ResourceScope[], DecomError>>;
  /** Re-reads one resource; `null` when it no longer exists. */
  describe(arn: string): ResultAsync<Resource | null, DecomError>;
  /**
   * Optional, and what a provider for thousands of resources should offer:
   * re-reads many resources at once for the engine's check just before it
   * acts on them (does each still exist, is it still in scope). Only what
   * scope is decided on is wanted, so a provider can skip per-resource reads
   * such as protection flags. Every ARN asked is a key of the answer, `null`
   * when the resource no longer exists (or is in an account the credentials
   * do not see). The engine gathers the targets of actions that become ready
   * together into one call (at most {@link DESCRIBE_SCOPES_MAX_ARNS} ARNs);
   * without this method it calls `describe` once per target.
   *
   * @example
   * ```ts
   * const scopes = await inventory.describeScopes?.([instanceArn, volumeArn]);
   * if (scopes?.isOk() && scopes.value.get(instanceArn) === null) console.log('already gone');
   * ```
   */
  describeScopes?(arns: readonly string[]): ResultAsync<ReadonlyMap<string, ResourceScope | null>, DecomError>;
  /**
   * Optional, and what a provider for a real cloud should offer: what outside
   * `resources` still depends on them (DNS records pointing at their
   * endpoints, security groups referencing theirs, policies granting outside
   * principals, recent outside callers). The retire step reports each as a
   * blocking finding, and each entry of `unchecked` blocks the resources it
   * covers (a `recent-caller` check that could not read CloudTrail only
   * warns). Without this method the plan warns that nothing was checked.
   *
   * @example
   * ```ts
   * const scan = await inventory.findDependents?.(resources, { recentCallerDays: 14 });
   * if (scan?.isOk()) for (const found of scan.value.dependencies) console.log(found.dependent, '→', found.resource);
   * ```
   */
  findDependents?(
    resources: readonly Resource[],
    options: HiddenDependencyOptions,
  ): ResultAsync<HiddenDependencyScan, DecomError>;
}

/** The most ARNs the engine passes to one `InventoryPort.describeScopes` call. */
export const DESCRIBE_SCOPES_MAX_ARNS = 1000;
