import type { BaselineMetrics } from '@decomkit/core';

/**
 * What the baseline's regression check reads from CloudWatch for the AWS
 * workload before its cutover, per resource type the `sourceMetrics` port
 * reads (load balancers, EC2 instances, RDS DB instances). An Application
 * Load Balancer's `TargetResponseTime` is in seconds and CloudWatch gives its
 * percentiles natively; memory of an EC2 instance is the CloudWatch agent's
 * `mem_used_percent` (namespace `CWAgent`, with the `InstanceId` dimension),
 * so an instance without the agent has it not measured.
 *
 * @example
 * ```ts
 * CLOUDWATCH_BASELINE_METRICS.map((entry) => entry.type);
 * // ['AWS::ElasticLoadBalancingV2::LoadBalancer', 'AWS::EC2::Instance', 'AWS::RDS::DBInstance']
 * ```
 */
export const CLOUDWATCH_BASELINE_METRICS: readonly BaselineMetrics[] = [
  {
    type: 'AWS::ElasticLoadBalancingV2::LoadBalancer',
    latency: { metric: 'TargetResponseTime', statistic: 'Average', scale: 1000, percentiles: true },
    requests: { metric: 'RequestCount', statistic: 'Sum' },
    notes: 'a load balancer has no CPU or memory; a Network Load Balancer reports no requests or latency',
  },
  {
    type: 'AWS::EC2::Instance',
    cpu: { metric: 'CPUUtilization', statistic: 'Average' },
    memory: { metric: 'mem_used_percent', namespace: 'CWAgent', statistic: 'Average' },
    notes: 'an instance reports no requests or latency; memory needs the CloudWatch agent',
  },
  {
    type: 'AWS::RDS::DBInstance',
    cpu: { metric: 'CPUUtilization', statistic: 'Average' },
    notes: 'RDS reports freeable memory in bytes, not a percentage, and no request latency',
  },
];
