import type { BaselineMetrics } from '@decomkit/core';

/**
 * What the performance baseline reads from Azure Monitor per resource type,
 * with the metric names and aggregations of Azure Monitor's supported-metrics
 * reference. Latency percentiles come from the Log Analytics workspace's
 * Application Insights requests where the type reports requests there
 * (`percentiles: true`); platform metrics have none. A figure an entry leaves
 * out is reported as not measured, with the entry's notes.
 *
 * @example
 * ```ts
 * AZURE_BASELINE_METRICS.find((entry) => entry.type === 'Microsoft.Web/sites')?.latency?.metric; // 'HttpResponseTime'
 * ```
 */
export const AZURE_BASELINE_METRICS: readonly BaselineMetrics[] = [
  {
    // App Service and Functions apps (kind functionapp) share the type and these metrics.
    type: 'Microsoft.Web/sites',
    latency: { metric: 'HttpResponseTime', statistic: 'Average', scale: 1000, percentiles: true, percentileScale: 1 },
    requests: { metric: 'Requests', statistic: 'Sum' },
    notes: 'CPU and memory percentages are metrics of the App Service plan (Microsoft.Web/serverfarms)',
  },
  {
    type: 'Microsoft.Web/serverfarms',
    cpu: { metric: 'CpuPercentage', statistic: 'Average' },
    memory: { metric: 'MemoryPercentage', statistic: 'Average' },
    notes: 'an App Service plan reports no requests or latency: its sites do',
  },
  {
    type: 'Microsoft.Compute/virtualMachines',
    cpu: { metric: 'Percentage CPU', statistic: 'Average' },
    memory: { metric: 'Available Memory Percentage', statistic: 'Average', complement: true },
    notes: 'a virtual machine reports no requests or latency as platform metrics',
  },
  {
    type: 'Microsoft.Compute/virtualMachineScaleSets',
    cpu: { metric: 'Percentage CPU', statistic: 'Average' },
    memory: { metric: 'Available Memory Percentage', statistic: 'Average', complement: true },
    notes: 'a scale set reports no requests or latency as platform metrics',
  },
  {
    type: 'Microsoft.Sql/servers/databases',
    cpu: { metric: 'cpu_percent', statistic: 'Average' },
    memory: { metric: 'sql_instance_memory_percent', statistic: 'Average' },
    notes: 'Azure SQL reports no request latency as a platform metric',
  },
  {
    type: 'Microsoft.DBforPostgreSQL/flexibleServers',
    cpu: { metric: 'cpu_percent', statistic: 'Average' },
    memory: { metric: 'memory_percent', statistic: 'Average' },
    notes: 'a flexible server reports no request latency as a platform metric',
  },
  {
    type: 'Microsoft.DBforMySQL/flexibleServers',
    cpu: { metric: 'cpu_percent', statistic: 'Average' },
    memory: { metric: 'memory_percent', statistic: 'Average' },
    notes: 'a flexible server reports no request latency as a platform metric',
  },
  {
    type: 'Microsoft.DocumentDB/databaseAccounts',
    latency: { metric: 'ServerSideLatency', statistic: 'Average' },
    notes:
      'TotalRequests has only the Count aggregation, which baseline queries do not ask; Cosmos DB has no CPU or memory metric',
  },
  {
    type: 'Microsoft.ContainerService/managedClusters',
    cpu: { metric: 'node_cpu_usage_percentage', statistic: 'Average' },
    memory: { metric: 'node_memory_working_set_percentage', statistic: 'Average' },
    notes: "an AKS cluster's request latency is its ingress's or its applications' (Application Insights)",
  },
  {
    type: 'Microsoft.Storage/storageAccounts',
    latency: { metric: 'SuccessE2ELatency', statistic: 'Average' },
    requests: { metric: 'Transactions', statistic: 'Sum' },
    notes: 'a storage account has no CPU or memory',
  },
  {
    type: 'Microsoft.Network/applicationGateways',
    latency: { metric: 'ApplicationGatewayTotalTime', statistic: 'Average' },
    requests: { metric: 'TotalRequests', statistic: 'Sum' },
    notes: 'an application gateway reports no CPU or memory percentage (v2)',
  },
  {
    // Front Door Standard and Premium.
    type: 'Microsoft.Cdn/profiles',
    latency: { metric: 'TotalLatency', statistic: 'Average' },
    requests: { metric: 'RequestCount', statistic: 'Sum' },
    notes: 'Front Door has no CPU or memory',
  },
  {
    // Front Door (classic).
    type: 'Microsoft.Network/frontDoors',
    latency: { metric: 'TotalLatency', statistic: 'Average' },
    requests: { metric: 'RequestCount', statistic: 'Sum' },
    notes: 'Front Door has no CPU or memory',
  },
  {
    type: 'Microsoft.Network/loadBalancers',
    notes: 'a load balancer counts packets and bytes, not requests, and reports no latency, CPU or memory',
  },
  {
    type: 'Microsoft.App/containerApps',
    requests: { metric: 'Requests', statistic: 'Sum' },
    cpu: { metric: 'CpuPercentage', statistic: 'Average' },
    memory: { metric: 'MemoryPercentage', statistic: 'Average' },
    notes: "a container app's request latency is its application's (Application Insights)",
  },
];
