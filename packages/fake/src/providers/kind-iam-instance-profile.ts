import { okAsync } from '@decomkit/core';
import type { FakeIam } from '../source/iam.js';
import { AWS_TYPES } from '../source/resource-types.js';
import { iamKind, iamRefusal } from './iam-kind.js';
import type { ResourceKind } from './resource-kind.js';

/**
 * IAM instance profiles, as the AWS provider treats them: listed through
 * IAM, global. A profile depends on every EC2 instance associated with it
 * (an instance that stays keeps it); the delete refuses (Conflict, nothing
 * sent) a profile still associated with an instance, removes its roles
 * (the roles stay: each is retired by its own action, after the profile)
 * and deletes it.
 */
export function instanceProfileKind(iam: FakeIam): ResourceKind {
  return iamKind(iam, {
    type: AWS_TYPES.instanceProfile,
    list: 'instanceProfiles',
    prefix: 'instance-profile',
    idKey: 'instanceProfileName',
    holds: (profile) =>
      iam.instancesOfProfile(profile.arn).map((instances) => ({ dependsOn: instances, blockers: [] })),
    release: (profile) =>
      iam.instancesOfProfile(profile.arn).andThen((instances) => {
        if (instances.length > 0)
          return iamRefusal('iam:DeleteInstanceProfile', profile.arn, `still associated with ${instances.join(', ')}`);
        return profile.roles.length === 0 ? okAsync(undefined) : iam.removeRoles(profile.arn);
      }),
  });
}
