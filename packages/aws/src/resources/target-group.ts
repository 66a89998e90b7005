import { DeleteTargetGroupCommand, paginateDescribeTargetGroups } from '@aws-sdk/client-elastic-load-balancing-v2';
import { type DecomError, okAsync, type Resource, ResultAsync } from '@decomkit/core';
import type { Place } from '../arns.js';
import type { AwsClients } from '../clients.js';
import { onTarget } from '../permissions/iam-grant.js';
import { groupsByTargetGroup } from './auto-scaling-group.js';
import { deleteCall, foundBy } from './declared-calls.js';
import { defineAwsResourceType } from './define-resource-type.js';
import { ELBV2_READS, elbv2ArnOf, elbv2Describe, elbv2Tags } from './elbv2-describe.js';
import { claimsOn, nameFrom } from './resource-type.js';

const TYPE = 'AWS::ElasticLoadBalancingV2::TargetGroup';

/** The ARN of an ELBv2 target group ARN (`targetgroup/<name>/<id>`), its own id; null for others. */
export function targetGroupArnOf(arn: string): string | null {
  return elbv2ArnOf(arn, 'targetgroup');
}

/** The target groups among `arns` (DescribeTargetGroups, 20 ARNs a call): gone ones are left out. */
const describeTargetGroups = elbv2Describe(
  'elasticloadbalancing:DescribeTargetGroups',
  paginateDescribeTargetGroups,
  (arns) => ({ TargetGroupArns: arns }),
  (page) => page.TargetGroups,
);

function describeMany(clients: AwsClients, place: Place, arns: readonly string[]): ResultAsync<Resource[], DecomError> {
  return describeTargetGroups(clients, place.region, arns).andThen((groups) => {
    const found = groups.flatMap((group) => (group.TargetGroupArn === undefined ? [] : [group]));
    if (found.length === 0) return okAsync([]);
    return ResultAsync.combine([
      elbv2Tags(
        clients,
        place.region,
        found.map((group) => group.TargetGroupArn ?? ''),
      ),
      groupsByTargetGroup(clients, place.region),
    ] as const).map(([tags, scalingGroups]) =>
      found.map((group): Resource => {
        const arn = group.TargetGroupArn ?? '';
        // Its load balancers and the Auto Scaling groups that register into it go first.
        const users = [...(group.LoadBalancerArns ?? []), ...(scalingGroups.get(arn) ?? [])].sort();
        return {
          arn,
          type: TYPE,
          accountId: place.accountId,
          region: place.region,
          ...nameFrom(tags.get(arn) ?? {}, group.TargetGroupName ?? arn),
          tags: tags.get(arn) ?? {},
          state: users.length === 0 ? 'unused' : 'in-use',
          protection: { deletion: false, stop: false },
          dependsOn: users,
        };
      }),
    );
  });
}

/**
 * ELBv2 target groups: depend on the load balancers whose listeners or rules
 * forward to them (DescribeTargetGroups `LoadBalancerArns`), which go first.
 * Delete is DeleteTargetGroup: `ResourceInUse` (a Conflict) while a listener
 * still forwards to it; a group already gone counts as deleted. Not
 * stoppable; no protection.
 *
 * @example
 * ```ts
 * const port = awsRetirementPort(clients, [LOAD_BALANCER, TARGET_GROUP]);
 * ```
 */
export const TARGET_GROUP = defineAwsResourceType({
  iam: {
    read: ELBV2_READS,
    delete: [onTarget('elasticloadbalancing:DeleteTargetGroup')],
  },
  type: TYPE,
  arnShape: { service: 'elasticloadbalancing', prefix: 'targetgroup/' },
  config: { pattern: /^targetgroup\/([A-Za-z0-9-]+)\/[0-9a-f]+$/, lookup: 'name' },
  idOf: targetGroupArnOf,
  arnOf: (_place, arn) => arn,
  describeMany,
  delete: {
    claims: claimsOn('elasticloadbalancing', 'default'),
    idKey: 'targetGroupArn',
    call: deleteCall('elbv2', 'elasticloadbalancing:DeleteTargetGroup', (elb, arn, options) =>
      elb.send(new DeleteTargetGroupCommand({ TargetGroupArn: arn }), options),
    ),
    exists: foundBy(describeTargetGroups),
  },
});
