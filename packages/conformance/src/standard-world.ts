import type { WorldFixture } from './target.js';
import type {
  AccountWorld,
  AdvisorWorld,
  ArtifactsWorld,
  AssessmentWorld,
  AzureWorld,
  CmdbWorld,
  CostsWorld,
  DnsWorld,
  InstancesWorld,
  ReplicationWorld,
  SourceMetricsWorld,
  TargetMetricsWorld,
} from './world-fixtures.js';

/** Hourly points from `start`. */
function hours(start: string, values: readonly number[]) {
  return values.map((value, hour) => ({ at: new Date(Date.parse(start) + hour * 3_600_000).toISOString(), value }));
}

/**
 * The account and region of every standard world.
 *
 * @example
 * ```ts
 * const seeded = await seedWorld(STANDARD_ACCOUNT); // what a target's create builds from
 * ```
 */
export const STANDARD_ACCOUNT: AccountWorld = { accountId: '111122223333', region: 'eu-west-1' };

/**
 * Three in-scope instances (one protected) and two look-alikes: one with another tag, one in another region.
 *
 * @example
 * ```ts
 * const seeded = await seedWorld(INSTANCES_WORLD); // what a target's create builds from
 * ```
 */
export const INSTANCES_WORLD: InstancesWorld = {
  ...STANDARD_ACCOUNT,
  instances: [
    { name: 'web-1', tags: { workload: 'payments', tier: 'web' } },
    { name: 'web-2', tags: { workload: 'payments', tier: 'web' } },
    { name: 'locked', tags: { workload: 'payments', tier: 'db' }, terminationProtection: true },
    { name: 'billing', tags: { workload: 'billing' } },
    { name: 'far', tags: { workload: 'payments' }, region: 'us-east-1' },
  ],
};

/**
 * The names in INSTANCES_WORLD that the `workload=payments` selector puts in scope in eu-west-1.
 *
 * @example
 * ```ts
 * const seeded = await seedWorld(IN_SCOPE); // what a target's create builds from
 * ```
 */
export const IN_SCOPE = ['web-1', 'web-2', 'locked'] as const;

/**
 * A Route 53 record and an Azure DNS record.
 *
 * @example
 * ```ts
 * const seeded = await seedWorld(DNS_WORLD); // what a target's create builds from
 * ```
 */
export const DNS_WORLD: DnsWorld = {
  dnsRecords: [
    { zone: 'example.com', name: 'pay', type: 'CNAME', ttl: 60, values: ['payments.azurewebsites.net'] },
    { provider: 'azure', zone: 'example.net', name: 'api', type: 'A', ttl: 30, values: ['20.50.0.1'] },
  ],
};

/** The EC2 instance whose CI is `CI-AWS` in {@link CMDB_WORLD}: its id, then its ARN. */
export const CMDB_INSTANCE_CLOUD_IDS = [
  'i-0c0ffee0c0ffee001',
  'arn:aws:ec2:eu-west-1:111122223333:instance/i-0c0ffee0c0ffee001',
] as const;

/**
 * The AWS CI being retired and the Azure CI it is linked to; discovery
 * recorded the instance id and ARN of `CI-AWS`, and the Azure resource id of `CI-AZURE`.
 *
 * @example
 * ```ts
 * const seeded = await seedWorld(CMDB_WORLD); // what a target's create builds from
 * ```
 */
export const CMDB_WORLD: CmdbWorld = {
  configurationItems: ['CI-AWS', 'CI-AZURE'],
  cloudIds: {
    'CI-AWS': CMDB_INSTANCE_CLOUD_IDS,
    'CI-AZURE': [
      '/subscriptions/00000000-0000-4000-8000-000000000000/resourceGroups/rg-payments/providers/Microsoft.Web/sites/payments-app',
    ],
  },
};

/**
 * One DMS task, caught up.
 *
 * @example
 * ```ts
 * const seeded = await seedWorld(REPLICATION_WORLD); // what a target's create builds from
 * ```
 */
export const REPLICATION_WORLD: ReplicationWorld = {
  ...STANDARD_ACCOUNT,
  replicationTasks: [{ name: 'payments-cdc', lagSeconds: 0, tags: { workload: 'payments' } }],
};

