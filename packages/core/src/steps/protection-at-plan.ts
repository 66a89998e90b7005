import type { Finding } from '../model/finding.js';
import { protectionKnownOn, protectionUnknown, type Resource } from '../model/resource.js';

/**
 * How the retire step treats a resource's protection, from what discovery
 * knows of it and the workload's policy for its type:
 *
 * - `none`: known to be off: stopped and deleted as it is;
 * - `lift`: a `protection.lift` action comes first (known on and lifting
 *   allowed; or unknown and lifting allowed: the lift reads the flags at
 *   apply and lifts only what is set);
 * - `checked-at-apply`: unknown and lifting not allowed: stopped and deleted
 *   as an unprotected resource; the provider refuses what protection
 *   forbids, and that action fails closed, leaving the resource as it is;
 * - `blocked`: known on and lifting not allowed: never touched.
 */
export type ProtectionTreatment = 'none' | 'lift' | 'checked-at-apply' | 'blocked';

/** The treatment of `resource`'s protection (see {@link ProtectionTreatment}). */
export function protectionTreatment(resource: Resource, mayLift: boolean): ProtectionTreatment {
  if (protectionKnownOn(resource.protection)) return mayLift ? 'lift' : 'blocked';
  if (protectionUnknown(resource.protection)) return mayLift ? 'lift' : 'checked-at-apply';
  return 'none';
}

/** Whether the resource's stop may need its protection lifted first (stop protection on or unknown). */
export function stopMayBeProtected(resource: Resource): boolean {
  return resource.protection.stop !== false;
}

/**
 * The info finding of a resource whose protection was not read at plan: what
 * the plan knows, what is checked at apply, and exactly what happens then.
 */
export function protectionCheckedAtApply(
  resource: Resource,
  treatment: ProtectionTreatment,
  screamed: boolean,
): Finding {
  const policy = `policies["${resource.type}"].liftProtection`;
  const unread = `the protection of ${resource.arn} (${unknownFlags(resource)}) was not read at plan: it is checked at apply`;
  if (treatment === 'lift') {
    return {
      severity: 'info',
      code: 'protection-checked-at-apply',
      message: `${unread}. The workload allows lifting it (${policy}): its protection.lift, ${screamed ? 'before its stop' : 'before its delete'}, reads the flags then and lifts only those that are set (nothing to lift when none is)`,
      resource: resource.arn,
    };
  }
  const stop =
    resource.protection.stop === 'unknown' && screamed
      ? ' If stop protection is on, its stop is refused and it is neither stopped nor deleted.'
      : '';
  const deletion =
    resource.protection.deletion === 'unknown'
      ? ` If deletion protection is on, its delete is refused and it stays${screamed ? ', stopped by its scream test' : ' as it is'}.`
      : '';
  return {
    severity: 'info',
    code: 'protection-checked-at-apply',
    message: `${unread}; it is planned as unprotected.${stop}${deletion} The workload does not allow lifting protection (${policy}): nothing is lifted; a refused action fails and names the protection. To block a protected resource at plan instead, have the provider read protection at discovery.`,
    resource: resource.arn,
  };
}

/** The names of the flags not read, e.g. `deletion and stop protection`. */
function unknownFlags(resource: Resource): string {
  const names = [
    ...(resource.protection.deletion === 'unknown' ? ['deletion'] : []),
    ...(resource.protection.stop === 'unknown' ? ['stop'] : []),
  ];
  return `${names.join(' and ')} protection`;
}
