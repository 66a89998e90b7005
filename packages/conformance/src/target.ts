import type { Providers } from '@decomkit/core';

/** An EC2 instance the suite asks the provider under test to create, by logical name. */
export interface InstanceFixture {
  readonly name: string;
  readonly tags: Readonly<Record<string, string>>;
  /** A region other than the world's default. */
  readonly region?: string;
  readonly terminationProtection?: boolean;
}

/** A DNS record set (Route 53 unless `provider` says Azure). */
export interface DnsRecordFixture {
  readonly provider?: 'route53' | 'azure';
  readonly zone: string;
  readonly name: string;
  readonly type: string;
  readonly ttl: number;
  readonly values: readonly string[];
}

/** A metric series; `side` says whether CloudWatch (source) or Azure Monitor (target) holds it. */
export interface MetricFixture {
  readonly side: 'source' | 'target';
  /** An instance name (source) or an Azure resource id (target). */
  readonly resource: string;
  readonly namespace?: string;
  readonly metric: string;
  readonly points: readonly { readonly at: string; readonly value: number }[];
}

/** An S3 bucket in the world's account; `objects` object versions in it (default none). */
export interface BucketFixture {
  readonly name: string;
  readonly tags: Readonly<Record<string, string>>;
  readonly objects?: number;
  /** A region other than the world's default (a bucket's ARN names none: GetBucketLocation tells). */
  readonly region?: string;
}

/** A DynamoDB table (in the world's region and account), `ACTIVE`, with deletion protection when asked. */
export interface TableFixture {
  readonly name: string;
  readonly tags: Readonly<Record<string, string>>;
  readonly deletionProtection?: boolean;
}

/** A Lambda function (in the world's region and account), with no reserved concurrency. */
export interface FunctionFixture {
  readonly name: string;
  readonly tags: Readonly<Record<string, string>>;
}

/** The world a conformance test starts from. Targets build what their capabilities need. */
export interface WorldFixture {
  readonly accountId: string;
  readonly region: string;
  readonly instances: readonly InstanceFixture[];
  readonly artifacts?: boolean;
  readonly dnsRecords?: readonly DnsRecordFixture[];
  /** CMDB configuration items by id. */
  readonly configurationItems?: readonly string[];
  readonly replicationTasks?: readonly {
    readonly name: string;
    readonly lagSeconds: number;
    readonly tags: Readonly<Record<string, string>>;
  }[];
  readonly metrics?: readonly MetricFixture[];
  readonly costs?: readonly {
    readonly tagKey: string;
    readonly tagValue: string;
    readonly day: string;
    readonly amount: number;
  }[];
  readonly azureResources?: readonly { readonly name: string; readonly resourceGroup: string; readonly type: string }[];
  readonly azureSubscriptionId?: string;
  readonly advisor?: readonly {
    readonly category: 'Cost' | 'Security' | 'HighAvailability' | 'OperationalExcellence' | 'Performance';
    readonly impact: 'High' | 'Medium' | 'Low';
    readonly problem: string;
  }[];
  readonly wellArchitected?: { readonly name: string; readonly lens: string; readonly answers: number };
  /** S3 buckets (dataResources group). */
  readonly buckets?: readonly BucketFixture[];
  /** DynamoDB tables (dataResources group). */
  readonly tables?: readonly TableFixture[];
  /** Lambda functions (dataResources group). */
  readonly functions?: readonly FunctionFixture[];
}

/**
 * Checks state outside the provider under test (the fake's own state, or the
 * AWS SDK talking straight to the emulator), so a provider cannot pass by
 * agreeing with itself.
 */
export interface Oracle {
  /** The ARN the provider's world gave the instance `name`. */
  arnOf(name: string): string;
  /** The instance's state word (`running`, `stopped`, `terminated`), or null when it is gone entirely. */
  instanceState(name: string): Promise<string | null>;
  /** Whether termination protection is on. */
  terminationProtection(name: string): Promise<boolean>;
  /** Completed backups of the instance: one per `backup.create` that finished (a recovery point, or a whole snapshot set however many volumes it has). */
  completedBackups(name: string): Promise<number>;
  /** Mutating calls the provider made so far (for "read-only" checks); null if the target cannot count them. */
  mutatingCalls(): Promise<number | null>;
  /** Moves time forward (long-running jobs complete); a no-op where time is real. */
  advanceTime(milliseconds: number): Promise<void>;
  /** The TTL of a record set as the DNS service has it (dns group). */
  dnsTtl?(record: { provider?: 'route53' | 'azure'; zone: string; name: string; type: string }): Promise<number | null>;
  /** Whether a CMDB configuration item is retired, and its links (cmdb group). */
  configurationItem?(id: string): Promise<{ retired: boolean; links: readonly string[] } | null>;
  /** The status of a replication task by fixture name (replication group). */
  replicationStatus?(name: string): Promise<string | null>;
  /** The ARN a replication task fixture got. */
  replicationArnOf?(name: string): string;
  /** The id an Azure resource fixture got (metrics, targetResources groups). */
  azureIdOf?(name: string): string;
  /** The bytes of a stored artifact, read outside the port (artifacts, assessment groups). */
  artifact?(name: string): Promise<Uint8Array | null>;
  /** The bucket fixture `name` as S3 has it: how many object versions and delete markers it holds; null when it does not exist (dataResources group). */
  bucket?(name: string): Promise<{ objects: number } | null>;
  /** The table fixture `name` as DynamoDB has it; null once DescribeTable no longer knows it (dataResources group). */
  table?(name: string): Promise<{ status: string; deletionProtection: boolean } | null>;
  /** The function fixture `name` as Lambda has it: its reserved concurrency (null when none is set); null when the function does not exist (dataResources group). */
  lambdaFunction?(name: string): Promise<{ reservedConcurrency: number | null } | null>;
}

/** What a provider under test is, for one world. */
export interface ProviderUnderTest {
  readonly providers: Providers;
  readonly oracle: Oracle;
  /** Called after the test. */
  dispose?(): Promise<void>;
}

/** The ports a target implements; the suite runs the groups of those only. */
export interface Capabilities {
  readonly identity?: boolean;
  readonly inventory?: boolean;
  readonly retirement?: boolean;
  readonly backups?: boolean;
  readonly artifacts?: boolean;
  readonly configInventory?: boolean;
  readonly dns?: boolean;
  readonly cmdb?: boolean;
  readonly replication?: boolean;
  readonly sourceMetrics?: boolean;
  readonly targetMetrics?: boolean;
  readonly costs?: boolean;
  readonly targetResources?: boolean;
  readonly advisor?: boolean;
  readonly assessment?: boolean;
  /** S3 buckets, DynamoDB tables and Lambda functions in the inventory and retirement ports (needs the `bucket`, `table` and `lambdaFunction` oracle hooks). */
  readonly dataResources?: boolean;
}

/** A provider (or set of providers) to hold to the suite. */
export interface ConformanceTarget {
  readonly name: string;
  readonly capabilities: Capabilities;
  /** Builds a fresh world and the providers over it. */
  create(world: WorldFixture): Promise<ProviderUnderTest>;
}
