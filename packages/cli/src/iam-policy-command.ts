import { decomError, type Plan } from '@decomkit/core';
import { failureOf } from './cli-error.js';
import { EXIT_CODES } from './exit-codes.js';
import { readPlanFile } from './plan-file.js';
import type { CommandResult } from './run-commands.js';

/** Options of `decomkit iam-policy`. */
export interface IamPolicyCommandOptions {
  /** `json` (default): one JSON document; `text`: the three parts under headings. */
  readonly format: string;
  /** How `backup.create` backs up where the plan names no method (as `awsSource({ backups: { defaultMethod } })`). */
  readonly backupMethod?: string;
  /** `aws` as a list of policies that each fit an IAM managed policy (6,144 characters). */
  readonly split?: boolean;
}

/**
 * `decomkit iam-policy <plan.json>`: what a plan needs, derived from the
 * calls the providers make: `aws` the least-privilege IAM policy (with
 * `split`, the list of managed policies it fits in), `azure`
 * the RBAC custom role of the target ports, `serviceNow` the tables and
 * operations of the CMDB actions (null when the plan has none).
 */
export async function iamPolicyCommand(planPath: string, options: IamPolicyCommandOptions): Promise<CommandResult> {
  if (!['json', 'text'].includes(options.format))
    return failureOf(decomError.invalidInput(`--format ${options.format}: json or text`));
  const method = options.backupMethod;
  if (method !== undefined && method !== 'aws-backup' && method !== 'native')
    return failureOf(decomError.invalidInput(`--backup-method ${method}: aws-backup or native`));
  const plan = readPlanFile(planPath);
  if ('exitCode' in plan) return plan;
  const document = await permissionsOf(plan, method, options.split === true);
  if ('exitCode' in document) return document;
  process.stdout.write(options.format === 'json' ? `${JSON.stringify(document, null, 2)}\n` : textOf(document));
  return EXIT_CODES.done;
}

async function permissionsOf(plan: Plan, backupMethod: 'aws-backup' | 'native' | undefined, split: boolean) {
  // Loaded here: the SDK clients behind these packages are not needed by the other commands.
  const [{ awsIamPolicy, splitIamPolicy }, { azureRoleDefinition }, { serviceNowAccess }] = await Promise.all([
    import('@decomkit/aws'),
    import('@decomkit/azure'),
    import('@decomkit/cmdb'),
  ]);
  const aws = awsIamPolicy(plan, backupMethod === undefined ? {} : { backups: { defaultMethod: backupMethod } });
  if (aws.isErr()) return failureOf(aws.error);
  const azure = azureRoleDefinition(plan);
  if (azure.isErr()) return failureOf(azure.error);
  return {
    aws: split ? splitIamPolicy(aws.value) : aws.value,
    azure: azure.value,
    serviceNow: serviceNowAccess(plan),
  };
}

function textOf(document: { aws: unknown; azure: unknown; serviceNow: unknown }): string {
  const part = (title: string, value: unknown) => `# ${title}\n${JSON.stringify(value, null, 2)}\n`;
  return [
    part('AWS IAM policy (aws iam create-policy --policy-document)', document.aws),
    part('Azure RBAC custom role (az role definition create --role-definition)', document.azure),
    part('ServiceNow tables and roles', document.serviceNow),
  ].join('\n');
}
