/**
 * The demo's world: a realistic, messy payments workload on the fake cloud —
 * an Auto Scaling fleet behind a load balancer, standalone and protected
 * instances with their volumes and address, an Aurora cluster and a protected
 * RDS database, an AMI, a Glue job decomkit has no handler for, and
 * look-alikes it must not touch (another workload's tags, a staging tag,
 * another region) — plus the Azure side, DNS, the CMDB and costs.
 */
import type { WorkloadInput } from '@decomkit/core';
import type { FakeCloudSeed } from './seed.js';

const SUBSCRIPTION = '6f1c2a0e-3b1d-4c59-9d2e-0b6a8e4f7c11';
const AZURE = `/subscriptions/${SUBSCRIPTION}/resourceGroups/rg-payments/providers`;
const tags = { workload: 'payments', owner: 'payments-team' };

/** The Glue job no handler supports: the finance team's ledger export, which stays on purpose. */
export const DEMO_GLUE_JOB = 'arn:aws:glue:eu-west-1:111122223333:job/payments-ledger-export';

const hourly = (end: string, value: (hour: number) => number) =>
  Array.from({ length: 7 * 24 }, (_, hour) => ({
    at: new Date(Date.parse(end) - (7 * 24 - hour) * 3_600_000).toISOString(),
    value: value(hour),
  }));

/**
 * The seed of the demo's fake cloud, at `now`: a realistic, messy payments
 * workload (see the file's comment) with the Azure side, DNS, the CMDB and costs.
 *
 * @example
 * ```ts
 * const cloud = createFakeCloud(demoSeed('2026-11-26T09:00:00Z'));
 * ```
 */
