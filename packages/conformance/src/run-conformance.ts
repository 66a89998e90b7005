import { artifactsGroup } from './groups/artifacts.js';
import { assessmentGroup } from './groups/assessment.js';
import { advisorGroup, costsGroup, targetResourcesGroup } from './groups/azure-and-costs.js';
import { backupsGroup } from './groups/backups.js';
import { cmdbGroup } from './groups/cmdb.js';
import { configInventoryGroup } from './groups/config-inventory.js';
import { dataResourcesGroup } from './groups/data-resources.js';
import { dnsGroup } from './groups/dns.js';
import { identityGroup } from './groups/identity.js';
import { inventoryGroup } from './groups/inventory.js';
import { metricsGroup } from './groups/metrics.js';
import { replicationGroup } from './groups/replication.js';
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
 * import { runProviderConformance } from '@decomkit/conformance';
 * runProviderConformance({ describe, it }, { name: 'my provider', capabilities: { inventory: true }, create: async (world) => build(world) });
 * ```
 */
export function runProviderConformance(runner: ConformanceRunner, target: ConformanceTarget): void {
  runner.describe(`decomkit conformance: ${target.name}`, () => {
    const { capabilities } = target;
    if (capabilities.identity) identityGroup(runner, target);
    if (capabilities.inventory) inventoryGroup(runner, target);
    if (capabilities.retirement) retirementGroup(runner, target);
    if (capabilities.backups) backupsGroup(runner, target);
    if (capabilities.artifacts) artifactsGroup(runner, target);
    if (capabilities.configInventory) configInventoryGroup(runner, target);
    if (capabilities.dns) dnsGroup(runner, target);
    if (capabilities.cmdb) cmdbGroup(runner, target);
    if (capabilities.replication) replicationGroup(runner, target);
    if (capabilities.sourceMetrics) metricsGroup(runner, target, 'source');
    if (capabilities.targetMetrics) metricsGroup(runner, target, 'target');
    if (capabilities.costs) costsGroup(runner, target);
    if (capabilities.targetResources) targetResourcesGroup(runner, target);
    if (capabilities.advisor) advisorGroup(runner, target);
    if (capabilities.assessment) assessmentGroup(runner, target);
    if (capabilities.dataResources) dataResourcesGroup(runner, target);
  });
}
