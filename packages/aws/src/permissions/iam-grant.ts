import { parseArn } from '../arns.js';

/**
 * Which resources an {@link IamGrant} names: `'target'` the planned
 * resource's own ARN (the API has resource-level permissions for it), `'*'`
 * any resource (the API has none), or patterns derived from the target's
 * ARN (the snapshot a backup creates: `arn:aws:rds:eu-west-1:111122223333:snapshot:decomkit-*`).
 */
export type IamGrantResources = 'target' | '*' | ((targetArn: string) => readonly string[]);

/** IAM actions an action of a plan needs, and on which resources. */
export interface IamGrant {
  /** IAM action names (`ec2:TerminateInstances`), as the Service Authorization Reference spells them. */
  readonly actions: readonly string[];
  /** On which resources: see {@link IamGrantResources}. */
  readonly resources: IamGrantResources;
}

/**
 * The IAM actions one resource type's calls need, declared beside those
 * calls (a resource file's `iam` field): `read` for discovery, the re-read
 * before each action, waits and read-backs (Resource `"*"`: listing and
 * Describe* calls have no resource-level permissions, and discovery reads
 * every type, planned or not); the grants of each retirement kind.
 * `awsIamPolicy` derives a plan's policy from them.
 *
 * @example
 * ```ts
 * const iam: AwsTypePermissions = {
 *   read: ['ec2:DescribeVolumes'],
 *   delete: [onTarget('ec2:DeleteVolume')],
 * };
 * ```
 */
export interface AwsTypePermissions {
  /** IAM actions of the type's reads, granted on `"*"`. */
  readonly read: readonly string[];
  /** `resource.stop`; absent for a type that cannot be stopped. */
  readonly stop?: readonly IamGrant[];
  /** `protection.lift`; absent for a type without protection. */
  readonly lift?: readonly IamGrant[];
  /** `resource.delete`, with whatever the delete does first (emptying, detaching, a final snapshot). */
  readonly delete: readonly IamGrant[];
  /**
   * The service deletes the resource's dependents with the caller's
   * permissions (CloudFormation deletes a stack's resources as the caller):
   * a delete also needs the delete grants of every planned `dependentArns`.
   */
  readonly deleteTakesDependents?: boolean;
}

/**
 * A grant of `actions` on the planned resource's ARN.
 *
 * @example
 * ```ts
 * onTarget('ec2:StopInstances', 'ec2:TerminateInstances');
 * ```
 */
export function onTarget(...actions: string[]): IamGrant {
  return { actions, resources: 'target' };
}

/**
 * A grant of `actions` on any resource: the API has no resource-level
 * permissions for them (or none this package can name before the call).
 *
 * @example
 * ```ts
 * onAnyResource('ec2:DescribeInstances');
 * ```
 */
export function onAnyResource(...actions: string[]): IamGrant {
  return { actions, resources: '*' };
}

/**
 * A grant of `actions` on resources derived from the planned resource's ARN.
 *
 * @example
 * ```ts
 * onResources((arn) => [arn, `${arn}/*`], 's3:DeleteObject');
 * ```
 */
export function onResources(resources: (targetArn: string) => readonly string[], ...actions: string[]): IamGrant {
  return { actions, resources };
}

/**
 * An ARN in the target's partition, region and account: `arnLike(target, 'rds', 'snapshot:decomkit-*')`.
 * Without an account (`{ account: false }`) for the resources EC2 names without one (snapshots, images).
 */
export function arnLike(
  targetArn: string,
  service: string,
  resource: string,
  options: { readonly account?: boolean } = {},
): string {
  const parsed = parseArn(targetArn);
  const partition = parsed?.partition ?? 'aws';
  const region = parsed?.region || '*';
  const account = options.account === false ? '' : parsed?.accountId || '*';
  return `arn:${partition}:${service}:${region}:${account}:${resource}`;
}

/**
 * The ARN as IAM names EC2 snapshots and images: without an account
 * (`arn:aws:ec2:eu-west-1::snapshot/snap-0123`).
 *
 * @example
 * ```ts
 * withoutAccount('arn:aws:ec2:eu-west-1:111122223333:image/ami-0123'); // ['arn:aws:ec2:eu-west-1::image/ami-0123']
 * ```
 */
export function withoutAccount(targetArn: string): readonly string[] {
  return [targetArn.replace(/^(arn:[^:]*:[^:]*:[^:]*:)[^:]*:/, '$1:')];
}