/**
 * The instances, and a CloudWatch series on `web-1`.
 *
 * @example
 * ```ts
 * const seeded = await seedWorld(SOURCE_METRICS_WORLD); // what a target's create builds from
 * ```
 */
export const SOURCE_METRICS_WORLD: SourceMetricsWorld = {
  ...INSTANCES_WORLD,
  metrics: [
    {
      side: 'source',
      resource: 'web-1',
      namespace: 'AWS/EC2',
      metric: 'NetworkIn',
      points: hours('2026-12-15T00:00:00Z', [5, 0, 7]),
    },
  ],
};

/**
 * Three Azure resources in two resource groups of one subscription.
 *
 * @example
 * ```ts
 * const seeded = await seedWorld(AZURE_WORLD); // what a target's create builds from
 * ```
 */
export const AZURE_WORLD: AzureWorld = {
  azureSubscriptionId: '6f1c2a0e-3b1d-4c59-9d2e-0b6a8e4f7c11',
  azureResources: [
    { name: 'payments-web', resourceGroup: 'rg-payments', type: 'microsoft.web/sites' },
    { name: 'payments-sql', resourceGroup: 'rg-payments', type: 'microsoft.sql/servers' },
    { name: 'billing-web', resourceGroup: 'rg-billing', type: 'microsoft.web/sites' },
  ],
};

/**
 * The Azure resources, and an Azure Monitor series on `payments-web`.
 *
 * @example
 * ```ts
 * const seeded = await seedWorld(TARGET_METRICS_WORLD); // what a target's create builds from
 * ```
 */
export const TARGET_METRICS_WORLD: TargetMetricsWorld = {
  ...AZURE_WORLD,
  metrics: [
    {
      side: 'target',
      resource: 'payments-web',
      metric: 'Requests',
      points: hours('2026-12-15T00:00:00Z', [100, 200, 300]),
    },
  ],
};

/**
 * Two days of cost of the `workload=payments` tag.
 *
 * @example
 * ```ts
 * const seeded = await seedWorld(COSTS_WORLD); // what a target's create builds from
 * ```
 */
export const COSTS_WORLD: CostsWorld = {
  costs: [
    { tagKey: 'workload', tagValue: 'payments', day: '2026-12-10', amount: 12.5 },
    { tagKey: 'workload', tagValue: 'payments', day: '2026-12-11', amount: 7.5 },
  ],
};

/**
 * Two Advisor recommendations.
 *
 * @example
 * ```ts
 * const seeded = await seedWorld(ADVISOR_WORLD); // what a target's create builds from
 * ```
 */
export const ADVISOR_WORLD: AdvisorWorld = {
  azureSubscriptionId: AZURE_WORLD.azureSubscriptionId,
  advisor: [
    { category: 'HighAvailability', impact: 'High', problem: 'Use availability zones' },
    { category: 'Cost', impact: 'Low', problem: 'Right-size the database' },
  ],
};

/**
 * A Well-Architected workload with 25 answers.
 *
 * @example
 * ```ts
 * const seeded = await seedWorld(ASSESSMENT_WORLD); // what a target's create builds from
 * ```
 */
export const ASSESSMENT_WORLD: AssessmentWorld = {
  wellArchitected: { name: 'payments', lens: 'wellarchitected', answers: 25 },
};

/**
 * An artifact store.
 *
 * @example
 * ```ts
 * const seeded = await seedWorld(ARTIFACTS_WORLD); // what a target's create builds from
 * ```
 */
export const ARTIFACTS_WORLD: ArtifactsWorld = { artifacts: true };

/**
 * The world most groups of {@link runProviderConformance} start from: every per-port world above in one.
 *
 * @example
 * ```ts
 * const seeded = await seedWorld(STANDARD_WORLD); // what a target's create builds from
 * ```
 */
export const STANDARD_WORLD: WorldFixture = {
  ...INSTANCES_WORLD,
  ...DNS_WORLD,
  ...CMDB_WORLD,
  ...REPLICATION_WORLD,
  metrics: [...SOURCE_METRICS_WORLD.metrics, ...TARGET_METRICS_WORLD.metrics],
  ...COSTS_WORLD,
  ...AZURE_WORLD,
  ...ADVISOR_WORLD,
  ...ASSESSMENT_WORLD,
};
