import { err, ok, type Result } from 'neverthrow';
import { type DecomError, fromUnknown } from '../errors/decom-error.js';
import { type ExceptedResource, exceptionOf } from '../model/exceptions.js';
import type { Resource, ResourceScope } from '../model/resource.js';
import { decideScope, inSourceRegions } from '../model/scope.js';
import type { Workload } from '../model/workload-schema.js';
import type { InventoryPort } from '../spec/inventory.js';
import { ResourceCompactor } from './compact-resource.js';

/** What discovery keeps: the resources steps may plan for, and the ones the workload's exceptions keep out. */
export interface DiscoveredInventory {
  readonly resources: Resource[];
  readonly excepted: ExceptedResource[];
}

/**
 * Streams the inventory and keeps what the engine itself can prove in scope,
 * plus resources whose tags could not be read (so steps report them; they
 * are never acted on). Whatever else the provider returned is dropped: a
 * provider bug cannot widen the scope. A resource the workload's exceptions
 * name is set aside with its reason: it never reaches a step. What is kept is
 * compacted: shared strings, tag sets and flags are held once.
 */
export async function discoverInventory(
  inventory: InventoryPort | undefined,
  workload: Workload,
): Promise<Result<DiscoveredInventory, DecomError>> {
  if (inventory === undefined) return ok({ resources: [], excepted: [] });
  const kept: Resource[] = [];
  const excepted: ExceptedResource[] = [];
  const seen = new Set<string>();
  const compactor = new ResourceCompactor();
  try {
    for await (const page of inventory.discover(workload.source)) {
      if (page.isErr()) return err(page.error);
      for (const resource of page.value) {
        if (seen.has(resource.arn) || !inScopeOrUnreadable(resource, workload)) continue;
        seen.add(resource.arn);
        const exception = exceptionOf(resource, workload);
        if (exception === null) kept.push(compactor.compact(resource));
        else excepted.push(exception);
      }
    }
  } catch (cause) {
    return err(fromUnknown('inventory discovery', cause));
  }
  return ok({ resources: kept, excepted });
}

/**
 * The ARNs discovery finds that the engine would keep (in scope, or in the
 * workload's account and regions with unreadable tags), read with the
 * inventory's `discoverScopes` where it has one (no per-resource reads):
 * what the check at apply for resources new since the plan needs.
 */
export async function discoverKeptArns(
  inventory: InventoryPort,
  workload: Workload,
): Promise<Result<Set<string>, DecomError>> {
  const kept = new Set<string>();
  const pages: AsyncIterable<Result<readonly ResourceScope[], DecomError>> =
    inventory.discoverScopes?.(workload.source) ?? inventory.discover(workload.source);
  try {
    for await (const page of pages) {
      if (page.isErr()) return err(page.error);
      for (const resource of page.value) if (keptByEngine(resource, workload)) kept.add(resource.arn);
    }
  } catch (cause) {
    return err(fromUnknown('inventory discovery', cause));
  }
  return ok(kept);
}

/** Whether the engine keeps a discovered resource: in scope or unreadable (below), and not excepted. */
function keptByEngine(resource: ResourceScope, workload: Workload): boolean {
  return inScopeOrUnreadable(resource, workload) && exceptionOf(resource, workload) === null;
}

/** Proven in scope, or unreadable in the workload's account and regions. */
function inScopeOrUnreadable(resource: ResourceScope, workload: Workload): boolean {
  const unreadable =
    resource.tags === null &&
    resource.accountId === workload.source.accountId &&
    inSourceRegions(resource, workload.source);
  return unreadable || decideScope(resource, workload.source).inScope;
}
