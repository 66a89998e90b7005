import type { InvalidInputError } from '@decomkit/core';
import { decomError, err, type InputIssue, ok, type Result } from '@decomkit/core';
import type { DescribeOptions } from './resources/resource-type.js';

/**
 * How the AWS provider treats EC2 instances (the `ec2` option of `awsSource`).
 *
 * @example
 * ```ts
 * awsSource({ region: 'eu-west-1', ec2: { readProtectionAtPlan: true } });
 * ```
 */
export interface AwsEc2Options {
  /**
   * Read each instance's DisableApiTermination and DisableApiStop at
   * discovery (two DescribeInstanceAttribute calls per instance, paced at
   * EC2's read limit), so a protected instance the workload does not allow
   * lifting is blocked at plan and never touched. Default false: discovery
   * makes no per-instance reads, protection is `'unknown'` in the plan and
   * checked at apply (a lift reads it where the workload allows lifting;
   * elsewhere EC2 refuses what protection forbids, and that action fails:
   * a termination-protected instance is then stopped by its scream test,
   * never terminated).
   */
  readonly readProtectionAtPlan?: boolean;
}

const KNOWN_KEYS: ReadonlySet<string> = new Set(['readProtectionAtPlan']);

/**
 * The describe options of the `ec2` option, or an `InvalidInput` naming each
 * bad field (`ec2.readProtectionAtPlan` must be a boolean; no other key).
 */
export function ec2DescribeOptions(ec2: unknown): Result<DescribeOptions, InvalidInputError> {
  if (ec2 === undefined) return ok({});
  if (typeof ec2 !== 'object' || ec2 === null || Array.isArray(ec2)) {
    return err(
      decomError.invalidInput('awsSource: the ec2 option must be an object ({ readProtectionAtPlan?: boolean })', [
        { path: 'ec2', message: 'expected an object' },
      ]),
    );
  }
  const issues: InputIssue[] = Object.keys(ec2)
    .filter((key) => !KNOWN_KEYS.has(key))
    .map((key) => ({ path: `ec2.${key}`, message: 'unknown option (known: readProtectionAtPlan)' }));
  const read = (ec2 as { readProtectionAtPlan?: unknown }).readProtectionAtPlan;
  if (read !== undefined && typeof read !== 'boolean') {
    issues.push({ path: 'ec2.readProtectionAtPlan', message: `expected true or false, got ${JSON.stringify(read)}` });
  }
  if (issues.length > 0) {
    const named = issues.map((issue) => `${issue.path}: ${issue.message}`).join('; ');
    return err(decomError.invalidInput(`awsSource: bad ec2 option: ${named}`, issues));
  }
  return ok({ readInstanceProtection: read === true });
}
