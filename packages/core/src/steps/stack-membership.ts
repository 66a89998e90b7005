import type { Finding } from '../model/finding.js';
import { type Resource, STACK_NAME_TAG } from '../model/resource.js';
import { tagValue } from '../model/tags.js';

/**
 * How the resources of CloudFormation stacks are retired: by deleting their
 * stack, never one by one (that would leave the stack drifted and its next
 * update failing). Read from the stacks of an inventory
 * (`Resource.stackResources`).
 */
export interface StackMembership {
  /** The stack (ARN) whose delete retires the resource `arn`; undefined for a resource of no stack in the inventory. */
  stackOf(arn: string): string | undefined;
  /** Whether deleting its stack leaves the resource `arn` (`DeletionPolicy: Retain`). */
  retained(arn: string): boolean;
  /** The resources of a stack (in the inventory or excepted) that its delete takes along or leaves. */
  membersOf(stackArn: string): readonly string[];
  /**
   * Blocking findings (a stack resource whose stack is not in the inventory; a
   * stack holding a resource out of scope), and info ones (what a stack's
   * delete retains), each naming the resource.
   */
  readonly findings: readonly Finding[];
}

/**
 * The stack membership of an inventory: each resource a stack lists belongs
 * to it. A resource tagged `aws:cloudformation:stack-name` that no stack of
 * the inventory lists is blocking (its stack is out of scope or unread);
 * so is a stack that lists a resource neither in the inventory nor excepted
 * (out of scope: deleting the stack would delete it). A resource the stack
 * retains and the workload excepts is left alone, as the stack's delete does.
 *
 * @example
 * ```ts
 * const stacks = stackMembership(inventory, excepted);
 * if (stacks.stackOf(resource.arn) !== undefined) skipOwnDelete(resource);
 * ```
 */
export function stackMembership(
  inventory: readonly Resource[],
  excepted: readonly Pick<Resource, 'arn'>[],
): StackMembership {
  const known = new Set(inventory.map((resource) => resource.arn));
  const kept = new Set(excepted.map((resource) => resource.arn));
  const stackOf = new Map<string, string>();
  const retained = new Set<string>();
  const members = new Map<string, string[]>();
  const findings: Finding[] = [];
  for (const stack of inventory) {
    const outside: string[] = [];
    for (const member of stack.stackResources ?? []) {
      if (member.retained) retained.add(member.arn);
      if (member.retained && kept.has(member.arn)) continue;
      if (!known.has(member.arn) && !kept.has(member.arn)) outside.push(`${member.logicalId} (${member.arn})`);
      stackOf.set(member.arn, stack.arn);
      members.set(stack.arn, [...(members.get(stack.arn) ?? []), member.arn]);
      if (member.retained && known.has(member.arn)) {
        findings.push({
          severity: 'info',
          code: 'retained-by-stack',
          message: `${member.arn} (${member.logicalId}) is retained by its stack ${stack.arn} (DeletionPolicy: Retain): deleting the stack leaves it; decomkit does not delete it`,
          resource: member.arn,
        });
      }
    }
    if (outside.length > 0) {
      findings.push({
        severity: 'blocking',
        code: 'stack-resource-out-of-scope',
        message: `${stack.arn} holds resources out of the workload's scope: ${outside.join(', ')}; deleting the stack would delete them: not touched`,
        resource: stack.arn,
      });
    }
  }
  for (const resource of inventory) {
    const stackName = resource.tags === null ? undefined : tagValue(resource.tags, STACK_NAME_TAG);
    if (stackName === undefined || stackOf.has(resource.arn)) continue;
    findings.push({
      severity: 'blocking',
      code: 'stack-not-retired',
      message: `${resource.arn} belongs to CloudFormation stack ${stackName}, which is not in the inventory: a stack's resources are retired only by deleting the stack (one by one would leave it drifted): not touched`,
      resource: resource.arn,
    });
  }
  return {
    stackOf: (arn) => stackOf.get(arn),
    retained: (arn) => retained.has(arn),
    membersOf: (stackArn) => members.get(stackArn) ?? [],
    findings,
  };
}

/** Tag keys (lower case) that say a resource is managed by Terraform or OpenTofu whatever their value. */
const TERRAFORM_KEYS = /^(terraform|tf|opentofu)([:_.\-/].*)?$/;
/** Tag keys (lower case) whose value names the tool that manages a resource. */
const MANAGER_KEYS = /^(managed[-_ .]?by|provisioner|provisioned[-_ .]?by|iac|created[-_ .]?by)$/;

/**
 * Info findings for resources that carry a common Terraform tag (`terraform`,
 * `tf:*`, `terraform:workspace`, `ManagedBy=terraform`, …): deleting them
 * outside Terraform leaves its state drifted. Nothing is blocked by it.
 *
 * @example
 * ```ts
 * findings.push(...terraformFindings(inventory));
 * ```
 */
export function terraformFindings(inventory: readonly Resource[]): Finding[] {
  const findings: Finding[] = [];
  for (const resource of inventory) {
    const tag = Object.entries(resource.tags ?? {}).find(
      ([key, value]) =>
        TERRAFORM_KEYS.test(key.toLowerCase()) ||
        (MANAGER_KEYS.test(key.toLowerCase()) && /terraform|opentofu/i.test(value)),
    );
    if (tag === undefined) continue;
    findings.push({
      severity: 'info',
      code: 'terraform-managed',
      message: `${resource.arn} carries the Terraform tag ${tag[0]}=${tag[1]}: once decomkit deletes it, the Terraform state that manages it is drifted (remove it from the configuration, or \`terraform state rm\` it, before the next apply)`,
      resource: resource.arn,
    });
  }
  return findings;
}
