import { type DecomError, errAsync, okAsync, type Resource, ResultAsync } from '@decomkit/core';
import { ec2Arn } from '../source/arns.js';
import type { FakeEc2Network } from '../source/ec2-network.js';
import { AWS_TYPES } from '../source/resource-types.js';
import type { FakeSecurityGroup } from '../source/source-types.js';
import { defineFakeResourceKind } from './define-fake-resource-kind.js';
import { claimsOn, goneRead, pagesOf, type ResourceKind } from './resource-kind.js';
import { ec2IdOf, recordResource } from './resource-kind-parts.js';

/**
 * Security groups: depend on the live instances and load balancers using them
 * and on groups whose rules reference them. Delete is DeleteSecurityGroup
 * (`DependencyViolation` while anything still uses it).
 */
export function securityGroupKind(network: FakeEc2Network): ResourceKind {
  const toResources = (groups: FakeSecurityGroup[]): ResultAsync<Resource[], DecomError> =>
    ResultAsync.combine(
      groups.map((group) =>
        network.securityGroupUse(group.id).map((use) =>
          recordResource(AWS_TYPES.securityGroup, group, {
            name: group.name ?? group.groupName,
            state: 'available',
            dependsOn: [
              ...use.instanceIds.map((id) => ec2Arn(group, 'instance', id)),
              ...use.loadBalancerArns,
              ...use.referencingGroupIds.map((id) => ec2Arn(group, 'security-group', id)),
            ],
          }),
        ),
      ),
    );
  return defineFakeResourceKind({
    type: AWS_TYPES.securityGroup,
    idOf: ec2IdOf('security-group'),
    list: (region) => pagesOf((token) => network.describeSecurityGroupsPage(region, token), toResources),
    describe: (_arn, id) =>
      network
        .describeSecurityGroups([id])
        .andThen(toResources)
        .map((found): Resource | null => found[0] ?? null)
        .orElse((error) => (error.code === 'NotFound' ? okAsync(null) : errAsync(error))),
    retire: {
      claims: claimsOn('ec2', 'mutating'),
      delete: {
        run: (id) => network.deleteSecurityGroup(id),
        readBack: (id) => goneRead(network.describeSecurityGroups([id]), { groupId: id, state: 'deleted' }),
      },
    },
  });
}
