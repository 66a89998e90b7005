import {
  DeleteRoleCommand,
  DeleteRolePolicyCommand,
  DetachRolePolicyCommand,
  GetRoleCommand,
  paginateListAttachedRolePolicies,
  paginateListInstanceProfilesForRole,
  paginateListRolePolicies,
  paginateListRoles,
  type Role,
} from '@aws-sdk/client-iam';
import type { DecomError, Resource, ResultAsync } from '@decomkit/core';
import { decomError, errAsync, okAsync } from '@decomkit/core';
import type { Place } from '../arns.js';
import { awsCall, type CallOptions } from '../aws-call.js';
import type { AwsClients } from '../clients.js';
import { onTarget } from '../permissions/iam-grant.js';
import { listAll } from './declared-calls.js';
import { defineAwsResourceType } from './define-resource-type.js';
import {
  awsOwnedPath,
  describeIam,
  discoverIamByTags,
  IAM_USE_READS,
  iamArn,
  iamIdOf,
  iamRefusal,
  iamResource,
  inSequence,
  orGone,
} from './iam-calls.js';
import { claimsOn, goneRead, placeOf, simpleHandler, tagRecord } from './resource-type.js';

const TYPE = 'AWS::IAM::Role';
const claims = claimsOn('iam', 'default');

/** The role name of an IAM role ARN (`arn:aws:iam::<account>:role/<path/><name>`), or null. */
export const iamRoleNameOf = (arn: string): string | null => iamIdOf(arn, 'role');

/** GetRole: the role, or null when it does not exist. */
function getRole(clients: AwsClients, name: string): ResultAsync<Role | null, DecomError> {
  return orGone(
    awsCall({ operation: 'iam:GetRole', resource: name }, () =>
      clients.get('iam', '').send(new GetRoleCommand({ RoleName: name })),
    ).map((output) => output.Role ?? null),
  );
}

/** The instance profiles (ARNs) that hold the role. */
function profilesOf(clients: AwsClients, name: string): ResultAsync<string[], DecomError> {
  return listAll(
    'iam:ListInstanceProfilesForRole',
    () => paginateListInstanceProfilesForRole({ client: clients.get('iam', '') }, { RoleName: name }),
    (page) => page.InstanceProfiles,
  ).map((profiles) => profiles.flatMap((profile) => profile.Arn ?? []));
}

function describeRole(clients: AwsClients, place: Place, name: string): ResultAsync<Resource | null, DecomError> {
  return getRole(clients, name).andThen((role) =>
    role === null
      ? okAsync(null)
      : profilesOf(clients, name).map((profiles) => {
          const arn = role.Arn ?? iamArn(place, 'role', name);
          return iamResource(place, {
            arn,
            type: TYPE,
            name,
            tags: tagRecord(role.Tags),
            // Its instance profiles let go of it first; one that stays keeps it.
            dependsOn: profiles,
            retireBlockers: awsOwnedPath(role.Path)
              ? [{ code: 'iam-aws-owned-role', message: `${arn} is AWS's own (path ${role.Path}): never touched` }]
              : [],
          });
        }),
  );
}

/**
 * IAM roles of the workload's account (global: their ARNs name no region).
 * Discovered by their tags (ListRoles, GetRole: the tagging API does not
 * list IAM). Not stoppable, no data. A role is deleted after the instance
 * profiles that hold it (its `dependsOn`: a profile that stays, out of scope
 * or used by an instance that stays, keeps the role); the delete refuses
 * (Conflict, nothing sent) a role still in a profile, then deletes its
 * inline policies, detaches its managed policies (the policies themselves
 * are untouched) and deletes it. Service-linked roles and IAM Identity
 * Center roles (paths `/aws-service-role/`, `/aws-reserved/`) are never
 * touched (a blocking finding, Conflict at delete).
 *
 * @example
 * ```ts
 * const providers = awsSource({ region: 'eu-west-1', resourceTypes: [...AWS_RESOURCE_TYPES] }); // IAM_ROLE among them
 * ```
 */
