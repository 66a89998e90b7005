import type { MetricsPort } from '@decomkit/core';
import { PORT_SPECIFICATION_VERSION } from '@decomkit/provider-kit';
import type { FakeCloudWatch } from '../source/cloudwatch.js';
import type { FakeAzureMonitor } from '../target/monitor.js';

/** Port `sourceMetrics` over the fake CloudWatch (GetMetricData). */
export function fakeSourceMetricsPort(cloudWatch: FakeCloudWatch): MetricsPort {
  return {
    specificationVersion: PORT_SPECIFICATION_VERSION,
    query: (queries, window) => cloudWatch.getMetricData(queries, window),
  };
}

/** Port `targetMetrics` over the fake Azure Monitor (batch metrics query). */
export function fakeTargetMetricsPort(monitor: FakeAzureMonitor): MetricsPort {
  return {
    specificationVersion: PORT_SPECIFICATION_VERSION,
    query: (queries, window) => monitor.queryResources(queries, window),
  };
}
