/**
 * One AWS resource as decomkit sees it. `type` uses the AWS Config /
 * CloudFormation names (`AWS::EC2::Instance`).
 *
 * @example
 * ```ts
 * const instance: Resource = {
 *   arn: 'arn:aws:ec2:eu-west-1:111122223333:instance/i-0abc', type: 'AWS::EC2::Instance',
 *   accountId: '111122223333', region: 'eu-west-1', name: 'web-1', tags: { workload: 'payments' },
 *   state: 'running', protection: { deletion: true, stop: false }, dependsOn: [],
 * };
 * ```
 */
export interface Resource {
  readonly arn: string;
  readonly type: string;
  readonly accountId: string;
  readonly region: string;
  readonly name?: string;
  /** The resource's tags, or `null` when they could not be read (such a resource is never touched). */
  readonly tags: Readonly<Record<string, string>> | null;
  /** The provider's own state word (`running`, `stopped`, `available`, …). */
  readonly state: string;
  readonly protection: ResourceProtection;
  /** ARNs of resources that must be retired before this one can be (an instance before its volume). */
  readonly dependsOn: readonly string[];
  /**
   * What tells this resource apart from another later created under the same
   * ARN: the EC2 instance or volume id, the RDS `DbiResourceId` /
   * `DbClusterResourceId`, the DynamoDB `TableId`, the S3 bucket's creation
   * date; or the creation time where that is what its backups record (the
   * AWS provider's tables and Aurora clusters). A backup counts for a deletion only when its recovery point names
   * the same identity; without one, no backup can be proven to be of this
   * resource and its deletion waits.
   */
  readonly resourceIdentity?: string;
  /**
   * What the provider found that keeps this resource from being retired as it
   * stands (a repository that holds images, a stream with registered
   * consumers, a state machine with running executions): each is reported as
   * a blocking finding at plan, and the resource is never touched.
   */
  readonly retireBlockers?: readonly RetireBlocker[];
  /**
   * The resources of this CloudFormation stack (of a stack only): the stack
   * is retired by deleting it, which deletes every one of them except those
   * its template retains (`DeletionPolicy: Retain`). Each must be in scope,
   * or the stack is a blocking finding; none is ever deleted on its own.
   */
  readonly stackResources?: readonly StackResource[];
  /**
   * ARNs this resource is retired only together with: unless every one of
   * them is being retired in the same plan (in scope, not excepted, not
   * blocked), this resource is reported as a blocking finding naming the
   * missing ones and never touched. A VPC's subnets, gateways and route
   * tables name the VPC and everything else that lives in it.
   */
  readonly retiredOnlyWith?: readonly string[];
}

/** One resource of a CloudFormation stack (see {@link Resource.stackResources}). */
export interface StackResource {
  /** The resource's ARN, as discovery names it. */
  readonly arn: string;
  /** Its logical id in the template. */
  readonly logicalId: string;
  /** Whether deleting the stack leaves it (`DeletionPolicy: Retain` or `RetainExceptOnCreate`). */
  readonly retained: boolean;
}

/** One reason a provider gives why a resource cannot be retired as it stands (see {@link Resource.retireBlockers}). */
export interface RetireBlocker {
  /** A short machine-readable code, e.g. `repository-holds-images`; it becomes the finding's code. */
  readonly code: string;
  /** What blocks, naming the resource and the count (`… holds 3 images: not touched`). */
  readonly message: string;
}

/**
 * What a resource's scope is decided on, and whether it still exists: the
 * part of {@link Resource} the engine re-reads just before it acts on one
 * (see `InventoryPort.describeScopes`). Cheaper to read than a whole
 * `Resource`: no protection flags, no dependencies. `resourceIdentity`,
 * when given, must differ from the planned one only when the resource was
 * re-created: the engine then refuses to act on it.
 */
export type ResourceScope = Pick<
  Resource,
  'arn' | 'type' | 'accountId' | 'region' | 'tags' | 'state' | 'resourceIdentity'
>;

/**
 * One protection flag: on, off, or `'unknown'` when the provider did not read
 * it at discovery (the AWS provider's EC2 instances by default: their flags
 * cost two reads per instance, so they are checked at apply instead). Code
 * that tests a flag for truth treats `'unknown'` as protected: fail closed.
 */
export type ProtectionFlag = boolean | 'unknown';

/**
 * Protection flags that block stopping or deleting a resource until lifted.
 *
 * @example
 * ```ts
 * const known: ResourceProtection = { deletion: true, stop: false };
 * const unread: ResourceProtection = { deletion: 'unknown', stop: 'unknown' }; // checked at apply
 * ```
 */
export interface ResourceProtection {
  /** Termination / deletion protection (EC2 DisableApiTermination, RDS DeletionProtection, …). */
  readonly deletion: ProtectionFlag;
  /** Stop protection (EC2 DisableApiStop). */
  readonly stop: ProtectionFlag;
}

/** Whether any protection flag of `protection` is `'unknown'` (not read at discovery). */
export function protectionUnknown(protection: ResourceProtection): boolean {
  return protection.deletion === 'unknown' || protection.stop === 'unknown';
}

/** Whether any protection flag of `protection` is known to be on. */
export function protectionKnownOn(protection: ResourceProtection): boolean {
  return protection.deletion === true || protection.stop === true;
}

/** The CloudFormation stack tag that AWS puts on every resource a stack creates. */
export const STACK_NAME_TAG = 'aws:cloudformation:stack-name';
