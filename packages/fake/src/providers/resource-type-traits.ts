/**
 * What the engine and the standard steps need to know of one resource type.
 * The same shape, field for field, as core's `ResourceTypeTraits` (issue 10,
 * decision 2): once core exports it, this file becomes a re-export of it.
 */
export interface ResourceTypeTraits {
  /** The type, as AWS Config and CloudFormation name it (`AWS::EC2::Instance`). */
  readonly type: string;
  /** Whether an ARN names a resource of this type (the engine checks a plan's stated type against it). */
  matchesArn(arn: string): boolean;
  /** Can be stopped for a scream test before deletion. Default false. */
  readonly stoppable: boolean;
  /** Holds data: a completed backup is required before deletion unless the workload waives the type. */
  readonly holdsData: boolean;
  /** A backup of one of these covers the resources of `covers` types it depends on (Aurora cluster → members). */
  readonly backupCovers?: readonly string[];
  /** The source metric that shows traffic, and the states in which the service reports it without pause. */
  readonly traffic?: ResourceTraffic;
}

/** The source metric that shows a resource serves traffic, and the states in which it is reported without pause. */
export interface ResourceTraffic {
  readonly namespace: string;
  readonly metric: string;
  readonly reportsWhile: readonly string[];
}
