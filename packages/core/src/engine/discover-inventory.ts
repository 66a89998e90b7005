import { err, ok, type Result } from 'neverthrow';
import { type DecomError, fromUnknown } from '../errors/decom-error.js';
import type { Resource, ResourceScope } from '../model/resource.js';
import { decideScope } from '../model/scope.js';
import type { Workload } from '../model/workload-schema.js';
import type { InventoryPort } from '../spec/inventory.js';
import { ResourceCompactor } from './compact-resource.js';

/**
 * Streams the inventory and keeps what the engine itself can prove in scope,
 * plus resources whose tags could not be read (so steps report them; they
 * are never acted on). Whatever else the provider returned is dropped: a
 * provider bug cannot widen the scope. What is kept is compacted: shared
 * strings, tag sets and flags are held once.
 */
export async function discoverInventory(
  inventory: InventoryPort | undefined,
  workload: Workload,
): Promise<Result<Resource[], DecomError>> {
  if (inventory === undefined) return ok([]);
  const kept: Resource[] = [];
  const seen = new Set<string>();
  const compactor = new ResourceCompactor();
  try {
    for await (const page of inventory.discover(workload.source)) {
      if (page.isErr()) return err(page.error);
      for (const resource of page.value) {
        if (seen.has(resource.arn) || !keptByEngine(resource, workload)) continue;
        kept.push(compactor.compact(resource));
        seen.add(resource.arn);
      }
    }
  } catch (cause) {
    return err(fromUnknown('inventory discovery', cause));
  }
  return ok(kept);
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

/** Whether the engine keeps a discovered resource: proven in scope, or unreadable in the workload's account and regions. */
function keptByEngine(resource: ResourceScope, workload: Workload): boolean {
  const unreadable =
    resource.tags === null &&
    resource.accountId === workload.source.accountId &&
    workload.source.regions.includes(resource.region);
  return unreadable || decideScope(resource, workload.source).inScope;
}
