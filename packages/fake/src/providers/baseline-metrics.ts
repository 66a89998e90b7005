import type { BaselineMetrics } from '@decomkit/core';

/**
 * The baseline catalogue of the fake Azure Monitor: an App Service site
 * reports `ResponseTime` in milliseconds (the fake computes its percentiles
 * from the seeded samples), `Requests`, and, unlike Azure, where they are
 * metrics of the App Service plan, `CpuPercentage` and `MemoryPercentage`.
 * Seed those names to give a fake site a baseline; any other type is not
 * measured.
 *
 * @example
 * ```ts
 * createFakeCloud({ seed: { services: { azureMetrics: [{ resource: siteId, namespace: null, metric: 'ResponseTime', points }] } } });
 * ```
 */
export const FAKE_AZURE_BASELINE_METRICS: readonly BaselineMetrics[] = [
  {
    type: 'Microsoft.Web/sites',
    latency: { metric: 'ResponseTime', statistic: 'Average', percentiles: true },
    requests: { metric: 'Requests', statistic: 'Sum' },
    cpu: { metric: 'CpuPercentage', statistic: 'Average' },
    memory: { metric: 'MemoryPercentage', statistic: 'Average' },
  },
];

/**
 * The baseline catalogue of the fake CloudWatch, as the AWS provider's: an
 * Application Load Balancer's `TargetResponseTime` (seconds, with
 * percentiles) and `RequestCount`, an EC2 instance's `CPUUtilization` and
 * the CloudWatch agent's `mem_used_percent`, an RDS instance's `CPUUtilization`.
 *
 * @example
 * ```ts
 * FAKE_CLOUDWATCH_BASELINE_METRICS.map((entry) => entry.type);
 * ```
 */
export const FAKE_CLOUDWATCH_BASELINE_METRICS: readonly BaselineMetrics[] = [
  {
    type: 'AWS::ElasticLoadBalancingV2::LoadBalancer',
    latency: { metric: 'TargetResponseTime', statistic: 'Average', scale: 1000, percentiles: true },
    requests: { metric: 'RequestCount', statistic: 'Sum' },
  },
  {
    type: 'AWS::EC2::Instance',
    cpu: { metric: 'CPUUtilization', statistic: 'Average' },
    memory: { metric: 'mem_used_percent', namespace: 'CWAgent', statistic: 'Average' },
  },
  { type: 'AWS::RDS::DBInstance', cpu: { metric: 'CPUUtilization', statistic: 'Average' } },
];
