/** Counts the mutating calls a provider made (for "read-only" checks). */
export interface MutationOracle {
  /** Mutating calls the provider made so far; null if the target cannot count them. */
  mutatingCalls(): Promise<number | null>;
}

/** Moves the world's time. */
export interface TimeOracle {
  /** Moves time forward (long-running jobs complete); a no-op where time is real. */
  advanceTime(milliseconds: number): Promise<void>;
}

/** Names the EC2 instances of an {@link InstancesWorld}. */
export interface InstanceArnOracle {
  /** The ARN the provider's world gave the instance `name`. */
  arnOf(name: string): string;
}

/** The oracle of the `identity` suite. */
export type IdentityOracle = MutationOracle;

/** The oracle of the EC2 `inventory` suite. */
export type Ec2InventoryOracle = InstanceArnOracle & MutationOracle;

/** The oracle of the EC2 `retirement` suite: instance state and protection, read outside the port. */
export interface Ec2RetirementOracle extends InstanceArnOracle {
  /** The instance's state word (`running`, `stopped`, `terminated`), or null when it is gone entirely. */
  instanceState(name: string): Promise<string | null>;
  /** Whether termination protection is on. */
  terminationProtection(name: string): Promise<boolean>;
}

/** The oracle of the `backups` suite. */
export interface BackupsOracle extends InstanceArnOracle, TimeOracle {
  /** Completed backups of the instance: one per `backup.create` that finished (a recovery point, or a whole snapshot set however many volumes it has). */
  completedBackups(name: string): Promise<number>;
}

/** The oracle of the `configInventory` suite (time lets the recorder catch up). */
export type ConfigInventoryOracle = InstanceArnOracle & TimeOracle;

/** The oracle of the `sourceMetrics` suite. */
export type SourceMetricsOracle = InstanceArnOracle;

/** A record set as the `dns` suite names it. */
export interface DnsRecordKey {
  readonly provider?: 'route53' | 'azure';
  readonly zone: string;
  readonly name: string;
  readonly type: string;
}

/** The oracle of the `dns` suite. */
export interface DnsOracle {
  /** The TTL of a record set as the DNS service has it; null when there is none. */
  dnsTtl(record: DnsRecordKey): Promise<number | null>;
}

/** The oracle of the `cmdb` suite. */
export interface CmdbOracle {
  /** Whether a CMDB configuration item is retired, and its links; null when there is no such item. */
  configurationItem(id: string): Promise<{ retired: boolean; links: readonly string[] } | null>;
}

/** The oracle of the `replication` suite. */
export interface ReplicationOracle {
  /** The status of a replication task by fixture name. */
  replicationStatus(name: string): Promise<string | null>;
  /** The ARN a replication task fixture got. */
  replicationArnOf(name: string): string;
}

/** The oracle of the `targetMetrics` and `targetResources` suites. */
export interface AzureOracle {
  /** The id an Azure resource fixture got. */
  azureIdOf(name: string): string;
}

/** The oracle of the `assessment` suite. */
export interface ArtifactOracle {
  /** The bytes of a stored artifact, read outside the port. */
  artifact(name: string): Promise<Uint8Array | null>;
}

/** The oracle of the AWS data resources (S3, DynamoDB, Lambda) fixtures, read with the service's own API. */
export interface DataResourcesOracle {
  /** The bucket fixture `name` as S3 has it: how many object versions and delete markers it holds; null when it does not exist. */
  bucket(name: string): Promise<{ objects: number } | null>;
  /** The table fixture `name` as DynamoDB has it; null once DescribeTable no longer knows it. */
  table(name: string): Promise<{ status: string; deletionProtection: boolean } | null>;
  /** The function fixture `name` as Lambda has it: its reserved concurrency (null when none is set); null when the function does not exist. */
  lambdaFunction(name: string): Promise<{ reservedConcurrency: number | null } | null>;
}
