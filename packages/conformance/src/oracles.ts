/**
 * Counts the mutating calls a provider made (for "read-only" checks).
 *
 * @example
 * ```ts
 * const oracle: MutationOracle = { mutatingCalls: async () => (await recorder.requests()).filter(isWrite).length };
 * ```
 */
export interface MutationOracle {
  /** Mutating calls the provider made so far; null if the target cannot count them. */
  mutatingCalls(): Promise<number | null>;
}

/**
 * Moves the world's time.
 *
 * @example
 * ```ts
 * const oracle: TimeOracle = { advanceTime: async (milliseconds) => fakeClock.advance(milliseconds) };
 * ```
 */
export interface TimeOracle {
  /** Moves time forward (long-running jobs complete); a no-op where time is real. */
  advanceTime(milliseconds: number): Promise<void>;
}

/**
 * Names the EC2 instances of an {@link InstancesWorld}.
 *
 * @example
 * ```ts
 * const oracle: InstanceArnOracle = { arnOf: (name) => seeded.get(name).arn };
 * ```
 */
export interface InstanceArnOracle {
  /** The ARN the provider's world gave the instance `name`. */
  arnOf(name: string): string;
}

/**
 * The oracle of the `identity` suite.
 *
 * @example
 * ```ts
 * identityConformance({ describe, it }, () => ({ identity, oracle: { mutatingCalls: async () => null } }));
 * ```
 */
export type IdentityOracle = MutationOracle;

/**
 * The oracle of the EC2 `inventory` suite.
 *
 * @example
 * ```ts
 * const oracle: Ec2InventoryOracle = { arnOf: (name) => seeded.get(name).arn, mutatingCalls: async () => null };
 * ```
 */
export type Ec2InventoryOracle = InstanceArnOracle & MutationOracle;

/**
 * The oracle of the EC2 `retirement` suite: instance state and protection, read outside the port.
 *
 * @example
 * ```ts
 * const oracle: Ec2RetirementOracle = { arnOf, instanceState: (name) => ec2.stateOf(arnOf(name)), terminationProtection: (name) => ec2.protectedOf(arnOf(name)) };
 * ```
 */
export interface Ec2RetirementOracle extends InstanceArnOracle {
  /** The instance's state word (`running`, `stopped`, `terminated`), or null when it is gone entirely. */
  instanceState(name: string): Promise<string | null>;
  /** Whether termination protection is on. */
  terminationProtection(name: string): Promise<boolean>;
}

/**
 * The oracle of the `backups` suite.
 *
 * @example
 * ```ts
 * const oracle: BackupsOracle = { arnOf, advanceTime: async () => {}, completedBackups: (name) => backup.completedJobsOf(arnOf(name)) };
 * ```
 */
export interface BackupsOracle extends InstanceArnOracle, TimeOracle {
  /** Completed backups of the instance: one per `backup.create` that finished (a recovery point, or a whole snapshot set however many volumes it has). */
  completedBackups(name: string): Promise<number>;
}

/**
 * The oracle of the `configInventory` suite (time lets the recorder catch up).
 *
 * @example
 * ```ts
 * const oracle: ConfigInventoryOracle = { arnOf, advanceTime: async (milliseconds) => config.catchUp(milliseconds) };
 * ```
 */
export type ConfigInventoryOracle = InstanceArnOracle & TimeOracle;

/**
 * The oracle of the `sourceMetrics` suite.
 *
 * @example
 * ```ts
 * const oracle: SourceMetricsOracle = { arnOf: (name) => seeded.get(name).arn };
 * ```
 */
export type SourceMetricsOracle = InstanceArnOracle;

/**
 * A record set as the `dns` suite names it.
 *
 * @example
 * ```ts
 * const key: DnsRecordKey = { zone: 'example.com', name: 'pay', type: 'CNAME' };
 * ```
 */
export interface DnsRecordKey {
  readonly provider?: 'route53' | 'azure';
  readonly zone: string;
  readonly name: string;
  readonly type: string;
}

/**
 * The oracle of the `dns` suite.
 *
 * @example
 * ```ts
 * const oracle: DnsOracle = { dnsTtl: async (record) => (await route53.read(record))?.ttl ?? null };
 * ```
 */
export interface DnsOracle {
  /** The TTL of a record set as the DNS service has it; null when there is none. */
  dnsTtl(record: DnsRecordKey): Promise<number | null>;
}

