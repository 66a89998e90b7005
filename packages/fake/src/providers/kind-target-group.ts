import type { DescribedTargetGroup, FakeElbv2 } from '../source/elbv2.js';
import { AWS_TYPES } from '../source/resource-types.js';
import { defineFakeResourceKind } from './define-fake-resource-kind.js';
import { claimsOn, goneRead, type ResourceKind } from './resource-kind.js';
import { firstOrGone, pagedList, recordResource } from './resource-kind-parts.js';

const TARGET_GROUP_ARN = /^arn:aws[a-z-]*:elasticloadbalancing:[a-z0-9-]+:\d{12}:targetgroup\/[^/]+\/[0-9a-f]+$/;

/** ELBv2 target groups: depend on the load balancers whose listeners forward to them (`ResourceInUse` until those go). */
export function targetGroupKind(elb: FakeElbv2): ResourceKind {
  const toResource = (group: DescribedTargetGroup) =>
    recordResource(AWS_TYPES.targetGroup, group, {
      name: group.targetGroupName,
      state: group.loadBalancerArns.length === 0 ? 'unused' : 'in-use',
      dependsOn: group.loadBalancerArns,
    });
  return defineFakeResourceKind({
    type: AWS_TYPES.targetGroup,
    idOf: (arn) => (TARGET_GROUP_ARN.test(arn) ? arn : null),
    list: pagedList((region, token) => elb.describeTargetGroupsPage(region, token), toResource),
    describe: (arn) => firstOrGone(elb.describeTargetGroups([arn]), toResource),
    retire: {
      claims: claimsOn('elasticloadbalancing', 'default'),
      delete: {
        run: (arn) => elb.deleteTargetGroup(arn),
        readBack: (arn) => goneRead(elb.describeTargetGroups([arn]), { targetGroupArn: arn, state: 'deleted' }),
      },
    },
  });
}
