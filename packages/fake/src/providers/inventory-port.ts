import type {
  DecomError,
  InventoryPort,
  Resource,
  ResourceScope,
  ResourceTypeTraits,
  Result,
  Workload,
} from '@decomkit/core';
import { ok, okAsync, ResultAsync } from '@decomkit/core';
import {
  carriesEveryTag,
  PORT_SPECIFICATION_VERSION,
  STACK_NAME_TAG,
  tagValue,
  typeAndIdOf,
} from '@decomkit/provider-kit';
import { AWS_TYPES } from '../source/resource-types.js';
import { OTHER_KIND } from './kind-other.js';
import type { ResourceKind } from './resource-kind.js';

/** The traits alone of a kind (no handlers, no calls). */
function traitsOf(kind: ResourceKind): ResourceTypeTraits {
  return {
    type: kind.type,
    matchesArn: kind.matchesArn,
    stoppable: kind.stoppable,
    holdsData: kind.holdsData,
    ...(kind.backupCovers === undefined ? {} : { backupCovers: kind.backupCovers }),
    ...(kind.traffic === undefined ? {} : { traffic: kind.traffic }),
    ...(kind.noBackupMethod === undefined ? {} : { noBackupMethod: kind.noBackupMethod }),
  };
}

const PAGE_SIZE = 500;

/**
 * The `inventory` port over the fake source services: per region and per
 * resource type, pages of what the selector's tags, stacks or ARNs match,
 * plus resources whose tags cannot be read (reported with `tags: null`),
 * with protection flags and dependencies filled in. Pages are streamed: at
 * most one service page and one output page are held at a time. Its
 * `resourceTypes` are the traits of every modelled type (the catch-all kind
 * of unmodelled types has none).
 */
export function fakeInventoryPort(
  kinds: readonly ResourceKind[],
  findDependents?: InventoryPort['findDependents'],
): InventoryPort {
  return {
    ...(findDependents === undefined ? {} : { findDependents }),
    resourceTypes: kinds.filter((kind) => kind.type !== OTHER_KIND).map(traitsOf),
    specificationVersion: PORT_SPECIFICATION_VERSION,
    capabilities: [
      'inventory.tags',
      'inventory.stacks',
      'inventory.arns',
      ...kinds.map((kind) => `inventory:${kind.type}`),
    ],
    async *discover(source: Workload['source']): AsyncIterable<Result<readonly Resource[], DecomError>> {
      let buffer: Resource[] = [];
      // A global resource (IAM: region '') is listed in every region: each is yielded once.
      const seen = new Set<string>();
      for (const region of source.regions) {
        for (const kind of kinds) {
          for await (const page of kind.list(region)) {
            if (page.isErr()) {
              yield page;
              return;
            }
            for (const resource of page.value) {
              if (seen.has(resource.arn) || !selected(resource, source.select)) continue;
              seen.add(resource.arn);
              buffer.push(resource);
              if (buffer.length >= PAGE_SIZE) {
                yield ok(buffer);
                buffer = [];
              }
            }
          }
        }
      }
      if (buffer.length > 0) yield ok(buffer);
    },
    discoverScopes(source: Workload['source']): AsyncIterable<Result<readonly ResourceScope[], DecomError>> {
      return this.discover(source); // in memory, a whole resource costs no more than its scope
    },
    describe(arn: string) {
      const found = typeAndIdOf(kinds, arn);
      return found === null ? okAsync(null) : found.type.describe(arn, found.id);
    },
    describeScopes(arns: readonly string[]) {
      return ResultAsync.combine(arns.map((arn) => this.describe(arn).map((resource) => [arn, resource] as const))).map(
        (entries) => new Map<string, ResourceScope | null>(entries),
      );
    },
  };
}

function selected(resource: Resource, select: Workload['source']['select']): boolean {
  if (select.arns?.includes(resource.arn)) return true;
  if (resource.tags === null) return true;
  if (carriesEveryTag(resource.tags, select.tags ?? {})) return true;
  const stack = tagValue(resource.tags, STACK_NAME_TAG);
  if (stack !== undefined && (select.stacks?.includes(stack) ?? false)) return true;
  // A selected stack itself: what retires its resources.
  return resource.type === AWS_TYPES.stack && (select.stacks?.includes(resource.name ?? '') ?? false);
}
