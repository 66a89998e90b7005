import { type ResourceScope, STACK_NAME_TAG } from './resource.js';

/** The type name of a CloudFormation stack. */
const STACK_TYPE = 'AWS::CloudFormation::Stack';

import { carriesEveryTag, tagValue } from './tags.js';
import type { Workload } from './workload-schema.js';

/** Whether a resource is in the workload's scope, and if not, why. */
export type ScopeDecision = { readonly inScope: true } | { readonly inScope: false; readonly reason: string };

/**
 * Decides scope from the resource alone (fail closed): the account and region
 * must be the workload's (a global resource, region `''` as IAM's, is in every
 * region), and the resource must be named explicitly by ARN, or carry every
 * selector tag, or belong to (or be) a selected CloudFormation stack.
 * A resource whose tags could not be read is in scope only by explicit ARN.
 */
export function decideScope(resource: ResourceScope, source: Workload['source']): ScopeDecision {
  if (resource.accountId !== source.accountId) {
    return { inScope: false, reason: `${resource.arn} is in account ${resource.accountId}, not ${source.accountId}` };
  }
  if (!inSourceRegions(resource, source)) {
    return {
      inScope: false,
      reason: `${resource.arn} is in region ${resource.region}, outside ${source.regions.join(', ')}`,
    };
  }
  const { tags, stacks, arns } = source.select;
  if (arns?.includes(resource.arn)) return { inScope: true };
  if (resource.tags === null) return { inScope: false, reason: `the tags of ${resource.arn} cannot be read` };
  // Own keys only: a `__proto__` or `constructor` tag is matched as a tag, never as an inherited member.
  if (carriesEveryTag(resource.tags, tags ?? {})) return { inScope: true };
  const stack = tagValue(resource.tags, STACK_NAME_TAG);
  if (stack !== undefined && stacks?.includes(stack)) return { inScope: true };
  // A selected stack itself (its ARN names it): what retires its resources.
  const ownStack = /^arn:[^:]+:cloudformation:[^:]*:\d*:stack\/([^/]+)\/[^/]+$/.exec(resource.arn)?.[1];
  if (resource.type === STACK_TYPE && ownStack !== undefined && stacks?.includes(ownStack)) return { inScope: true };
  return { inScope: false, reason: `${resource.arn} does not match the workload's selector` };
}

/**
 * Whether the resource's region is one of the workload's: a global resource
 * (region `''`: an IAM role, instance profile or policy, whose ARN names no
 * region) is in each of them.
 */
export function inSourceRegions(resource: Pick<ResourceScope, 'region'>, source: Workload['source']): boolean {
  return resource.region === '' || source.regions.includes(resource.region);
}
