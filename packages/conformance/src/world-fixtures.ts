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

/** The account and default region a world lives in (AWS ports). */
export interface AccountWorld {
  readonly accountId: string;
  readonly region: string;
}

/** A world of EC2 instances (EC2 inventory and retirement, backups, configInventory, sourceMetrics suites). */
export interface InstancesWorld extends AccountWorld {
  readonly instances: readonly InstanceFixture[];
}

/** The world of the `dns` suite: record sets to seed. */
export interface DnsWorld {
  readonly dnsRecords: readonly DnsRecordFixture[];
}

/** The world of the `cmdb` suite: configuration items to seed, by id. */
export interface CmdbWorld {
  readonly configurationItems: readonly string[];
}

/** A DMS replication task fixture, by logical name. */
export interface ReplicationTaskFixture {
  readonly name: string;
  readonly lagSeconds: number;
  readonly tags: Readonly<Record<string, string>>;
}

/** The world of the `replication` suite. */
export interface ReplicationWorld extends AccountWorld {
  readonly replicationTasks: readonly ReplicationTaskFixture[];
}

/** The world of the `sourceMetrics` suite: instances, and series (`side: 'source'`) on them by instance name. */
export interface SourceMetricsWorld extends InstancesWorld {
  readonly metrics: readonly MetricFixture[];
}

/** An Azure resource fixture, by name. */
export interface AzureResourceFixture {
  readonly name: string;
  readonly resourceGroup: string;
  readonly type: string;
}

/** The world of the `targetResources` suite: Azure resources in one subscription. */
export interface AzureWorld {
  readonly azureSubscriptionId: string;
  readonly azureResources: readonly AzureResourceFixture[];
}

/** The world of the `targetMetrics` suite: Azure resources and series (`side: 'target'`) on them by name. */
export interface TargetMetricsWorld extends AzureWorld {
  readonly metrics: readonly MetricFixture[];
}

/** A day's cost of a tag. */
export interface CostFixture {
  readonly tagKey: string;
  readonly tagValue: string;
  readonly day: string;
  readonly amount: number;
}

/** The world of the `costs` suite. */
export interface CostsWorld {
  readonly costs: readonly CostFixture[];
}

/** An Azure Advisor recommendation fixture. */
export interface AdvisorFixture {
  readonly category: 'Cost' | 'Security' | 'HighAvailability' | 'OperationalExcellence' | 'Performance';
  readonly impact: 'High' | 'Medium' | 'Low';
  readonly problem: string;
}

/** The world of the `advisor` suite. */
export interface AdvisorWorld {
  readonly azureSubscriptionId: string;
  readonly advisor: readonly AdvisorFixture[];
}

/** The world of the `assessment` suite: one Well-Architected workload with `answers` answers in `lens`. */
export interface AssessmentWorld {
  readonly wellArchitected: { readonly name: string; readonly lens: string; readonly answers: number };
}

/** The world of the `artifacts` suite: an artifact store to write to. */
export interface ArtifactsWorld {
  readonly artifacts: true;
}
