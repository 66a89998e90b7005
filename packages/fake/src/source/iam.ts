import { type DecomError, err, ok, type Result, type ResultAsync } from '@decomkit/core';
import type { FakeWorld } from '../world.js';
import { awsError } from './aws-errors.js';
import type { FakeIamRole, FakeInstanceProfile, FakeManagedPolicy, KmsIamLists } from './kms-iam-types.js';

/** A list of {@link FakeIam}. */
export type IamList = 'iamRoles' | 'instanceProfiles' | 'managedPolicies';

/** The record of one of those lists. */
export type IamRecord<List extends IamList> = {
  iamRoles: FakeIamRole;
  instanceProfiles: FakeInstanceProfile;
  managedPolicies: FakeManagedPolicy;
}[List];

/** The get and list calls of each list. */
const CALLS: Readonly<Record<IamList, { readonly get: string; readonly list: string }>> = {
  iamRoles: { get: 'GetRole', list: 'ListRoles' },
  instanceProfiles: { get: 'GetInstanceProfile', list: 'ListInstanceProfiles' },
  managedPolicies: { get: 'GetPolicy', list: 'ListPolicies' },
};

/** Where a customer-managed policy is attached: the roles (by ARN), users and groups. */
export interface PolicyEntities {
  readonly roles: string[];
  readonly users: string[];
  readonly groups: string[];
}

/**
 * The fake IAM control plane (global), addressed by ARN, with AWS's rules:
 * DeleteRole is refused (`DeleteConflict`) while the role is in an instance
 * profile or has policies attached or inline; DeleteInstanceProfile while it
 * holds a role; DeletePolicy while it is attached to anything or has
 * versions besides the default. The instances a profile serves are read as
 * EC2's DescribeIamInstanceProfileAssociations does: a terminated instance
 * no longer is associated.
 */
export class FakeIam {
  constructor(private readonly world: FakeWorld) {}

  /** GetRole, GetInstanceProfile or GetPolicy: `NoSuchEntity` when there is none. */
  get<List extends IamList>(list: List, arn: string): ResultAsync<IamRecord<List>, DecomError> {
    return this.world.call('iam', CALLS[list].get, false, arn, () =>
      this.find(list, arn).map((found) => structuredClone(found)),
    );
  }

  /** ListRoles, ListInstanceProfiles or ListPolicies (scope `Local`): every entity of the account. */
  list<List extends IamList>(list: List): ResultAsync<IamRecord<List>[], DecomError> {
    return this.world.call('iam', CALLS[list].list, false, null, () =>
      ok((this.world.state[list] as IamRecord<List>[]).map((found) => structuredClone(found))),
    );
  }

  /** ListInstanceProfilesForRole: the ARNs of the profiles holding the role. */
  profilesOfRole(roleArn: string): ResultAsync<string[], DecomError> {
    return this.world.call('iam', 'ListInstanceProfilesForRole', false, roleArn, () =>
      this.find('iamRoles', roleArn).map((role) => this.profilesHolding(role).map((profile) => profile.arn)),
    );
  }

  /** ListEntitiesForPolicy. */
  entitiesOfPolicy(policyArn: string): ResultAsync<PolicyEntities, DecomError> {
    return this.world.call('iam', 'ListEntitiesForPolicy', false, policyArn, () =>
      this.find('managedPolicies', policyArn).map((policy) => this.entities(policy)),
    );
  }

  /** DescribeIamInstanceProfileAssociations (every region): the ARNs of the live instances the profile serves. */
  instancesOfProfile(profileArn: string): ResultAsync<string[], DecomError> {
    return this.world.call('ec2', 'DescribeIamInstanceProfileAssociations', false, profileArn, () =>
      this.find('instanceProfiles', profileArn).map((profile) =>
        this.world.state.instances
          .filter((instance) => profile.instanceIds.includes(instance.id) && instance.state !== 'terminated')
          .map((instance) => instance.arn),
      ),
    );
  }

