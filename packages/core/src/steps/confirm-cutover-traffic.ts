import { okAsync, type Result, ResultAsync } from 'neverthrow';
import type { DecomError } from '../errors/decom-error.js';
import { stillOpen, type VerifyOutcome, verified } from '../model/evidence.js';
import type { Resource } from '../model/resource.js';
import { defineStep } from '../model/step.js';
import type { Workload } from '../model/workload-schema.js';
import type { MetricQuery, MetricSeries } from '../spec/metrics.js';
import type { PortMap } from '../spec/providers.js';
import { total, windowEnding } from './resource-kinds.js';

/** The source metric that shows traffic for each endpoint type (CloudWatch). */
const SOURCE_TRAFFIC: Readonly<Record<string, { namespace: string; metric: string }>> = {
  'AWS::ElasticLoadBalancingV2::LoadBalancer': { namespace: 'AWS/ApplicationELB', metric: 'RequestCount' },
  'AWS::RDS::DBInstance': { namespace: 'AWS/RDS', metric: 'DatabaseConnections' },
  'AWS::EC2::Instance': { namespace: 'AWS/EC2', metric: 'NetworkIn' },
};

/** The Azure Monitor metric that shows the target serves traffic. */
const TARGET_TRAFFIC_METRIC = 'Requests';

interface TrafficFigures {
  readonly source: Record<string, number>;
  readonly target: Record<string, number>;
  readonly window: { readonly start: string; readonly end: string };
}

function measure(
  ports: Pick<PortMap, 'sourceMetrics' | 'targetMetrics' | 'targetResources'>,
  workload: Workload,
  inventory: readonly Resource[],
  now: Date,
): ResultAsync<TrafficFigures, DecomError> {
  const window = windowEnding(now, workload.cutover.windowHours);
  const sourceQueries: MetricQuery[] = inventory
    .filter((resource) => SOURCE_TRAFFIC[resource.type] !== undefined)
    .map((resource, index) => ({
      id: `source${index}`,
      resource: resource.arn,
      namespace: SOURCE_TRAFFIC[resource.type]?.namespace,
      metric: SOURCE_TRAFFIC[resource.type]?.metric ?? '',
      statistic: 'Sum' as const,
    }));
  return ports.targetResources
    .list({
      subscriptionId: workload.target.subscriptionId,
      resourceGroups: workload.target.resourceGroups,
      query: workload.target.resourceGraphQuery,
    })
    .andThen((targets) => {
      const targetQueries: MetricQuery[] = targets.map((resource, index) => ({
        id: `target${index}`,
        resource: resource.id,
        metric: TARGET_TRAFFIC_METRIC,
        statistic: 'Sum' as const,
      }));
      return ResultAsync.combine([
        sourceQueries.length > 0 ? ports.sourceMetrics.query(sourceQueries, window) : emptySeries(),
        targetQueries.length > 0 ? ports.targetMetrics.query(targetQueries, window) : emptySeries(),
      ]).map(([sourceSeries, targetSeries]) => ({
        window,
        source: Object.fromEntries(
          sourceQueries.map((query) => [
            query.resource,
            total(sourceSeries.find((series) => series.id === query.id)?.values ?? []),
          ]),
        ),
        target: Object.fromEntries(
          targetQueries.map((query) => [
            query.resource,
            total(targetSeries.find((series) => series.id === query.id)?.values ?? []),
          ]),
        ),
      }));
    });
}

function emptySeries(): ResultAsync<readonly MetricSeries[], DecomError> {
  return okAsync([]);
}

/**
 * Cutover, part one: the source serves (almost) no traffic over the whole
 * window and the target serves some. Read-only; its verify is the evidence.
 */
export const confirmCutoverTraffic = defineStep({
  id: 'confirm-cutover-traffic',
  item: 'cutover',
  title: 'Confirm traffic has moved to Azure',
  needs: ['inventory', 'sourceMetrics', 'targetMetrics', 'targetResources'],
  plan: () => ({ actions: [] }),
  verify: async ({ ports, workload, inventory, now }): Promise<Result<VerifyOutcome, DecomError>> => {
    const figures = await measure(ports, workload, inventory, now);
    return figures.map((traffic) => {
      const threshold = workload.cutover.sourceRequestThreshold;
      const busySource = Object.entries(traffic.source).filter(([, value]) => value > threshold);
      const targetTotal = total(Object.values(traffic.target));
      const details = { window: traffic.window, threshold, source: traffic.source, target: traffic.target };
      if (busySource.length > 0) {
        return stillOpen(
          `source still serves traffic: ${busySource.map(([arn, value]) => `${arn} ${value}`).join(', ')} over ${workload.cutover.windowHours} h`,
        );
      }
      if (targetTotal <= 0)
        return stillOpen(`the Azure target served no requests over ${workload.cutover.windowHours} h`);
      return verified(
        `source traffic ≤ ${threshold} for ${workload.cutover.windowHours} h on ${Object.keys(traffic.source).length} endpoints; Azure served ${targetTotal} requests`,
        details,
      );
    });
  },
});
