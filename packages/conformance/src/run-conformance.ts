import type { PortName } from '@decomkit/core';
import { artifactsConformance } from './groups/artifacts.js';
import { assessmentConformance } from './groups/assessment.js';
import { advisorConformance, costsConformance, targetResourcesConformance } from './groups/azure-and-costs.js';
import { backupsConformance } from './groups/backups.js';
import { bucketEmptyingConformance } from './groups/bucket-emptying.js';
import { cmdbConformance } from './groups/cmdb.js';
import { configInventoryConformance } from './groups/config-inventory.js';
import { dataResourceRows } from './groups/data-resources.js';
import { dnsConformance } from './groups/dns.js';
import { identityConformance } from './groups/identity.js';
import { infrastructureRows } from './groups/infrastructure-resources.js';
import { ec2InventoryConformance } from './groups/inventory.js';
import { sourceMetricsConformance, targetMetricsConformance } from './groups/metrics.js';
import { replicationConformance } from './groups/replication.js';
import { ec2RetirementConformance } from './groups/retirement.js';
import { resourceTypeConformance } from './resource-type-conformance.js';
import type { ConformanceRunner } from './runner.js';
import { ARTIFACTS_WORLD, STANDARD_WORLD } from './standard-world.js';
import type { ConformanceTarget } from './target.js';
import { subjectsOf } from './target-subjects.js';

/**
 * Registers the whole suite for `target` with the runner: the per-port suite
 * of each capability the target declares, every one over a world built by
 * `target.create` (the standard world, of which each suite's world is a
 * part). A port it does not declare is not tested (and the engine will not
 * let a checklist use it). A provider of one port can call that port's suite
 * directly instead (`cmdbConformance`, `dnsConformance`, …).
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
    const standard = <Port extends PortName>(port: Port) => subjectsOf(target, STANDARD_WORLD, [port]);
    if (capabilities.identity) identityConformance(runner, standard('identity'));
    if (capabilities.inventory) ec2InventoryConformance(runner, standard('inventory'));
    if (capabilities.retirement) ec2RetirementConformance(runner, standard('retirement'));
    if (capabilities.backups) backupsConformance(runner, standard('backups'));
    if (capabilities.artifacts)
      artifactsConformance(runner, subjectsOf(target, { ...STANDARD_WORLD, ...ARTIFACTS_WORLD }, ['artifacts']));
    if (capabilities.configInventory)
      configInventoryConformance(
        runner,
        // The deletion half runs only where the target declares retirement too (and then must supply it).
        capabilities.retirement
          ? subjectsOf(target, STANDARD_WORLD, ['configInventory', 'retirement'])
          : subjectsOf(target, STANDARD_WORLD, ['configInventory'], ['retirement']),
      );
    if (capabilities.dns) dnsConformance(runner, standard('dns'));
    if (capabilities.cmdb) cmdbConformance(runner, standard('cmdb'));
    if (capabilities.replication) replicationConformance(runner, standard('replication'));
    if (capabilities.sourceMetrics) sourceMetricsConformance(runner, standard('sourceMetrics'));
    if (capabilities.targetMetrics) targetMetricsConformance(runner, standard('targetMetrics'));
    if (capabilities.costs) costsConformance(runner, standard('costs'));
    if (capabilities.targetResources) targetResourcesConformance(runner, standard('targetResources'));
    if (capabilities.advisor) advisorConformance(runner, standard('advisor'));
    if (capabilities.assessment) assessmentConformance(runner, standard('assessment'));
    if (capabilities.dataResources) {
      resourceTypeConformance(runner, dataResourceRows(target));
      bucketEmptyingConformance(runner, target);
    }
    if ((capabilities.resourceTypes ?? []).length > 0) resourceTypeConformance(runner, infrastructureRows(target));
  });
}
