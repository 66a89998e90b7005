import { artifactsGroup } from './groups/artifacts.js';
import { backupsGroup } from './groups/backups.js';
import { identityGroup } from './groups/identity.js';
import { inventoryGroup } from './groups/inventory.js';
import { retirementGroup } from './groups/retirement.js';
import type { ConformanceRunner } from './runner.js';
import type { ConformanceTarget } from './target.js';

/**
 * Registers the conformance suite for `target` with the runner: one group
 * per port the target declares. A port it does not declare is not tested
 * (and the engine will not let a checklist use it).
 *
 * @example
 * ```ts
 * import { describe, it } from 'vitest';
 * import { runConformance } from '@decomkit/conformance';
 * runConformance({ describe, it }, { name: 'my provider', capabilities: { inventory: true }, create: async (world) => build(world) });
 * ```
 */
export function runConformance(runner: ConformanceRunner, target: ConformanceTarget): void {
  runner.describe(`decomkit conformance: ${target.name}`, () => {
    const { capabilities } = target;
    if (capabilities.identity) identityGroup(runner, target);
    if (capabilities.inventory) inventoryGroup(runner, target);
    if (capabilities.retirement) retirementGroup(runner, target);
    if (capabilities.backups) backupsGroup(runner, target);
    if (capabilities.artifacts) artifactsGroup(runner, target);
  });
}
