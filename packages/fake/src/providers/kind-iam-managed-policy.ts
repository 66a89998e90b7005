import { okAsync } from '@decomkit/core';
import type { FakeIam, PolicyEntities } from '../source/iam.js';
import { AWS_TYPES } from '../source/resource-types.js';
import { iamKind, iamRefusal } from './iam-kind.js';
import type { ResourceKind } from './resource-kind.js';

/** Users and groups the policy is attached to: decomkit never retires them, so they keep it. */
const outside = (entities: PolicyEntities) => [
  ...entities.users.map((user) => `user ${user}`),
  ...entities.groups.map((group) => `group ${group}`),
];

/**
 * Customer-managed IAM policies, as the AWS provider treats them: listed
 * through IAM, global. A policy depends on the roles it is attached to (each
 * detaches it when deleted; a role that stays keeps it); attached to a user
 * or group it is a retire blocker naming them. The delete refuses (Conflict,
 * nothing sent) a policy still attached to anything, deletes its
 * non-default versions, then the policy.
 */
export function managedPolicyKind(iam: FakeIam): ResourceKind {
  return iamKind(iam, {
    type: AWS_TYPES.managedPolicy,
    list: 'managedPolicies',
    prefix: 'policy',
    idKey: 'policy',
    holds: (policy) =>
      iam.entitiesOfPolicy(policy.arn).map((entities) => {
        const holders = outside(entities);
        return {
          dependsOn: entities.roles,
          blockers:
            holders.length === 0
              ? []
              : [
                  {
                    code: 'iam-policy-attached-outside',
                    message: `${policy.arn} is attached to ${holders.join(', ')}, which decomkit does not retire: not touched`,
                  },
                ],
        };
      }),
    release: (policy) =>
      iam.entitiesOfPolicy(policy.arn).andThen((entities) => {
        const attached = [...entities.roles.map((role) => `role ${role}`), ...outside(entities)];
        if (attached.length > 0)
          return iamRefusal('iam:DeletePolicy', policy.arn, `attached to ${attached.join(', ')}`);
        return policy.versions.length <= 1 ? okAsync(undefined) : iam.deleteOtherVersions(policy.arn);
      }),
  });
}
