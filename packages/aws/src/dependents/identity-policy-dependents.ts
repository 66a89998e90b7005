import { type ManagedPolicyDetail, paginateGetAccountAuthorizationDetails } from '@aws-sdk/client-iam';
import { decomError, type HiddenDependency } from '@decomkit/core';
import { listAll } from '../resources/declared-calls.js';
import { type DependentCheck, found, unchecked } from './dependent-check.js';
import { allowStatements, specificGrant } from './policy-statements.js';

/** A principal of the account and the policy documents it holds (inline, and the customer-managed ones attached). */
interface HeldPolicy {
  readonly principal: string;
  readonly policyName: string;
  readonly document: string | undefined;
}

/** One page of GetAccountAuthorizationDetails, reduced to what this check reads. */
interface AuthorizationPage {
  readonly users: HeldPolicy[];
  readonly roles: HeldPolicy[];
  readonly groups: HeldPolicy[];
  readonly policies: ManagedPolicyDetail[];
  readonly attached: { principal: string; policyArn: string }[];
}

/**
 * `identity-policy`: every IAM user, group and role of the account with its
 * inline policies and attached customer-managed policies, in one paginated
 * GetAccountAuthorizationDetails; a principal out of scope whose `Allow`
 * statement names an in-scope resource specifically (not `*`: see
 * {@link specificGrant}) is a dependent. AWS-managed policies grant by
 * service, never a workload's resource, and are not read. If IAM cannot be
 * read, every resource is unchecked.
 */
export const identityPolicyDependents: DependentCheck = async (context) => {
  const pages = await listAll(
    'iam:GetAccountAuthorizationDetails',
    () => paginateGetAccountAuthorizationDetails({ client: context.clients.get('iam', 'us-east-1') }, {}),
    (page): AuthorizationPage[] => {
      const attached: { principal: string; policyArn: string }[] = [];
      const held = <Detail extends { Arn?: string }>(
        details: readonly Detail[] | undefined,
        inline: (detail: Detail) => readonly { PolicyName?: string; PolicyDocument?: string }[] | undefined,
        managed: (detail: Detail) => readonly { PolicyArn?: string }[] | undefined,
      ): HeldPolicy[] =>
        (details ?? []).flatMap((detail) => {
          const principal = detail.Arn ?? '';
          for (const policy of managed(detail) ?? []) attached.push({ principal, policyArn: policy.PolicyArn ?? '' });
          return (inline(detail) ?? []).map((policy) => ({
            principal,
            policyName: policy.PolicyName ?? '',
            document: policy.PolicyDocument,
          }));
        });
      return [
        {
          users: held(
            page.UserDetailList,
            (user) => user.UserPolicyList,
            (user) => user.AttachedManagedPolicies,
          ),
          roles: held(
            page.RoleDetailList,
            (role) => role.RolePolicyList,
            (role) => role.AttachedManagedPolicies,
          ),
          groups: held(
            page.GroupDetailList,
            (group) => group.GroupPolicyList,
            (group) => group.AttachedManagedPolicies,
          ),
          policies: [...(page.Policies ?? [])],
          attached,
        },
      ];
    },
  );
  if (pages.isErr()) return unchecked('identity-policy', pages.error, context.resources);
  const managed = new Map<string, { name: string; document: string | undefined }>();
  for (const policy of pages.value.flatMap((page) => page.policies)) {
    const current = policy.PolicyVersionList?.find((version) => version.IsDefaultVersion === true);
    managed.set(policy.Arn ?? '', { name: policy.PolicyName ?? '', document: current?.Document });
  }
  const held: HeldPolicy[] = pages.value.flatMap((page) => [
    ...page.users,
    ...page.roles,
    ...page.groups,
    ...page.attached.flatMap(({ principal, policyArn }) => {
      const policy = managed.get(policyArn);
      return policy === undefined ? [] : [{ principal, policyName: policy.name, document: policy.document }];
    }),
  ]);
  const dependencies: HiddenDependency[] = [];
  for (const { principal, policyName, document } of held) {
    if (context.inScope.has(principal) || principal === context.callerArn) continue;
    const statements = allowStatements(document ?? '');
    if (statements === null) {
      // A policy that cannot be read might grant anything: nothing is proven free of it.
      const reason = `iam:GetAccountAuthorizationDetails: the policy ${policyName} of ${principal} is not a policy document`;
      return unchecked('identity-policy', decomError.invalidInput(reason), context.resources);
    }
    for (const statement of statements) {
      for (const pattern of statement.resources) {
        const grants = specificGrant(pattern);
        for (const resource of context.resources) {
          if (!grants(resource.arn)) continue;
          dependencies.push({
            resource: resource.arn,
            check: 'identity-policy',
            dependent: principal,
            evidence: `its policy ${policyName} allows ${statement.actions.join(', ')} on ${pattern}`,
          });
        }
      }
    }
  }
  return found(dependencies);
};
