/**
 * State and seeds of the fake's non-resource services: CloudWatch and Azure
 * Monitor metrics, DMS, Well-Architected, Cost Explorer, Route 53 and Azure
 * DNS, Resource Graph, Advisor, and a ServiceNow-like CMDB. Plain JSON, so a
 * world snapshot carries them.
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
  stoppedAt: string | null;
}

/** A Well-Architected workload with its answers per lens. */
export interface FakeWellArchitectedWorkload {
  readonly id: string;
  readonly name: string;
  readonly lenses: readonly string[];
  readonly answers: readonly {
    readonly lens: string;
    readonly questionId: string;
    readonly pillar: string;
    readonly risk: string;
    readonly choices: readonly string[];
  }[];
  milestones: { readonly number: number; readonly name: string; readonly at: string }[];
}

/** Daily cost of one tag value. */
export interface FakeCost {
  readonly tagKey: string;
  readonly tagValue: string;
  readonly day: string;
  readonly amount: number;
}

/** A DNS record set in Route 53 or Azure DNS. */
export interface FakeDnsRecord {
  readonly provider: 'route53' | 'azure';
  readonly zone: string;
  readonly name: string;
  readonly type: string;
  ttl: number;
  readonly values: readonly string[];
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
}

/** A review scheduled in the CMDB. */
export interface FakeScheduledReview {
  readonly key: string;
  readonly workloadId: string;
  readonly ciId: string | null;
  readonly cadenceMonths: number;
  readonly firstReviewAt: string;
}

/** All of it. */
export interface ServicesState {
  metrics: FakeMetricSeries[];
  azureMetrics: FakeMetricSeries[];
  replicationTasks: FakeReplicationTask[];
  wellArchitected: FakeWellArchitectedWorkload[];
  costs: FakeCost[];
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

/** What a test seeds of these services; every field optional. */
export interface ServicesSeed {
  readonly metrics?: readonly FakeMetricSeries[];
  readonly azureMetrics?: readonly FakeMetricSeries[];
  readonly replicationTasks?: readonly {
    readonly arn: string;
    readonly status?: FakeReplicationTask['status'];
    readonly lagSeconds?: number;
    readonly tags?: Record<string, string>;
  }[];
  readonly wellArchitected?: readonly Omit<FakeWellArchitectedWorkload, 'milestones'>[];
  readonly costs?: readonly FakeCost[];
  readonly dnsRecords?: readonly (Omit<FakeDnsRecord, 'provider'> & {
    readonly provider?: FakeDnsRecord['provider'];
  })[];
  readonly azureResources?: readonly FakeAzureResource[];
  readonly advisor?: readonly FakeAdvisorRecommendation[];
  readonly cmdb?: {
    readonly statusChoices?: readonly { readonly value: string; readonly label: string }[];
    readonly items?: readonly { readonly id: string; readonly name?: string; readonly status?: string }[];
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

/** The services' initial state from a seed. */
export function servicesStateFromSeed(seed: ServicesSeed = {}): ServicesState {
  const statusChoices = [...(seed.cmdb?.statusChoices ?? DEFAULT_STATUS_CHOICES)];
  const installed = statusChoices[0]?.value ?? '1';
  return {
    metrics: structuredClone([...(seed.metrics ?? [])]),
    azureMetrics: structuredClone([...(seed.azureMetrics ?? [])]),
    replicationTasks: (seed.replicationTasks ?? []).map((task) => ({
      arn: task.arn,
      status: task.status ?? 'running',
      lagSeconds: task.lagSeconds ?? 0,
      tags: { ...task.tags },
      stoppedAt: null,
    })),
    wellArchitected: (seed.wellArchitected ?? []).map((workload) => ({ ...structuredClone(workload), milestones: [] })),
    costs: structuredClone([...(seed.costs ?? [])]),
    dnsRecords: (seed.dnsRecords ?? []).map((record) => ({
      ...structuredClone(record),
      provider: record.provider ?? 'route53',
    })),
    azureResources: structuredClone([...(seed.azureResources ?? [])]),
    advisor: structuredClone([...(seed.advisor ?? [])]),
    cmdb: {
      statusChoices,
      items: (seed.cmdb?.items ?? []).map((item) => ({
        id: item.id,
        name: item.name ?? item.id,
        status: item.status ?? installed,
        links: [],
      })),
      reviews: [],
    },
  };
}