/**
 * The oracle of the `cmdb` suite: CIs as the CMDB holds them, and the
 * writes made to it (null if the target cannot count them).
 *
 * @example
 * ```ts
 * const oracle: CmdbOracle = {
 *   configurationItem: async (id) => serviceNow.read(id),
 *   mutatingCalls: async () => serviceNow.writes().length,
 * };
 * ```
 */
export interface CmdbOracle extends MutationOracle {
  /** Whether a CMDB configuration item is retired, and its links; null when there is no such item. */
  configurationItem(id: string): Promise<{ retired: boolean; links: readonly string[] } | null>;
}

/**
 * The oracle of the `replication` suite.
 *
 * @example
 * ```ts
 * const oracle: ReplicationOracle = { replicationArnOf: (name) => tasks.get(name).arn, replicationStatus: (name) => dms.statusOf(name) };
 * ```
 */
export interface ReplicationOracle {
  /** The status of a replication task by fixture name. */
  replicationStatus(name: string): Promise<string | null>;
  /** The ARN a replication task fixture got. */
  replicationArnOf(name: string): string;
}

/**
 * The oracle of the `targetMetrics` and `targetResources` suites.
 *
 * @example
 * ```ts
 * const oracle: AzureOracle = { azureIdOf: (name) => `/subscriptions/${subscription}/resourceGroups/rg/providers/microsoft.web/sites/${name}` };
 * ```
 */
export interface AzureOracle {
  /** The id an Azure resource fixture got. */
  azureIdOf(name: string): string;
}

/**
 * The oracle of the `assessment` suite.
 *
 * @example
 * ```ts
 * const oracle: ArtifactOracle = { artifact: async (name) => store.get(name) ?? null };
 * ```
 */
export interface ArtifactOracle {
  /** The bytes of a stored artifact, read outside the port. */
  artifact(name: string): Promise<Uint8Array | null>;
}

/**
 * The oracle of the AWS data resources (S3, DynamoDB, Lambda) fixtures, read with the service's own API.
 *
 * @example
 * ```ts
 * const oracle: DataResourcesOracle = { bucket: (name) => s3.countVersions(name), table: (name) => dynamodb.read(name), lambdaFunction: (name) => lambda.read(name) };
 * ```
 */
export interface DataResourcesOracle {
  /** The bucket fixture `name` as S3 has it: how many object versions and delete markers it holds; null when it does not exist. */
  bucket(name: string): Promise<{ objects: number } | null>;
  /** The table fixture `name` as DynamoDB has it; null once DescribeTable no longer knows it. */
  table(name: string): Promise<{ status: string; deletionProtection: boolean } | null>;
  /** The function fixture `name` as Lambda has it: its reserved concurrency (null when none is set); null when the function does not exist. */
  lambdaFunction(name: string): Promise<{ reservedConcurrency: number | null } | null>;
}

/**
 * What a {@link ResourcesOracle} reads of one fixture of the infrastructure rows.
 *
 * @example
 * ```ts
 * const read: ResourceFixtureState = { state: 'running', deletionProtection: true };
 * ```
 */
export interface ResourceFixtureState {
  /** The service's own state word (`running`, `stopped`, `available`, `in-use`…): a stopped resource reads `stopped`. */
  readonly state: string;
  /** Whether its deletion protection is on (DisableApiTermination, DeletionProtection, `deletion_protection.enabled`); false where the type has none. */
  readonly deletionProtection: boolean;
}

/**
 * The oracle of the infrastructure rows (`WorldFixture.resources`: EC2, ELBv2,
 * Auto Scaling, RDS, SQS…), read with the service's own API, by type and
 * fixture name.
 *
 * @example
 * ```ts
 * const oracle: ResourcesOracle = { resourceArn: (type, name) => seeded.get(`${type}/${name}`) ?? null, resource: (type, name) => read(type, name) };
 * ```
 */
export interface ResourcesOracle {
  /** The ARN the service gave the fixture (it picks EC2 ids and ELBv2 suffixes); null for a name the world does not hold. */
  resourceArn(type: string, name: string): string | null;
  /** The fixture as the service has it; null once it is gone (an instance `terminated`, a database deleted). */
  resource(type: string, name: string): Promise<ResourceFixtureState | null>;
  /**
   * The name the service gave the fixture where it picks the name too (a
   * CloudFront distribution's domain name, an event source mapping's UUID);
   * null where the fixture's own name is the resource's. Absent: every
   * resource is named as its fixture.
   */
  resourceName?(type: string, name: string): string | null;
}
