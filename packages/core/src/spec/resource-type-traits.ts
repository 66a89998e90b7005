/**
 * What the engine and the standard steps need to know of one resource type,
 * supplied by the `inventory` port (`InventoryPort.resourceTypes`): core holds
 * no list of a cloud's type names. A type the retirement port supports but
 * the inventory gives no traits for is never retired (fail closed).
 *
 * @example
 * ```ts
 * const instance: ResourceTypeTraits = {
 *   type: 'AWS::EC2::Instance',
 *   matchesArn: (arn) => /^arn:[^:]+:ec2:[^:]*:[^:]*:instance\/[^/]+$/.test(arn),
 *   stoppable: true,
 *   holdsData: true,
 *   traffic: { namespace: 'AWS/EC2', metric: 'NetworkIn', reportsWhile: ['running'] },
 * };
 * ```
 */
export interface ResourceTypeTraits {
  /** The type name, as resources state it (`AWS::EC2::Instance`). */
  readonly type: string;
  /**
   * Whether an ARN names a resource of this type. The engine checks a plan's
   * stated type against the data-holding type an ARN names, so an edited type
   * cannot waive a backup.
   */
  matchesArn(arn: string): boolean;
  /** Can be stopped for a scream test before deletion. */
  readonly stoppable: boolean;
  /** Holds data: a completed backup is required before deletion unless the workload waives the type. */
  readonly holdsData: boolean;
  /**
   * A backup of a resource of this type covers the resources of these types
   * it depends on (an Aurora cluster's backup covers its member instances).
   */
  readonly backupCovers?: readonly string[];
  /**
   * Set when the type holds data that no backup method of the provider covers
   * (an OpenSearch domain: its snapshots go through the domain's own API), to
   * what the operator does instead. A resource of such a type is retired only
   * under the workload's explicit backup waiver for the type, recorded after
   * that manual backup; without one it is a blocking finding and untouched,
   * and no backup action is planned for it.
   */
  readonly noBackupMethod?: string;
  /**
   * The source metric that shows traffic to a resource of this type, and the
   * states in which the service reports it without pause: no datapoint at all
   * from a resource in one of those states means the traffic was not
   * measured, never that it was zero.
   */
  readonly traffic?: {
    readonly namespace: string;
    readonly metric: string;
    readonly reportsWhile: readonly string[];
  };
}
