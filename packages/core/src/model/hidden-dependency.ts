/**
 * The ways something outside a workload can depend on a resource in it
 * without the workload's tags saying so:
 * - `dns-record`: a DNS record anywhere in the account points at the
 *   resource's endpoint (a load balancer's DNS name, an Elastic IP, a
 *   CloudFront domain);
 * - `security-group-rule`: a security group out of scope lets traffic from or
 *   to an in-scope group;
 * - `resource-policy`: the resource's own policy (bucket, queue, topic, key)
 *   grants a principal outside the workload;
 * - `identity-policy`: an IAM policy of a principal outside the workload
 *   grants access to the resource;
 * - `recent-caller`: a principal outside the workload called the resource
 *   recently (CloudTrail).
 */
export type HiddenDependencyCheck =
  | 'dns-record'
  | 'security-group-rule'
  | 'resource-policy'
  | 'identity-policy'
  | 'recent-caller';

/** Every {@link HiddenDependencyCheck}, in the order findings report them. */
export const HIDDEN_DEPENDENCY_CHECKS: readonly HiddenDependencyCheck[] = [
  'dns-record',
  'security-group-rule',
  'resource-policy',
  'identity-policy',
  'recent-caller',
];

/**
 * Something outside the workload that still depends on a resource in it.
 * Retiring the resource would break the dependent, so the plan reports it as
 * a blocking finding until a workload exception accepts it
 * (`exceptions: [{ dependent, reason, approvedBy }]`).
 */
export interface HiddenDependency {
  /** The in-scope resource depended on. */
  readonly resource: string;
  readonly check: HiddenDependencyCheck;
  /**
   * What depends on it: an ARN where the dependent has one (a security group,
   * an IAM role, a policy), else the provider's stable name for it (a DNS
   * record: `arn:aws:route53:::hostedzone/<zone>/recordset/<name>/<type>`).
   * A workload exception's `dependent` names it exactly.
   */
  readonly dependent: string;
  /** What was read that shows the dependency, in one line (`A alias api.example.com → <load balancer DNS name>`). */
  readonly evidence: string;
}

/** A check that could not be made (the read was refused or failed): nothing it covers can be proven free of dependents. */
export interface UncheckedDependencies {
  readonly check: HiddenDependencyCheck;
  /** `operation: message` of the read that failed. */
  readonly reason: string;
  /** The in-scope resources the check would have covered. */
  readonly resources: readonly string[];
}

/** What {@link InventoryPort.findDependents} found. */
export interface HiddenDependencyScan {
  readonly dependencies: readonly HiddenDependency[];
  readonly unchecked: readonly UncheckedDependencies[];
}

/** What the workload asks of the hidden-dependency checks. */
export interface HiddenDependencyOptions {
  /** How many days of CloudTrail to read for outside callers; 0 skips the check. */
  readonly recentCallerDays: number;
}

/** How many days of CloudTrail the `recent-caller` check reads when the workload does not say. */
export const DEFAULT_RECENT_CALLER_DAYS = 14;
