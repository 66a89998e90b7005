import { type DependentsContext, principalOf } from './dependent-check.js';
import type { AllowStatement } from './policy-statements.js';

/**
 * Who outside the workload a resource policy statement lets in, as the
 * dependents to report: another account, any principal (`*`), an IAM role or
 * user of this account that is not in scope, or an AWS service acting for
 * a resource out of scope (its `aws:SourceArn`) or for no named resource.
 * The account's own root is not one: it delegates to IAM, whose policies the
 * `identity-policy` check reads. Nor is decomkit's own principal.
 *
 * @example
 * ```ts
 * outsidePrincipals({ principals: ['444455556666'], sources: [], ... }, context); // ['444455556666']
 * ```
 */
export function outsidePrincipals(
  statement: AllowStatement,
  context: Pick<DependentsContext, 'accountId' | 'callerArn' | 'inScope'>,
): string[] {
  const ownRoot = new Set([context.accountId, `arn:aws:iam::${context.accountId}:root`]);
  const inside = (principal: string) =>
    ownRoot.has(principal) || context.inScope.has(principal) || principal === context.callerArn;
  const outsideSources = statement.sources.filter((source) => !inside(source));
  const outside: string[] = [];
  for (const principal of statement.principals) {
    const service = /\.amazonaws\.com(\.cn)?$/.test(principal);
    if (service || principal === '*') {
      // Acting only for sources inside the workload (or this account as a whole, for a service) is no dependency.
      if (statement.sources.length > 0 && outsideSources.length === 0) continue;
      outside.push(...(outsideSources.length > 0 ? outsideSources : [principal]));
    } else if (!inside(principal) && !inside(principalOf(principal))) {
      outside.push(principal);
    }
  }
  return [...new Set(outside)];
}
