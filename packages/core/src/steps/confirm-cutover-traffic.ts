import { okAsync, type Result, ResultAsync } from 'neverthrow';
import type { DecomError } from '../errors/decom-error.js';
import { stillOpen, type VerifyOutcome, verified } from '../model/evidence.js';
import type { Resource } from '../model/resource.js';
import { defineStep } from '../model/step.js';
import type { Workload } from '../model/workload-schema.js';
import type { MetricQuery, MetricSeries } from '../spec/metrics.js';
import type { PortMap } from '../spec/providers.js';
import type { ResourceTypeTraits } from '../spec/resource-type-traits.js';
import { total, windowEnding } from './resource-kinds.js';

/** The Azure Monitor metric that shows the target serves traffic. */
const TARGET_TRAFFIC_METRIC = 'Requests';

/**
 * The source metric that shows traffic for each endpoint type, and the states
 * in which the service reports it without pause, from the inventory's
 * resource type traits (`traffic`): EC2 sends NetworkIn for every running
 * instance, RDS DatabaseConnections for every available instance, so no
 * datapoint at all from one of those means the traffic was not measured
 * (wrong region, permissions, dimensions), never that it was zero. An
 * Application Load Balancer reports RequestCount only while requests flow:
 * none is no traffic.
 */
type SourceTraffic = ReadonlyMap<string, NonNullable<ResourceTypeTraits['traffic']>>;

function sourceTrafficOf(resourceTypes: readonly ResourceTypeTraits[] | undefined): SourceTraffic {
  return new Map(
    (Array.isArray(resourceTypes) ? resourceTypes : []).flatMap((traits) =>
      traits.traffic === undefined ? [] : [[traits.type, traits.traffic] as const],
    ),
  );
}

interface TrafficFigures {
  readonly source: Record<string, number>;
  readonly target: Record<string, number>;
  /** Source endpoints with no datapoint in the window. */
  readonly silent: readonly Resource[];
  readonly window: { readonly start: string; readonly end: string };
}

function measure(
  ports: Pick<PortMap, 'sourceMetrics' | 'targetMetrics' | 'targetResources'>,
  sourceTraffic: SourceTraffic,
  workload: Workload,
  inventory: readonly Resource[],
  now: Date,
): ResultAsync<TrafficFigures, DecomError> {
  const window = windowEnding(now, workload.cutover.windowHours);
  const endpoints = inventory.filter((resource) => sourceTraffic.has(resource.type));
  const sourceQueries: MetricQuery[] = endpoints.map((resource, index) => ({
    id: `source${index}`,
    resource: resource.arn,
    namespace: sourceTraffic.get(resource.type)?.namespace,
    metric: sourceTraffic.get(resource.type)?.metric ?? '',
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
        silent: endpoints.filter(
          (_, index) => (sourceSeries.find((series) => series.id === `source${index}`)?.values.length ?? 0) === 0,
        ),
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
 * A running EC2 instance or an available RDS instance without a single
 * datapoint keeps the item open: unmeasured traffic is not zero traffic.
 */
export const confirmCutoverTraffic = defineStep({
  id: 'confirm-cutover-traffic',
  item: 'cutover',
  title: 'Confirm traffic has moved to Azure',
  needs: ['inventory', 'sourceMetrics', 'targetMetrics', 'targetResources'],
  plan: () => ({ actions: [] }),
  verify: async ({ ports, workload, inventory, now }): Promise<Result<VerifyOutcome, DecomError>> => {
    const sourceTraffic = sourceTrafficOf(ports.inventory.resourceTypes);
    const figures = await measure(ports, sourceTraffic, workload, inventory, now);
    return figures.map((traffic) => {
      const threshold = workload.cutover.sourceRequestThreshold;
      const busySource = Object.entries(traffic.source).filter(([, value]) => value > threshold);
      const targetTotal = total(Object.values(traffic.target));
      const silent = traffic.silent.map((resource) => resource.arn);
      const details = { window: traffic.window, threshold, source: traffic.source, target: traffic.target, silent };
      const unmeasured = traffic.silent.filter((resource) =>
        sourceTraffic.get(resource.type)?.reportsWhile.includes(resource.state),
      );
      if (unmeasured.length > 0) {
        return stillOpen(
          `no CloudWatch datapoints over ${workload.cutover.windowHours} h from ${unmeasured.map((resource) => `${resource.arn} (${resource.state})`).join(', ')}, which report continuously while ${unmeasured.length === 1 ? 'it is' : 'they are'} up: the traffic was not measured (check the metrics' region, dimensions and permissions)`,
        );
      }
      if (busySource.length > 0) {
        return stillOpen(
          `source still serves traffic: ${busySource.map(([arn, value]) => `${arn} ${value}`).join(', ')} over ${workload.cutover.windowHours} h`,
        );
      }
      if (targetTotal <= 0)
        return stillOpen(`the Azure target served no requests over ${workload.cutover.windowHours} h`);
      const quiet =
        silent.length === 0
          ? ''
          : ` (${silent.length} of them reported no datapoint: load balancers without requests, or instances not up)`;
      return verified(
        `source traffic ≤ ${threshold} for ${workload.cutover.windowHours} h on ${Object.keys(traffic.source).length} endpoints${quiet}; Azure served ${targetTotal} requests`,
        details,
      );
    });
  },
});
