import { err, ok } from 'neverthrow';
import type { DecomError } from '../errors/decom-error.js';
import { stillOpen, verified } from '../model/evidence.js';
import { gate } from '../model/gate.js';
import { defineStep } from '../model/step.js';
import type { MetricQuery, MetricSeries } from '../spec/metrics.js';
import { sha256 } from '../util/hash.js';
import { total, windowEnding } from './resource-kinds.js';

/** Hours of Azure Monitor data the baseline summarises. */
export const BASELINE_WINDOW_HOURS = 7 * 24;

/** Name of the baseline document in the artifact store. */
export function baselineName(workloadId: string): string {
  return `decomkit/${workloadId}/azure-baseline.json`;
}

const average = (values: readonly number[]) => (values.length === 0 ? null : total(values) / values.length);

/**
 * The new performance baseline in Azure: latency percentiles, throughput and
 * CPU / memory utilisation per target resource over the last week, stored
 * as a document with its hash.
 */
export const establishBaseline = defineStep({
  id: 'establish-baseline',
  item: 'baseline',
  title: 'Record the Azure performance baseline',
  needs: ['targetResources', 'targetMetrics', 'artifacts'],
  plan: async ({ ports, workload, action, now }) => {
    const window = windowEnding(now, BASELINE_WINDOW_HOURS);
    const resources = await ports.targetResources.list({
      subscriptionId: workload.target.subscriptionId,
      resourceGroups: workload.target.resourceGroups,
      query: workload.target.resourceGraphQuery,
    });
    if (resources.isErr()) return err(resources.error);
    const metrics = [
      'ResponseTime:p50',
      'ResponseTime:p95',
      'ResponseTime:p99',
      'Requests:Sum',
      'CpuPercentage:Average',
      'MemoryPercentage:Average',
    ] as const;
    const queries: MetricQuery[] = resources.value.flatMap((resource, resourceIndex) =>
      metrics.map((spec, metricIndex) => {
        const [metric, statistic] = spec.split(':') as [string, MetricQuery['statistic']];
        return { id: `r${resourceIndex}m${metricIndex}`, resource: resource.id, metric, statistic };
      }),
    );
    const series =
      queries.length === 0
        ? ok<readonly MetricSeries[], DecomError>([])
        : await ports.targetMetrics.query(queries, window);
    if (series.isErr()) return err(series.error);
    const seriesValues = (id: string) => series.value.find((candidate) => candidate.id === id)?.values ?? [];
    const hours = BASELINE_WINDOW_HOURS;
    const baseline = {
      kind: 'decomkit.azure-baseline',
      workload: workload.id,
      window,
      resources: resources.value.map((resource, index) => ({
        id: resource.id,
        type: resource.type,
        latencyMilliseconds: {
          p50: average(seriesValues(`r${index}m0`)),
          p95: average(seriesValues(`r${index}m1`)),
          p99: average(seriesValues(`r${index}m2`)),
        },
        requestsPerSecond: total(seriesValues(`r${index}m3`)) / (hours * 3600),
        cpuPercent: average(seriesValues(`r${index}m4`)),
        memoryPercent: average(seriesValues(`r${index}m5`)),
      })),
    };
    const body = JSON.stringify(baseline, null, 2);
    return {
      actions: [
        action({
          kind: 'artifact.put',
          target: { ref: baselineName(workload.id) },
          params: { name: baselineName(workload.id), contentType: 'application/json', body },
          gates: [gate.cutoverConfirmed()],
        }),
      ],
      findings:
        resources.value.length === 0
          ? [
              {
                severity: 'blocking' as const,
                code: 'no-target-resources',
                message: 'no Azure resources found for the target: nothing to baseline',
              },
            ]
          : [],
    };
  },
  verify: async ({ ports, workload, actions }) => {
    if (actions.some((record) => record.status !== 'done')) return stillOpen('the baseline document is not stored yet');
    const stored = await ports.artifacts.get(baselineName(workload.id));
    return stored.map((body) =>
      body === null
        ? stillOpen(`${baselineName(workload.id)} is missing from the artifact store`)
        : verified(`Azure baseline stored (sha256 ${sha256(body).slice(0, 12)})`, {
            name: baselineName(workload.id),
            sha256: sha256(body),
            bytes: body.byteLength,
          }),
    );
  },
});