export function demoSeed(now: string): FakeCloudSeed {
  const standalone = ['i-0api1', 'i-0api2', 'i-0worker1', 'i-0worker2'];
  const webInstances = Array.from({ length: 12 }, (_, index) => `i-0web${String(index + 1).padStart(2, '0')}`);
  // CloudWatch reports NetworkIn for every running instance and DatabaseConnections for every available
  // database, idle or not: the cutover is proven on these zeros, never on missing data.
  const idle = (resource: string, namespace: string, metric: string) => ({
    resource,
    namespace,
    metric,
    points: hourly(now, () => 0),
  });
  return {
    now,
    accountAlias: 'payments-prod',
    source: {
      instances: [
        ...standalone.map((id) => ({ id, name: id.slice(3), tags, securityGroups: ['sg-0app'] })),
        { id: 'i-0ledger', name: 'ledger', tags, terminationProtection: true, securityGroups: ['sg-0app'] },
        { id: 'i-0bill1', name: 'billing-1', tags: { workload: 'billing', owner: 'payments-team' } },
        { id: 'i-0bill2', name: 'billing-2', tags: { workload: 'billing' } },
        { id: 'i-0stage', name: 'payments-staging', tags: { workload: 'payments-staging', owner: 'payments-team' } },
        { id: 'i-0dr1', name: 'payments-dr', tags, region: 'us-east-1' },
        { id: 'i-0dr2', name: 'payments-dr', tags, region: 'us-east-1' },
      ],
      volumes: [
        ...standalone.map((id) => ({ id: `vol-${id.slice(2)}`, tags, instanceId: id, deleteOnTermination: true })),
        { id: 'vol-0ledger-root', tags, instanceId: 'i-0ledger', deleteOnTermination: true },
        { id: 'vol-0ledger-data', tags, instanceId: 'i-0ledger' },
        { id: 'vol-0orphan', tags },
        { id: 'vol-0scratch', tags },
        { id: 'vol-0worker1-data', tags, instanceId: 'i-0worker1' },
      ],
      addresses: [{ allocationId: 'eipalloc-0api', tags, instanceId: 'i-0api1' }],
      securityGroups: [
        { id: 'sg-0app', groupName: 'payments-app', tags },
        { id: 'sg-0web', groupName: 'payments-web', tags },
      ],
      autoScalingGroups: [
        {
          groupName: 'payments-web',
          tags,
          desiredCapacity: 12,
          instanceIds: webInstances,
          securityGroups: ['sg-0web'],
          targetGroups: ['payments-web'],
        },
      ],
      loadBalancers: [
        {
          loadBalancerName: 'payments-alb',
          tags,
          securityGroups: ['sg-0web'],
          targetGroups: ['payments-web', 'payments-api'],
        },
      ],
      targetGroups: [
        { targetGroupName: 'payments-web', tags },
        { targetGroupName: 'payments-api', tags, targets: ['i-0api1', 'i-0api2'] },
      ],
      images: [{ id: 'ami-0payments', name: 'payments-golden', tags }],
      dbInstances: [{ id: 'payments-db', tags, deletionProtection: true }],
      dbClusters: [{ id: 'payments-ledger', tags, members: ['payments-ledger-1', 'payments-ledger-2'] }],
      otherResources: [{ type: 'AWS::Glue::Job', name: 'payments-ledger-export', arn: DEMO_GLUE_JOB, tags }],
    },
    services: {
      metrics: [
        ...[...standalone, ...webInstances, 'i-0ledger'].map((id) =>
          idle(`arn:aws:ec2:eu-west-1:111122223333:instance/${id}`, 'AWS/EC2', 'NetworkIn'),
        ),
        ...['payments-db', 'payments-ledger-1', 'payments-ledger-2'].map((id) =>
          idle(`arn:aws:rds:eu-west-1:111122223333:db:${id}`, 'AWS/RDS', 'DatabaseConnections'),
        ),
      ],
      azureMetrics: [
        {
          resource: `${AZURE}/Microsoft.Web/sites/payments-web`,
          namespace: null,
          metric: 'Requests',
          points: hourly(now, (hour) => 900 + (hour % 24) * 40),
        },
        {
          resource: `${AZURE}/Microsoft.Web/sites/payments-web`,
          namespace: null,
          metric: 'ResponseTime',
          points: hourly(now, (hour) => 70 + (hour % 13) * 3),
        },
        {
          resource: `${AZURE}/Microsoft.Web/sites/payments-web`,
          namespace: null,
          metric: 'CpuPercentage',
          points: hourly(now, (hour) => 30 + (hour % 24)),
        },
        {
          resource: `${AZURE}/Microsoft.Web/sites/payments-web`,
          namespace: null,
          metric: 'MemoryPercentage',
          points: hourly(now, () => 58),
        },
      ],
      replicationTasks: [{ arn: 'arn:aws:dms:eu-west-1:111122223333:task:payments-cdc', tags, lagSeconds: 0 }],
      wellArchitected: [
        {
          id: 'wa-payments',
          name: 'payments',
          lenses: ['wellarchitected', 'serverless'],
          answers: Array.from({ length: 24 }, (_, index) => ({
            lens: index % 2 === 0 ? 'wellarchitected' : 'serverless',
            questionId: `q${index}`,
            pillar:
              ['security', 'reliability', 'performance', 'costOptimization', 'operationalExcellence'][index % 5] ??
              'security',
            risk: index % 5 === 0 ? 'HIGH' : index % 3 === 0 ? 'MEDIUM' : 'NONE',
            choices: [`choice-${index}`],
          })),
        },
      ],
      costs: [{ tagKey: 'workload', tagValue: 'payments', day: '2026-11-20', amount: 1284.1 }],
      dnsRecords: [
        { zone: 'example.com', name: 'pay', type: 'CNAME', ttl: 60, values: ['payments-web.azurewebsites.net'] },
      ],
      azureResources: [
        {
          id: `${AZURE}/Microsoft.Web/sites/payments-web`,
          name: 'payments-web',
          type: 'microsoft.web/sites',
          location: 'westeurope',
          subscriptionId: SUBSCRIPTION,
          resourceGroup: 'rg-payments',
          tags,
        },
        {
          id: `${AZURE}/Microsoft.Sql/servers/payments-sql`,
          name: 'payments-sql',
          type: 'microsoft.sql/servers',
          location: 'westeurope',
          subscriptionId: SUBSCRIPTION,
          resourceGroup: 'rg-payments',
          tags,
        },
      ],
      advisor: [
        {
          id: 'adv-1',
          subscriptionId: SUBSCRIPTION,
          category: 'HighAvailability',
          impact: 'High',
          resourceId: `${AZURE}/Microsoft.Web/sites/payments-web`,
          problem: 'Enable zone redundancy',
        },
        {
          id: 'adv-2',
          subscriptionId: SUBSCRIPTION,
          category: 'Cost',
          impact: 'Medium',
          resourceId: `${AZURE}/Microsoft.Sql/servers/payments-sql`,
          problem: 'Right-size the database',
        },
      ],
      cmdb: {
        items: [
          { id: 'CI0042', name: 'payments (AWS)' },
          { id: 'CI0077', name: 'payments (Azure)' },
        ],
      },
    },
  };
}

/**
 * The workload the demo decommissions, as `defineWorkload` takes it (the
 * `decomkit` CLI's `init --world demo` and `demo` write it to a workload file).
 *
 * @example
 * ```ts
 * const workload = defineWorkload(demoWorkloadInput())._unsafeUnwrap();
 * const cloud = createFakeCloud(demoSeed('2026-11-26T09:00:00Z'));
 * ```
 */
export function demoWorkloadInput(): WorkloadInput {
  return {
    id: 'payments',
    source: { accountId: '111122223333', regions: ['eu-west-1'], select: { tags: { workload: 'payments' } } },
    target: { subscriptionId: SUBSCRIPTION, resourceGroups: ['rg-payments'] },
    dns: [{ zone: 'example.com', name: 'pay', type: 'CNAME', originalTtl: 3600 }],
    cmdb: { ciIds: ['CI0042'], azureCiIds: ['CI0077'] },
    sunset: { stopAt: '2026-12-01', deleteAt: '2026-12-15' },
    backups: { vault: 'decom-archive', retainDays: 365 },
    policies: {
      'AWS::EC2::Instance': { liftProtection: true },
      'AWS::RDS::DBInstance': { liftProtection: true },
      'AWS::EC2::Image': { backup: 'none' },
    },
    guards: { requiredAccountAlias: 'payments-prod' },
  };
}
