import {
  DeletePolicyCommand,
  DeletePolicyVersionCommand,
  GetPolicyCommand,
  GetRoleCommand,
  type ListEntitiesForPolicyResponse,
  type Policy,
  paginateListEntitiesForPolicy,
  paginateListPolicies,
  paginateListPolicyVersions,
} from '@aws-sdk/client-iam';
import type { DecomError, Resource, ResultAsync } from '@decomkit/core';
import { decomError, errAsync, okAsync } from '@decomkit/core';
import type { Place } from '../arns.js';
import { awsCall } from '../aws-call.js';
import type { AwsClients } from '../clients.js';
import { onTarget } from '../permissions/iam-grant.js';
import { listAll } from './declared-calls.js';
import { defineAwsResourceType } from './define-resource-type.js';
import {
  describeIam,
  discoverIamByTags,
  iamArn,
  iamIdOf,
  iamRefusal,
  iamResource,
  inSequence,
  orGone,
} from './iam-calls.js';
import { claimsOn, goneRead, limited, placeOf, simpleHandler, tagRecord } from './resource-type.js';

const TYPE = 'AWS::IAM::ManagedPolicy';
const claims = claimsOn('iam', 'default');

/**
 * The path and name of a customer-managed policy ARN
 * (`arn:aws:iam::<account>:policy/<path/><name>`), or null: an AWS-managed
 * policy (`arn:aws:iam::aws:policy/…`) is not one.
 */
export const iamPolicyIdOf = (arn: string): string | null => iamIdOf(arn, 'policy', true);

const policyArn = (place: Place, id: string) => iamArn(place, 'policy', id);

/** GetPolicy: the policy, or null when it does not exist. */
function getPolicy(clients: AwsClients, arn: string): ResultAsync<Policy | null, DecomError> {
  return orGone(
    awsCall({ operation: 'iam:GetPolicy', resource: arn }, () =>
      clients.get('iam', '').send(new GetPolicyCommand({ PolicyArn: arn })),
    ).map((output) => output.Policy ?? null),
  );
}

type Entities = Required<Pick<ListEntitiesForPolicyResponse, 'PolicyRoles' | 'PolicyUsers' | 'PolicyGroups'>>;

/** The roles, users and groups the policy is attached to. */
function entitiesOf(clients: AwsClients, arn: string): ResultAsync<Entities, DecomError> {
  return listAll(
    'iam:ListEntitiesForPolicy',
    () => paginateListEntitiesForPolicy({ client: clients.get('iam', '') }, { PolicyArn: arn }),
    (page) => [page],
  ).map((pages) => ({
    PolicyRoles: pages.flatMap((page) => page.PolicyRoles ?? []),
    PolicyUsers: pages.flatMap((page) => page.PolicyUsers ?? []),
    PolicyGroups: pages.flatMap((page) => page.PolicyGroups ?? []),
  }));
}

/** Users and groups the policy is attached to: decomkit never retires them, so they keep it. */
const outsideHolders = (entities: Entities) => [
  ...entities.PolicyUsers.flatMap((user) => (user.UserName === undefined ? [] : [`user ${user.UserName}`])),
  ...entities.PolicyGroups.flatMap((group) => (group.GroupName === undefined ? [] : [`group ${group.GroupName}`])),
];

function describePolicy(clients: AwsClients, place: Place, id: string): ResultAsync<Resource | null, DecomError> {
  const arn = policyArn(place, id);
  return getPolicy(clients, arn).andThen((policy) => {
    if (policy === null) return okAsync(null);
    return entitiesOf(clients, arn).andThen((entities) =>
      // The roles it is attached to, by ARN (their paths): each lets go of it when deleted, so it goes after them.
      limited(entities.PolicyRoles, 4, (role) =>
        orGone(
          awsCall({ operation: 'iam:GetRole', resource: role.RoleName ?? '' }, () =>
            clients.get('iam', '').send(new GetRoleCommand({ RoleName: role.RoleName })),
          ).map((output) => output.Role?.Arn ?? null),
        ),
      ).map((roles) => {
        const holders = outsideHolders(entities);
        return iamResource(place, {
          arn,
          type: TYPE,
          name: policy.PolicyName ?? id,
          tags: tagRecord(policy.Tags),
          dependsOn: roles.filter((role): role is string => role !== null),
          retireBlockers:
            holders.length === 0
              ? []
              : [
                  {
                    code: 'iam-policy-attached-outside',
                    message: `${arn} is attached to ${holders.join(', ')}, which decomkit does not retire: not touched`,
                  },
                ],
        });
      }),
    );
  });
}

