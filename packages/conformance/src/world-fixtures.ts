/**
 * An EC2 instance the suite asks the provider under test to create, by logical name.
 *
 * @example
 * ```ts
 * const web: InstanceFixture = { name: 'web-1', tags: { workload: 'payments' }, terminationProtection: false };
 * ```
 */
export interface InstanceFixture {
  readonly name: string;
  readonly tags: Readonly<Record<string, string>>;
  /** A region other than the world's default. */
  readonly region?: string;
  readonly terminationProtection?: boolean;
}

/**
 * A DNS record set (Route 53 unless `provider` says Azure).
 *
 * @example
 * ```ts
 * const record: DnsRecordFixture = { zone: 'example.com', name: 'pay', type: 'CNAME', ttl: 60, values: ['payments.azurewebsites.net'] };
 * ```
 */
export interface DnsRecordFixture {
  readonly provider?: 'route53' | 'azure';
  readonly zone: string;
  readonly name: string;
  readonly type: string;
  readonly ttl: number;
  readonly values: readonly string[];
}

/**
 * A metric series; `side` says whether CloudWatch (source) or Azure Monitor (target) holds it.
 *
 * @example
 * ```ts
 * const series: MetricFixture = { side: 'source', resource: 'web-1', namespace: 'AWS/EC2', metric: 'NetworkIn', points: [{ at: '2026-12-15T00:00:00Z', value: 5 }] };
 * ```
 */
export interface MetricFixture {
  readonly side: 'source' | 'target';
  /** An instance name (source) or an Azure resource id (target). */
  readonly resource: string;
  readonly namespace?: string;
  readonly metric: string;
  readonly points: readonly { readonly at: string; readonly value: number }[];
}

/**
 * An S3 bucket in the world's account; `objects` object versions in it (default none).
 *
 * @example
 * ```ts
 * const bucket: BucketFixture = { name: 'payments-exports-1', tags: { workload: 'payments' }, objects: 2 };
 * ```
 */
export interface BucketFixture {
  readonly name: string;
  readonly tags: Readonly<Record<string, string>>;
  /** Object versions it holds, of 4 bytes each (`data`). Default 0. */
  readonly objects?: number;
  /** Delete markers besides them (the bucket versioned; each over one of the `objects`' keys). Default 0. */
  readonly deleteMarkers?: number;
  /** S3 Object Lock enabled (which turns versioning on). Default false. */
  readonly objectLock?: boolean;
  /** A region other than the world's default (a bucket's ARN names none: GetBucketLocation tells). */
  readonly region?: string;
}

/**
 * A DynamoDB table (in the world's region and account), `ACTIVE`, with deletion protection when asked.
 *
 * @example
 * ```ts
 * const table: TableFixture = { name: 'payments-sessions', tags: { workload: 'payments' }, deletionProtection: true };
 * ```
 */
export interface TableFixture {
  readonly name: string;
  readonly tags: Readonly<Record<string, string>>;
  readonly deletionProtection?: boolean;
}

/**
 * A Lambda function (in the world's region and account), with no reserved concurrency.
 *
 * @example
 * ```ts
 * const worker: FunctionFixture = { name: 'payments-worker', tags: { workload: 'payments' } };
 * ```
 */
export interface FunctionFixture {
  readonly name: string;
  readonly tags: Readonly<Record<string, string>>;
}

/**
 * The account and default region a world lives in (AWS ports).
 *
 * @example
 * ```ts
 * const account: AccountWorld = { accountId: '111122223333', region: 'eu-west-1' };
 * ```
 */
export interface AccountWorld {
  readonly accountId: string;
  readonly region: string;
}

/**
 * A world of EC2 instances (EC2 inventory and retirement, backups, configInventory, sourceMetrics suites).
 *
 * @example
 * ```ts
 * const world: InstancesWorld = { accountId: '111122223333', region: 'eu-west-1', instances: [{ name: 'web-1', tags: {} }] };
 * ```
 */
export interface InstancesWorld extends AccountWorld {
  readonly instances: readonly InstanceFixture[];
}

/**
 * The world of the `dns` suite: record sets to seed.
 *
 * @example
 * ```ts
 * const world: DnsWorld = { dnsRecords: [{ zone: 'example.com', name: 'pay', type: 'A', ttl: 60, values: ['10.0.0.1'] }] };
 * ```
 */
export interface DnsWorld {
  readonly dnsRecords: readonly DnsRecordFixture[];
}

/**
 * The world of the `cmdb` suite: configuration items to seed, by id.
 *
 * @example
 * ```ts
 * const world: CmdbWorld = { configurationItems: ['CI-AWS', 'CI-AZURE'] };
 * ```
 */
export interface CmdbWorld {
  readonly configurationItems: readonly string[];
  /**
   * The cloud ids discovery recorded on a CI, by CI id (an instance id, an
   * ARN), at most two: a ServiceNow target keeps the first in `object_id` and
   * the second in `correlation_id`, as Cloud Discovery does.
   */
  readonly cloudIds?: Readonly<Record<string, readonly string[]>>;
}

/**
 * A DMS replication task fixture, by logical name.
 *
 * @example
 * ```ts
 * const task: ReplicationTaskFixture = { name: 'payments-cdc', lagSeconds: 0, tags: { workload: 'payments' } };
 * ```
 */
