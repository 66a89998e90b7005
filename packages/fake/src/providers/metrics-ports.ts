import type { MetricsPort } from '@decomkit/core';
import { PORT_SPECIFICATION_VERSION } from '@decomkit/provider-kit';
import type { FakeCloudWatch } from '../source/cloudwatch.js';
import type { FakeAzureMonitor } from '../target/monitor.js';
import { FAKE_AZURE_BASELINE_METRICS, FAKE_CLOUDWATCH_BASELINE_METRICS } from './baseline-metrics.js';

/** Port `sourceMetrics` over the fake CloudWatch (GetMetricData), with {@link FAKE_CLOUDWATCH_BASELINE_METRICS}. */
export function fakeSourceMetricsPort(cloudWatch: FakeCloudWatch): MetricsPort {
  return {
    specificationVersion: PORT_SPECIFICATION_VERSION,
    baselineMetrics: FAKE_CLOUDWATCH_BASELINE_METRICS,
    query: (queries, window) => cloudWatch.getMetricData(queries, window),
  };
}

/** Port `targetMetrics` over the fake Azure Monitor (batch metrics query), with {@link FAKE_AZURE_BASELINE_METRICS}. */
export function fakeTargetMetricsPort(monitor: FakeAzureMonitor): MetricsPort {
  return {
    specificationVersion: PORT_SPECIFICATION_VERSION,
    baselineMetrics: FAKE_AZURE_BASELINE_METRICS,
    query: (queries, window) => monitor.queryResources(queries, window),
  };
}
