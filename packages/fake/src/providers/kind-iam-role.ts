import { okAsync } from '@decomkit/core';
import type { FakeIam } from '../source/iam.js';
import { AWS_TYPES } from '../source/resource-types.js';
import { iamKind, iamRefusal } from './iam-kind.js';
import type { ResourceKind } from './resource-kind.js';

/** Whether a path is AWS's own (service-linked roles, IAM Identity Center roles): never touched. */
const awsOwned = (path: string) => /^\/(aws-service-role|aws-reserved)\//.test(path);

/**
 * IAM roles, as the AWS provider treats them: listed through IAM, global.
 * A role depends on the instance profiles that hold it (a profile that
 * stays, out of scope or used by an instance that stays, keeps it); the
 * delete refuses (Conflict, nothing sent) a role still in a profile, then
 * deletes its inline policies, detaches its managed ones (the policies stay)
 * and deletes it. Service-linked and IAM Identity Center roles are a retire
 * blocker, refused at delete.
 */
export function iamRoleKind(iam: FakeIam): ResourceKind {
  return iamKind(iam, {
    type: AWS_TYPES.iamRole,
    list: 'iamRoles',
    prefix: 'role',
    idKey: 'roleName',
    holds: (role) =>
      iam.profilesOfRole(role.arn).map((profiles) => ({
        dependsOn: profiles,
        blockers: awsOwned(role.path)
          ? [{ code: 'iam-aws-owned-role', message: `${role.arn} is AWS's own (path ${role.path}): never touched` }]
          : [],
      })),
    release: (role) => {
      if (awsOwned(role.path)) return iamRefusal('iam:DeleteRole', role.arn, `AWS's own role (${role.path})`);
      return iam.profilesOfRole(role.arn).andThen((profiles) => {
        if (profiles.length > 0)
          return iamRefusal('iam:DeleteRole', role.arn, `still in instance profiles ${profiles.join(', ')}`);
        const held = role.attachedPolicies.length + role.inlinePolicies.length;
        return held === 0 ? okAsync(undefined) : iam.releasePolicies(role.arn);
      });
    },
  });
}