export interface ReplicationTaskFixture {
  readonly name: string;
  readonly lagSeconds: number;
  readonly tags: Readonly<Record<string, string>>;
}

/**
 * The world of the `replication` suite.
 *
 * @example
 * ```ts
 * const world: ReplicationWorld = { accountId: '111122223333', region: 'eu-west-1', replicationTasks: [] };
 * ```
 */
export interface ReplicationWorld extends AccountWorld {
  readonly replicationTasks: readonly ReplicationTaskFixture[];
}

/**
 * The world of the `sourceMetrics` suite: instances, and series (`side: 'source'`) on them by instance name.
 *
 * @example
 * ```ts
 * const world: SourceMetricsWorld = { ...INSTANCES_WORLD, metrics: [] };
 * ```
 */
export interface SourceMetricsWorld extends InstancesWorld {
  readonly metrics: readonly MetricFixture[];
}

/**
 * An Azure resource fixture, by name.
 *
 * @example
 * ```ts
 * const site: AzureResourceFixture = { name: 'payments-web', resourceGroup: 'rg-payments', type: 'microsoft.web/sites' };
 * ```
 */
export interface AzureResourceFixture {
  readonly name: string;
  readonly resourceGroup: string;
  readonly type: string;
}

/**
 * The world of the `targetResources` suite: Azure resources in one subscription.
 *
 * @example
 * ```ts
 * const world: AzureWorld = { azureSubscriptionId: '6f1c2a0e-3b1d-4c59-9d2e-0b6a8e4f7c11', azureResources: [] };
 * ```
 */
export interface AzureWorld {
  readonly azureSubscriptionId: string;
  readonly azureResources: readonly AzureResourceFixture[];
}

/**
 * The world of the `targetMetrics` suite: Azure resources and series (`side: 'target'`) on them by name.
 *
 * @example
 * ```ts
 * const world: TargetMetricsWorld = { ...AZURE_WORLD, metrics: [] };
 * ```
 */
export interface TargetMetricsWorld extends AzureWorld {
  readonly metrics: readonly MetricFixture[];
}

/**
 * A day's cost of a tag.
 *
 * @example
 * ```ts
 * const cost: CostFixture = { tagKey: 'workload', tagValue: 'payments', day: '2026-12-10', amount: 12.5 };
 * ```
 */
export interface CostFixture {
  readonly tagKey: string;
  readonly tagValue: string;
  readonly day: string;
  readonly amount: number;
}

/**
 * The world of the `costs` suite.
 *
 * @example
 * ```ts
 * const world: CostsWorld = { costs: [] };
 * ```
 */
export interface CostsWorld {
  readonly costs: readonly CostFixture[];
}

/**
 * An Azure Advisor recommendation fixture.
 *
 * @example
 * ```ts
 * const advice: AdvisorFixture = { category: 'Cost', impact: 'Low', problem: 'Right-size the database' };
 * ```
 */
export interface AdvisorFixture {
  readonly category: 'Cost' | 'Security' | 'HighAvailability' | 'OperationalExcellence' | 'Performance';
  readonly impact: 'High' | 'Medium' | 'Low';
  readonly problem: string;
}

/**
 * The world of the `advisor` suite.
 *
 * @example
 * ```ts
 * const world: AdvisorWorld = { azureSubscriptionId: '6f1c2a0e-3b1d-4c59-9d2e-0b6a8e4f7c11', advisor: [] };
 * ```
 */
export interface AdvisorWorld {
  readonly azureSubscriptionId: string;
  readonly advisor: readonly AdvisorFixture[];
}

/**
 * The world of the `assessment` suite: one Well-Architected workload with `answers` answers in `lens`.
 *
 * @example
 * ```ts
 * const world: AssessmentWorld = { wellArchitected: { name: 'payments', lens: 'wellarchitected', answers: 25 } };
 * ```
 */
export interface AssessmentWorld {
  readonly wellArchitected: { readonly name: string; readonly lens: string; readonly answers: number };
}

/**
 * The world of the `artifacts` suite: an artifact store to write to.
 *
 * @example
 * ```ts
 * const world: ArtifactsWorld = { artifacts: true };
 * ```
 */
export interface ArtifactsWorld {
  readonly artifacts: true;
}

/**
 * A resource of the infrastructure rows (EC2, ELBv2, Auto Scaling, RDS,
 * SQS…): the target creates it in the world's account and region, named
 * `name` (its name, identifier, or `Name` tag where the service picks the
 * id), tagged exactly `tags`.
 *
 * @example
 * ```ts
 * const web: ResourceFixture = { type: 'AWS::EC2::Instance', name: 'payments-web', tags: { Name: 'payments-web', workload: 'payments' }, deletionProtection: true };
 * ```
 */
export interface ResourceFixture {
  /** The CloudFormation type. */
  readonly type: string;
  readonly name: string;
  readonly tags: Readonly<Record<string, string>>;
  /** The type's deletion protection on (DisableApiTermination for an instance). Default false. */
  readonly deletionProtection?: boolean;
  /**
   * What it holds that the service (or decomkit) refuses its delete for: an
   * ECR repository's images, a Kinesis stream's registered consumers, a state
   * machine's running executions, an ECS service's desired count. Default 0.
   */
  readonly contents?: number;
}