  /** DeleteRolePolicy of every inline policy, then DetachRolePolicy of every managed one (the policies stay). */
  releasePolicies(roleArn: string): ResultAsync<{ arn: string }, DecomError> {
    return this.world.call('iam', 'DetachRolePolicy', true, roleArn, () =>
      this.find('iamRoles', roleArn).map((role) => {
        role.inlinePolicies = [];
        role.attachedPolicies = [];
        return { arn: roleArn };
      }),
    );
  }

  /** RemoveRoleFromInstanceProfile of every role it holds (the roles stay). */
  removeRoles(profileArn: string): ResultAsync<{ arn: string }, DecomError> {
    return this.world.call('iam', 'RemoveRoleFromInstanceProfile', true, profileArn, () =>
      this.find('instanceProfiles', profileArn).map((profile) => {
        profile.roles = [];
        return { arn: profileArn };
      }),
    );
  }

  /** DeletePolicyVersion of every version but the default. */
  deleteOtherVersions(policyArn: string): ResultAsync<{ arn: string }, DecomError> {
    return this.world.call('iam', 'DeletePolicyVersion', true, policyArn, () =>
      this.find('managedPolicies', policyArn).map((policy) => {
        policy.versions = policy.versions.filter((version) => version === 'v1');
        return { arn: policyArn };
      }),
    );
  }

  /** DeleteRole, DeleteInstanceProfile or DeletePolicy, refused (`DeleteConflict`) while anything is attached. */
  delete(list: IamList, arn: string): ResultAsync<{ arn: string }, DecomError> {
    const operation = {
      iamRoles: 'DeleteRole',
      instanceProfiles: 'DeleteInstanceProfile',
      managedPolicies: 'DeletePolicy',
    }[list];
    return this.world.call('iam', operation, true, arn, () =>
      this.find(list, arn).andThen((found): Result<{ arn: string }, DecomError> => {
        const held = this.holders(list, found);
        if (held.length > 0)
          return err(awsError.conflict('DeleteConflict', `${arn} still has ${held.join(', ')}`, arn));
        const lists = this.world.state as unknown as Record<IamList, { arn: string }[]>;
        lists[list] = lists[list].filter((candidate) => candidate !== found);
        return ok({ arn });
      }),
    );
  }

  private holders(list: IamList, found: IamRecord<IamList>): string[] {
    if (list === 'iamRoles') {
      const role = found as FakeIamRole;
      return [
        ...this.profilesHolding(role).map((profile) => `instance profile ${profile.arn}`),
        ...role.attachedPolicies.map((policy) => `policy ${policy}`),
        ...role.inlinePolicies.map((policy) => `inline policy ${policy}`),
      ];
    }
    if (list === 'instanceProfiles') return (found as FakeInstanceProfile).roles.map((role) => `role ${role}`);
    const policy = found as FakeManagedPolicy;
    const entities = this.entities(policy);
    return [
      ...entities.roles.map((role) => `role ${role}`),
      ...entities.users.map((user) => `user ${user}`),
      ...entities.groups.map((group) => `group ${group}`),
      ...policy.versions.filter((version) => version !== 'v1').map((version) => `version ${version}`),
    ];
  }

  private profilesHolding(role: FakeIamRole): FakeInstanceProfile[] {
    return this.world.state.instanceProfiles.filter(
      (profile) => profile.accountId === role.accountId && profile.roles.includes(role.roleName),
    );
  }

  private entities(policy: FakeManagedPolicy): PolicyEntities {
    return {
      roles: this.world.state.iamRoles
        .filter((role) => role.attachedPolicies.includes(policy.arn))
        .map((role) => role.arn),
      users: [...policy.users],
      groups: [...policy.groups],
    };
  }

  private find<List extends IamList>(list: List, arn: string): Result<IamRecord<List>, DecomError> {
    const records = (this.world.state as KmsIamLists)[list] as IamRecord<List>[];
    const found = records.find((candidate) => candidate.arn === arn);
    return found === undefined ? err(awsError.notFound('NoSuchEntity', `${arn} does not exist`, arn)) : ok(found);
  }
}
