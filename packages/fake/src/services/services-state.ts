/**
 * State of the fake's non-resource services: CloudWatch and Azure Monitor
 * metrics, DMS, Well-Architected, Cost Explorer, Route 53 and Azure DNS,
 * Resource Graph, Advisor, and a ServiceNow-like CMDB. Plain JSON, so a world
 * snapshot carries them. Seeds with defaults are in `services-seed.ts`.
 */

/** A metric time series: datapoints of one metric of one resource. */
export interface FakeMetricSeries {
  /** ARN (CloudWatch) or Azure resource id (Azure Monitor). */
  readonly resource: string;
  readonly namespace: string | null;
  readonly metric: string;
  readonly points: { readonly at: string; readonly value: number }[];
}

/** A DMS replication task. */
export interface FakeReplicationTask {
  readonly arn: string;
  status: 'running' | 'stopped' | 'stopping';
  lagSeconds: number;
  readonly tags: Record<string, string>;
  /** When the task stopped (or, while `stopping`, when it will have stopped). */
  stoppedAt: string | null;
}

/** One answer of a Well-Architected lens review. */
export interface FakeWellArchitectedAnswer {
  readonly lens: string;
  readonly questionId: string;
  readonly pillar: string;
  readonly risk: string;
  readonly choices: readonly string[];
}

/** A Well-Architected workload with its answers per lens and its milestones. */
export interface FakeWellArchitectedWorkload {
  readonly id: string;
  readonly name: string;
  readonly lenses: readonly string[];
  readonly answers: readonly FakeWellArchitectedAnswer[];
  milestones: {
    readonly number: number;
    readonly name: string;
    readonly at: string;
    /** The ClientRequestToken it was created with (a retry with the same token returns it). */
    readonly token?: string | null;
  }[];
}

/** Daily cost of one tag value. */
export interface FakeCost {
  readonly tagKey: string;
  readonly tagValue: string;
  readonly day: string;
  readonly amount: number;
}

/** A Route 53 hosted zone or an Azure DNS zone. */
export interface FakeDnsZone {
  readonly provider: 'route53' | 'azure';
  /** The zone's DNS name, without the trailing dot. */
  readonly name: string;
  /** Route 53 hosted zone id (`Z…`) or Azure DNS zone resource id. */
  readonly id: string;
}

/** A DNS record set in Route 53 or Azure DNS; `name` as seeded (relative, `@`, or the FQDN). */
export interface FakeDnsRecord {
  readonly provider: 'route53' | 'azure';
  readonly zone: string;
  readonly name: string;
  readonly type: string;
  ttl: number;
  values: string[];
  /** Azure DNS record sets carry an etag, changed by every write; null in Route 53. */
  etag?: string | null;
}

/** An Azure resource (Resource Graph). */
export interface FakeAzureResource {
  readonly id: string;
  readonly name: string;
  readonly type: string;
  readonly location: string;
  readonly subscriptionId: string;
  readonly resourceGroup: string;
  readonly tags: Record<string, string>;
}

/** An Azure Advisor recommendation (category as Advisor names it). */
export interface FakeAdvisorRecommendation {
  readonly id: string;
  readonly subscriptionId: string;
  readonly category: 'Cost' | 'Security' | 'HighAvailability' | 'OperationalExcellence' | 'Performance';
  readonly impact: 'High' | 'Medium' | 'Low';
  readonly resourceId: string;
  readonly problem: string;
}

/** A CMDB configuration item; `status` is one of the instance's choice values. */
export interface FakeConfigurationItem {
  readonly id: string;
  readonly name: string;
  status: string;
  links: string[];
  /** The cloud ids discovery recorded on the CI (ServiceNow `object_id` / `correlation_id`): an ARN, an instance id. */
  readonly cloudIds?: readonly string[];
  /** When the CI was last written (ServiceNow `sys_updated_on`); null when never written by decomkit. */
  updatedAt?: string | null;
}

/** A review scheduled in the CMDB. */
export interface FakeScheduledReview {
  readonly key: string;
  readonly workloadId: string | null;
  readonly ciId: string | null;
  readonly cadenceMonths: number;
  readonly firstReviewAt: string;
}

/** All of it. */
export interface ServicesState {
  metrics: FakeMetricSeries[];
  azureMetrics: FakeMetricSeries[];
  replicationTasks: FakeReplicationTask[];
  /** How long a DMS task stays `stopping` before it is `stopped` (fake seconds; 0 or absent: at once). */
  replicationStopSeconds?: number;
  wellArchitected: FakeWellArchitectedWorkload[];
  costs: FakeCost[];
  /** Hosted zones (Route 53) and DNS zones (Azure); absent in snapshots taken before zones were modelled. */
  dnsZones?: FakeDnsZone[];
  dnsRecords: FakeDnsRecord[];
  azureResources: FakeAzureResource[];
  advisor: FakeAdvisorRecommendation[];
  cmdb: {
    /** The instance's status choices: value and label, read by the retire handler (never hard-coded). */
    readonly statusChoices: { readonly value: string; readonly label: string }[];
    items: FakeConfigurationItem[];
    reviews: FakeScheduledReview[];
  };
}

/** ServiceNow's default `install_status` choices. */
export const DEFAULT_STATUS_CHOICES = [
  { value: '1', label: 'Installed' },
  { value: '2', label: 'On Order' },
  { value: '6', label: 'In Stock' },
  { value: '7', label: 'Retired' },
  { value: '100', label: 'Absent' },
] as const;
