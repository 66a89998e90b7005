import { errAsync, type MetricQuery, type MetricsPort, PORT_SPECIFICATION_VERSION } from '@decomkit/core';
import type { AzureClients } from '../clients.js';
import { AZURE_BASELINE_METRICS } from '../metrics/baseline-catalogue.js';
import { type PercentileQuery, percentileSeries } from '../metrics/latency-percentiles.js';
import { windowDates } from '../metrics/metric-interval.js';
import { type PlatformQuery, platformSeries } from '../metrics/platform-metrics.js';

/** Options of {@link azureTargetMetricsPort}. */
export interface AzureMetricsOptions {
  /** The Log Analytics workspace of the workload's Application Insights: latency percentiles come from there. */
  readonly workspaceId?: string;
}

const isPercentile = (query: MetricQuery): query is PercentileQuery =>
  query.statistic === 'p50' || query.statistic === 'p95' || query.statistic === 'p99';

/**
 * Port `targetMetrics` over Azure Monitor: platform statistics (Sum, Average,
 * Maximum, Minimum) from the metrics batch API (`@azure/monitor-query-metrics`,
 * see {@link platformSeries}) and latency percentiles (p50, p95, p99) from
 * Log Analytics (`@azure/monitor-query-logs`, see {@link percentileSeries});
 * without a workspace, percentile series are empty and marked `notMeasured`.
 * Answers one series per query, in the order asked. Its `baselineMetrics`
 * are {@link AZURE_BASELINE_METRICS}.
 *
 * @example
 * ```ts
 * const metrics = azureTargetMetricsPort(clients, { workspaceId });
 * await metrics.query([{ id: 'p95', resource: siteId, metric: 'ResponseTime', statistic: 'p95' }], window);
 * ```
 */
export function azureTargetMetricsPort(clients: AzureClients, options: AzureMetricsOptions = {}): MetricsPort {
  return {
    specificationVersion: PORT_SPECIFICATION_VERSION,
    baselineMetrics: AZURE_BASELINE_METRICS,
    query: (queries, window) => {
      const dates = windowDates(window);
      if (dates.isErr()) return errAsync(dates.error);
      const percentiles = queries.filter(isPercentile);
      const platform = queries.filter((query): query is PlatformQuery => !isPercentile(query));
      return platformSeries(clients, platform, dates.value).andThen((fromMetrics) =>
        percentileSeries(clients, options.workspaceId, percentiles, dates.value).map((fromLogs) => {
          const byId = new Map([...fromMetrics, ...fromLogs].map((series) => [series.id, series]));
          return queries.map((query) => byId.get(query.id) ?? { id: query.id, timestamps: [], values: [] });
        }),
      );
    },
  };
}

/** The Azure RBAC actions of this port's reads (platform metrics, and Log Analytics for latency percentiles). */
export const TARGET_METRICS_ACTIONS: readonly string[] = [
  'Microsoft.Insights/metrics/read',
  'Microsoft.Insights/metricDefinitions/read',
  'Microsoft.OperationalInsights/workspaces/read',
  'Microsoft.OperationalInsights/workspaces/query/read',
];
