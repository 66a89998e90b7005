import { okAsync, type ResultAsync } from 'neverthrow';
import type { DecomError } from '../errors/decom-error.js';
import type { Finding } from '../model/finding.js';
import type { HiddenDependency } from '../model/hidden-dependency.js';
import type { Resource } from '../model/resource.js';
import type { Workload } from '../model/workload-schema.js';
import type { InventoryPort } from '../spec/inventory.js';

/** The findings of the hidden-dependency checks, and the resources they keep from being retired. */
export interface HiddenDependencyFindings {
  readonly findings: readonly Finding[];
  /** In-scope resources something outside still depends on (or that could not be checked): never touched. */
  readonly blocked: ReadonlySet<string>;
}

/**
 * Asks the inventory what outside `resources` still depends on them and turns
 * the answer into findings. A dependency is blocking unless a workload
 * exception names its dependent (`exceptions: [{ dependent, reason,
 * approvedBy }]`); a check that could not be made blocks every resource it
 * covers (fail closed), except the CloudTrail `recent-caller` check, which
 * is made only where CloudTrail is readable and otherwise warns. A provider
 * without the checks gets one warning that nothing was checked.
 *
 * @example
 * ```ts
 * const checked = await hiddenDependencyFindings(ports.inventory, inventory, workload);
 * if (checked.isOk()) findings.push(...checked.value.findings);
 * ```
 */
export function hiddenDependencyFindings(
  inventory: Pick<InventoryPort, 'findDependents'>,
  resources: readonly Resource[],
  workload: Pick<Workload, 'exceptions' | 'hiddenDependencies'>,
): ResultAsync<HiddenDependencyFindings, DecomError> {
  if (resources.length === 0) return okAsync({ findings: [], blocked: new Set() });
  if (inventory.findDependents === undefined) {
    return okAsync({
      findings: [
        {
          severity: 'warning',
          code: 'dependents-unchecked',
          message:
            'this inventory offers no hidden-dependency checks (DNS records, security group rules, policies, recent callers): nothing outside the workload was checked for what depends on it',
        },
      ],
      blocked: new Set(),
    });
  }
  return inventory
    .findDependents(resources, { recentCallerDays: workload.hiddenDependencies.recentCallerDays })
    .map((scan) => {
      const accepted = new Map(
        workload.exceptions.flatMap((exception) =>
          exception.dependent === undefined ? [] : [[exception.dependent, exception] as const],
        ),
      );
      const findings: Finding[] = [];
      const blocked = new Set<string>();
      for (const dependency of scan.dependencies) {
        const exception = accepted.get(dependency.dependent);
        if (exception === undefined) {
          findings.push({
            severity: 'blocking',
            code: 'hidden-dependency',
            message: `${described(dependency)}; not touched`,
            resource: dependency.resource,
          });
          blocked.add(dependency.resource);
        } else {
          findings.push({
            severity: 'info',
            code: 'hidden-dependency-accepted',
            message: `${described(dependency)}; accepted: ${exception.reason} (approved by ${exception.approvedBy})`,
            resource: dependency.resource,
          });
        }
      }
      for (const unchecked of scan.unchecked) {
        const warnOnly = unchecked.check === 'recent-caller';
        for (const resource of unchecked.resources) {
          findings.push({
            severity: warnOnly ? 'warning' : 'blocking',
            code: 'dependents-unchecked',
            message: `the ${unchecked.check} check could not be made for ${resource} (${unchecked.reason})${warnOnly ? '' : '; not touched'}`,
            resource,
          });
          if (!warnOnly) blocked.add(resource);
        }
      }
      return { findings, blocked };
    });
}

function described(dependency: HiddenDependency): string {
  return `${dependency.dependent} depends on ${dependency.resource} (${dependency.check}: ${dependency.evidence})`;
}