export const IAM_ROLE = defineAwsResourceType({
  iam: {
    read: [
      'iam:GetRole',
      'iam:ListRoles',
      'iam:ListAttachedRolePolicies',
      'iam:ListInstanceProfilesForRole',
      'iam:ListRolePolicies',
      ...IAM_USE_READS,
    ],
    delete: [onTarget('iam:DetachRolePolicy', 'iam:DeleteRolePolicy', 'iam:DeleteRole')],
  },
  type: TYPE,
  arnShape: { service: 'iam', prefix: 'role/' },
  // AWS Config records it under its name (in the region that records global resources).
  config: { pattern: /^role\/(?:[\w+=,.@-]+\/)*([\w+=,.@-]+)$/, lookup: 'name' },
  idOf: iamRoleNameOf,
  arnOf: (place, name) => iamArn(place, 'role', name),
  describeMany: (clients, place, names) => describeIam(names, (name) => describeRole(clients, place, name)),
  discoverByTags: (clients, place, tags) =>
    discoverIamByTags(
      listAll(
        'iam:ListRoles',
        () => paginateListRoles({ client: clients.get('iam', '') }, {}),
        (page) => page.Roles,
      ).map((roles) => roles.flatMap((role) => (awsOwnedPath(role.Path) ? [] : (role.RoleName ?? [])))),
      (names) => describeIam(names, (name) => describeRole(clients, place, name)),
      tags,
    ),
  delete: (clients) => {
    const iam = clients.get('iam', '');
    const result = (name: string) => ({ roleName: name, state: 'deleted' });
    return simpleHandler({
      type: { type: TYPE, idOf: iamRoleNameOf },
      claims,
      goneIsDone: true,
      run: (name, action, signal) => {
        const resource = action.target.arn ?? iamArn(placeOf(action), 'role', name);
        const call = (operation: string, send: (options: CallOptions) => Promise<unknown>) =>
          awsCall({ operation, resource, signal }, send);
        return getRole(clients, name)
          .andThen((role) => {
            if (role === null) {
              return errAsync(decomError.notFound({ message: `iam:DeleteRole: ${resource} does not exist`, resource }));
            }
            if (awsOwnedPath(role.Path)) return iamRefusal('iam:DeleteRole', resource, `AWS's own role (${role.Path})`);
            return profilesOf(clients, name);
          })
          .andThen((profiles) =>
            profiles.length > 0
              ? iamRefusal('iam:DeleteRole', resource, `still in instance profiles ${profiles.join(', ')}`)
              : listAll(
                  'iam:ListRolePolicies',
                  () => paginateListRolePolicies({ client: iam }, { RoleName: name }),
                  (page) => page.PolicyNames,
                ),
          )
          .andThen((inline) =>
            inSequence(inline, (policy) =>
              call('iam:DeleteRolePolicy', (options) =>
                iam.send(new DeleteRolePolicyCommand({ RoleName: name, PolicyName: policy }), options),
              ),
            ),
          )
          .andThen(() =>
            listAll(
              'iam:ListAttachedRolePolicies',
              () => paginateListAttachedRolePolicies({ client: iam }, { RoleName: name }),
              (page) => page.AttachedPolicies,
            ),
          )
          .andThen((attached) =>
            inSequence(
              attached.flatMap((policy) => policy.PolicyArn ?? []),
              (policyArn) =>
                call('iam:DetachRolePolicy', (options) =>
                  iam.send(new DetachRolePolicyCommand({ RoleName: name, PolicyArn: policyArn }), options),
                ),
            ),
          )
          .andThen(() =>
            call('iam:DeleteRole', (options) => iam.send(new DeleteRoleCommand({ RoleName: name }), options)),
          )
          .map(() => result(name));
      },
      readBack: (name) =>
        goneRead(
          getRole(clients, name).map((role) => role !== null),
          result(name),
        ),
    });
  },
});
