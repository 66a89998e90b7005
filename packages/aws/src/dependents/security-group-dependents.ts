import { type IpPermission, paginateDescribeSecurityGroups } from '@aws-sdk/client-ec2';
import type { HiddenDependency } from '@decomkit/core';
import { ec2Arn, ec2IdOf } from '../arns.js';
import { listAll } from '../resources/declared-calls.js';
import { byRegion, type DependentCheck, found, merged, unchecked } from './dependent-check.js';

const SECURITY_GROUP = 'AWS::EC2::SecurityGroup';

/**
 * `security-group-rule`: per region that holds in-scope security groups,
 * every group of the account (DescribeSecurityGroups, paginated); each one
 * out of scope whose inbound or outbound rules name an in-scope group is a
 * dependent (deleting the group fails, or, once its rules are gone, cuts
 * the traffic they allowed). A region that cannot be read leaves its groups
 * unchecked.
 */
export const securityGroupDependents: DependentCheck = async (context) => {
  const scans = await Promise.all(
    [...byRegion(context.resources, new Set([SECURITY_GROUP]))].map(async ([region, groups]) => {
      const arnById = new Map(groups.map((group) => [ec2IdOf(group.arn, 'security-group') ?? '', group.arn]));
      const all = await listAll(
        'ec2:DescribeSecurityGroups',
        () => paginateDescribeSecurityGroups({ client: context.clients.get('ec2', region) }, {}),
        (page) => page.SecurityGroups,
      );
      if (all.isErr()) return unchecked('security-group-rule', all.error, groups);
      const dependencies: HiddenDependency[] = [];
      for (const group of all.value) {
        const groupId = group.GroupId ?? '';
        const dependent = ec2Arn({ region, accountId: group.OwnerId ?? context.accountId }, 'security-group', groupId);
        if (arnById.has(groupId) || context.inScope.has(dependent)) continue;
        const rules: [string, IpPermission][] = [
          ...(group.IpPermissions ?? []).map((rule) => ['inbound', rule] as [string, IpPermission]),
          ...(group.IpPermissionsEgress ?? []).map((rule) => ['outbound', rule] as [string, IpPermission]),
        ];
        for (const [direction, rule] of rules) {
          for (const pair of rule.UserIdGroupPairs ?? []) {
            const referenced = arnById.get(pair.GroupId ?? '');
            if (referenced === undefined) continue;
            dependencies.push({
              resource: referenced,
              check: 'security-group-rule',
              dependent,
              evidence: `${group.GroupName ?? groupId} has an ${direction} rule (${ruleText(rule)}) naming ${pair.GroupId}`,
            });
          }
        }
      }
      return found(dependencies);
    }),
  );
  return merged(scans);
};

function ruleText(rule: IpPermission): string {
  const protocol = rule.IpProtocol === '-1' ? 'all traffic' : (rule.IpProtocol ?? 'any');
  if (rule.FromPort === undefined || rule.IpProtocol === '-1') return protocol;
  return rule.FromPort === rule.ToPort ? `${protocol} ${rule.FromPort}` : `${protocol} ${rule.FromPort}-${rule.ToPort}`;
}
