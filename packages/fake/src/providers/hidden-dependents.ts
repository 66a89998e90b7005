import type { DecomError, HiddenDependency, HiddenDependencyScan, InventoryPort, Result } from '@decomkit/core';
import { ok, okAsync, ResultAsync } from '@decomkit/core';
import { dnsZonesOf, fullName } from '../services/dns-names.js';
import type { FakeWorld } from '../world.js';

/** A check's scan, or its failure turned into `unchecked` for what it covers (as the AWS checks do). */
function settled(
  check: HiddenDependency['check'],
  covered: readonly { readonly arn: string }[],
  read: ResultAsync<HiddenDependency[], DecomError>,
): Promise<HiddenDependencyScan> {
  return read.match(
    (dependencies) => ({ dependencies, unchecked: [] }),
    (error) => ({
      dependencies: [],
      unchecked: covered.length === 0 ? [] : [{ check, reason: error.message, resources: covered.map((r) => r.arn) }],
    }),
  );
}

/**
 * `InventoryPort.findDependents` on the fake: the checks its world models.
 * `dns-record` — a Route 53 record whose value is an in-scope Elastic IP's
 * address (read as `route53:ListResourceRecordSets`, so a fault there leaves
 * the addresses unchecked); `security-group-rule` — a group out of scope
 * whose rules reference an in-scope group (`ec2:DescribeSecurityGroups`).
 * The fake world holds no resource or IAM policies and no CloudTrail: those
 * checks find nothing in it.
 *
 * @example
 * ```ts
 * const cloud = createFakeCloud(seed);
 * const scan = await cloud.providers.inventory.findDependents?.(resources, { recentCallerDays: 14 });
 * ```
 */
export function fakeFindDependents(world: FakeWorld): NonNullable<InventoryPort['findDependents']> {
  return (resources) => {
    const inScope = new Set(resources.map((resource) => resource.arn));
    const addresses = world.state.addresses.filter((address) => inScope.has(address.arn));
    const groups = world.state.securityGroups.filter((group) => inScope.has(group.arn));
    const dns =
      addresses.length === 0
        ? okAsync<HiddenDependency[], DecomError>([])
        : world.call('route53', 'ListResourceRecordSets', false, null, (): Result<HiddenDependency[], DecomError> => {
            const zones = dnsZonesOf(world.state.services).filter((zone) => zone.provider === 'route53');
            const found: HiddenDependency[] = [];
            for (const record of world.state.services.dnsRecords) {
              if (record.provider !== 'route53') continue;
              const zone = zones.find((candidate) => candidate.name === record.zone.toLowerCase().replace(/\.$/, ''));
              const name = fullName(record.name, record.zone);
              for (const address of addresses) {
                if (!record.values.includes(address.publicIp)) continue;
                found.push({
                  resource: address.arn,
                  check: 'dns-record',
                  dependent: `arn:aws:route53:::hostedzone/${zone?.id ?? record.zone}/recordset/${name}./${record.type}`,
                  evidence: `${record.type} ${name} → ${address.publicIp}`,
                });
              }
            }
            return ok(found);
          });
    const rules =
      groups.length === 0
        ? okAsync<HiddenDependency[], DecomError>([])
        : world.call('ec2', 'DescribeSecurityGroups', false, null, (): Result<HiddenDependency[], DecomError> => {
            const found: HiddenDependency[] = [];
            for (const group of groups) {
              for (const id of group.referencedBy) {
                const other = world.state.securityGroups.find((candidate) => candidate.id === id);
                if (other === undefined || inScope.has(other.arn)) continue;
                found.push({
                  resource: group.arn,
                  check: 'security-group-rule',
                  dependent: other.arn,
                  evidence: `${other.groupName} has a rule naming ${group.id}`,
                });
              }
            }
            return ok(found);
          });
    return ResultAsync.fromSafePromise(
      Promise.all([settled('dns-record', addresses, dns), settled('security-group-rule', groups, rules)]),
    ).map((scans) => ({
      dependencies: scans.flatMap((scan) => scan.dependencies),
      unchecked: scans.flatMap((scan) => scan.unchecked),
    }));
  };
}
