import { defineWorkload, type Workload } from '@decomkit/core';
import type { FakeCloudSeed } from '@decomkit/fake';

export const SUBSCRIPTION = '6f1c2a0e-3b1d-4c59-9d2e-0b6a8e4f7c11';
const AZURE_GROUP = `/subscriptions/${SUBSCRIPTION}/resourceGroups/rg-payments/providers`;
export const AZURE_WEB = `${AZURE_GROUP}/Microsoft.Web/sites/payments-web`;
export const AZURE_SQL = `${AZURE_GROUP}/Microsoft.Sql/servers/payments-sql`;

/** Hourly points over the three days before `end`. */
export function hourly(end: string, value: (hour: number) => number, hours = 72) {
  return Array.from({ length: hours }, (_, hour) => ({
    at: new Date(Date.parse(end) - (hours - hour) * 3_600_000).toISOString(),
    value: value(hour),
  }));
}

/** A clean payments world in which every item of the checklist can be completed. */
export function standardSeed(now: string, sourceTraffic = 0): FakeCloudSeed {
  const tags = { workload: 'payments' };
  return {
    now,
    source: {
      instances: [
        { id: 'i-web1', tags, name: 'web-1' },
        { id: 'i-web2', tags, name: 'web-2', terminationProtection: true },
        { id: 'i-billing', tags: { workload: 'billing' } },
      ],
      volumes: [{ id: 'vol-web1', tags, instanceId: 'i-web1', deleteOnTermination: true }],
      autoScalingGroups: [
        {
          groupName: 'payments-asg',
          tags,
          desiredCapacity: 2,
          instanceIds: ['i-asg0000000000001', 'i-asg0000000000002'],
        },
      ],
      dbInstances: [{ id: 'payments-db', tags, deletionProtection: true }],
    },
    services: {
      metrics: [
        {
          resource: 'arn:aws:ec2:eu-west-1:111122223333:instance/i-web1',
          namespace: 'AWS/EC2',
          metric: 'NetworkIn',
          points: hourly(now, () => sourceTraffic),
        },
        // EC2 reports NetworkIn for every running instance: idle ones too (no datapoint = not measured).
        ...['i-web2', 'i-asg0000000000001', 'i-asg0000000000002'].map((id) => ({
          resource: `arn:aws:ec2:eu-west-1:111122223333:instance/${id}`,
          namespace: 'AWS/EC2',
          metric: 'NetworkIn',
          points: hourly(now, () => 0),
        })),
        {
          resource: 'arn:aws:rds:eu-west-1:111122223333:db:payments-db',
          namespace: 'AWS/RDS',
          metric: 'DatabaseConnections',
          points: hourly(now, () => 0),
        },
      ],
      azureMetrics: [
        { resource: AZURE_WEB, namespace: null, metric: 'Requests', points: hourly(now, (hour) => 1000 + hour) },
        {
          resource: AZURE_WEB,
          namespace: null,
          metric: 'ResponseTime',
          points: hourly(now, (hour) => 80 + (hour % 20)),
        },
        { resource: AZURE_WEB, namespace: null, metric: 'CpuPercentage', points: hourly(now, () => 35) },
        { resource: AZURE_WEB, namespace: null, metric: 'MemoryPercentage', points: hourly(now, () => 60) },
      ],
      replicationTasks: [{ arn: 'arn:aws:dms:eu-west-1:111122223333:task:payments-cdc', tags, lagSeconds: 0 }],
      wellArchitected: [
        {
          id: 'wa-payments',
          name: 'payments',
          lenses: ['wellarchitected'],
          answers: Array.from({ length: 12 }, (_, index) => ({
            lens: 'wellarchitected',
            questionId: `q${index}`,
            pillar: ['security', 'reliability', 'costOptimization'][index % 3] ?? 'security',
            risk: index % 4 === 0 ? 'HIGH' : 'NONE',
            choices: [`choice-${index}`],
          })),
        },
      ],
      costs: [
        { tagKey: 'workload', tagValue: 'payments', day: '2026-12-10', amount: 41.5 },
        { tagKey: 'workload', tagValue: 'payments', day: '2026-12-14', amount: 40.25 },
      ],
      dnsRecords: [
        { zone: 'example.com', name: 'pay', type: 'CNAME', ttl: 60, values: ['payments-web.azurewebsites.net'] },
      ],
      azureResources: [
        {
          id: AZURE_WEB,
          name: 'payments-web',
          type: 'microsoft.web/sites',
          location: 'westeurope',
          subscriptionId: SUBSCRIPTION,
          resourceGroup: 'rg-payments',
          tags,
        },
        {
          id: AZURE_SQL,
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
          category: 'Cost',
          impact: 'Medium',
          resourceId: AZURE_SQL,
          problem: 'Right-size the SQL server',
        },
        {
          id: 'adv-2',
          subscriptionId: SUBSCRIPTION,
          category: 'HighAvailability',
          impact: 'High',
          resourceId: AZURE_WEB,
          problem: 'Use zone redundancy',
        },
        {
          id: 'adv-3',
          subscriptionId: SUBSCRIPTION,
          category: 'Security',
          impact: 'Low',
          resourceId: AZURE_WEB,
          problem: 'Enable Defender for App Service',
        },
      ],
      cmdb: {
        items: [
          { id: 'ci-aws-payments', name: 'payments (AWS)' },
          { id: 'ci-azure-payments', name: 'payments (Azure)' },
        ],
      },
    },
  };
}

/** The standard world at `now`, its CMDB holding `items` instead (with the cloud ids discovery recorded on them). */
export function standardSeedWithCis(
  now: string,
  items: NonNullable<NonNullable<FakeCloudSeed['services']>['cmdb']>['items'],
): FakeCloudSeed {
  const seed = standardSeed(now);
  return { ...seed, services: { ...seed.services, cmdb: { items } } };
}

/** The payments workload of that world. */
export function standardWorkload(): Workload {
  return defineWorkload({
    id: 'payments',
    source: { accountId: '111122223333', regions: ['eu-west-1'], select: { tags: { workload: 'payments' } } },
    target: { subscriptionId: SUBSCRIPTION, resourceGroups: ['rg-payments'] },
    dns: [{ zone: 'example.com', name: 'pay', type: 'CNAME', originalTtl: 3600 }],
    cmdb: { ciIds: ['ci-aws-payments'], azureCiIds: ['ci-azure-payments'] },
    sunset: { stopAt: '2026-12-01', deleteAt: '2026-12-15' },
    backups: { vault: 'decom-archive', retainDays: 365 },
    policies: {
      'AWS::EC2::Instance': { liftProtection: true },
      'AWS::RDS::DBInstance': { liftProtection: true },
    },
  })._unsafeUnwrap();
}