/**
 * Customer-managed IAM policies (global). Discovered by their tags
 * (ListPolicies with scope `Local`, GetPolicy); AWS-managed policies are no
 * policy of this type (their ARNs are the `aws` account's) and never
 * touched. Not stoppable, no data. A policy is deleted after the roles it is
 * attached to (its `dependsOn`: each role detaches it when deleted, and a
 * role that stays keeps it); attached to a user or group it is a blocking
 * finding naming them. The delete refuses (Conflict, nothing sent) a policy
 * still attached to anything, deletes its non-default versions, then the
 * policy.
 *
 * @example
 * ```ts
 * const providers = awsSource({ region: 'eu-west-1', resourceTypes: [...AWS_RESOURCE_TYPES] }); // IAM_MANAGED_POLICY among them
 * ```
 */
export const IAM_MANAGED_POLICY = defineAwsResourceType({
  iam: {
    read: ['iam:GetPolicy', 'iam:ListPolicies', 'iam:ListEntitiesForPolicy', 'iam:ListPolicyVersions', 'iam:GetRole'],
    delete: [onTarget('iam:DeletePolicyVersion', 'iam:DeletePolicy')],
  },
  type: TYPE,
  arnShape: { service: 'iam', prefix: 'policy/' },
  // AWS Config records it as AWS::IAM::Policy, under its name (in the region that records global resources).
  config: { pattern: /^policy\/(?:[\w+=,.@-]+\/)*([\w+=,.@-]+)$/, lookup: 'name', type: 'AWS::IAM::Policy' },
  idOf: iamPolicyIdOf,
  arnOf: policyArn,
  // CloudFormation's physical id of a managed policy is its ARN.
  arnOfPhysicalId: (place, physicalId) => (physicalId.startsWith('arn:') ? physicalId : policyArn(place, physicalId)),
  describeMany: (clients, place, ids) => describeIam(ids, (id) => describePolicy(clients, place, id)),
  discoverByTags: (clients, place, tags) =>
    discoverIamByTags(
      listAll(
        'iam:ListPolicies',
        () => paginateListPolicies({ client: clients.get('iam', '') }, { Scope: 'Local' }),
        (page) => page.Policies,
      ).map((policies) => policies.flatMap((policy) => iamPolicyIdOf(policy.Arn ?? '') ?? [])),
      (ids) => describeIam(ids, (id) => describePolicy(clients, place, id)),
      tags,
    ),
  delete: (clients) => {
    const iam = clients.get('iam', '');
    const result = (id: string) => ({ policy: id, state: 'deleted' });
    return simpleHandler({
      type: { type: TYPE, idOf: iamPolicyIdOf },
      claims,
      goneIsDone: true,
      run: (id, action, signal) => {
        const arn = policyArn(placeOf(action), id);
        const resource = action.target.arn ?? arn;
        return getPolicy(clients, arn)
          .andThen((policy) =>
            policy === null
              ? errAsync(decomError.notFound({ message: `iam:DeletePolicy: ${resource} does not exist`, resource }))
              : entitiesOf(clients, arn),
          )
          .andThen((entities) => {
            const attached = [
              ...entities.PolicyRoles.flatMap((role) => (role.RoleName === undefined ? [] : [`role ${role.RoleName}`])),
              ...outsideHolders(entities),
            ];
            if (attached.length > 0)
              return iamRefusal('iam:DeletePolicy', resource, `attached to ${attached.join(', ')}`);
            return listAll(
              'iam:ListPolicyVersions',
              () => paginateListPolicyVersions({ client: iam }, { PolicyArn: arn }),
              (page) => page.Versions,
            );
          })
          .andThen((versions) =>
            inSequence(
              versions.flatMap((version) => (version.IsDefaultVersion === true ? [] : (version.VersionId ?? []))),
              (version) =>
                awsCall({ operation: 'iam:DeletePolicyVersion', resource, signal }, (options) =>
                  iam.send(new DeletePolicyVersionCommand({ PolicyArn: arn, VersionId: version }), options),
                ),
            ),
          )
          .andThen(() =>
            awsCall({ operation: 'iam:DeletePolicy', resource, signal }, (options) =>
              iam.send(new DeletePolicyCommand({ PolicyArn: arn }), options),
            ),
          )
          .map(() => result(id));
      },
      readBack: (id, action) =>
        goneRead(
          getPolicy(clients, policyArn(placeOf(action), id)).map((policy) => policy !== null),
          result(id),
        ),
    });
  },
});
