import type { MetricsQueryResult } from '@azure/monitor-query-metrics';
import {
  type DecomError,
  decomError,
  err,
  errAsync,
  type MetricQuery,
  type MetricSeries,
  ok,
  okAsync,
  type Result,
  type ResultAsync,
} from '@decomkit/core';
import { chunks, limited } from '@decomkit/provider-kit';
import { azureCall } from '../azure-call.js';
import type { AzureClients } from '../clients.js';
import { resourceGraphRows } from '../resource-graph-rows.js';
import { metricInterval } from './metric-interval.js';

/** The statistics Azure Monitor's platform metrics give (percentiles come from logs). */
export type PlatformStatistic = 'Sum' | 'Average' | 'Maximum' | 'Minimum';

/** A platform statistic and the batch API's aggregation that gives it. */
const AGGREGATIONS = {
  Sum: 'total',
  Average: 'average',
  Maximum: 'maximum',
  Minimum: 'minimum',
} as const satisfies Record<PlatformStatistic, string>;
/** The batch API's limits: resource ids and metric names per call. */
const RESOURCES_PER_CALL = 50;
const METRICS_PER_CALL = 20;
/** Resource ids per Resource Graph look-up of their type and region. */
const IDS_PER_LOOKUP = 500;
const SUBSCRIPTION_OF = /^\/subscriptions\/([^/]+)\//i;

/** A query of a platform statistic (not a percentile). */
export type PlatformQuery = MetricQuery & { readonly statistic: PlatformStatistic };

/** What one batch call asks: resources of one type and region, with one interval. */
interface Batch {
  readonly namespace: string;
  readonly region: string;
  readonly interval: string;
  readonly queries: PlatformQuery[];
}

/** A resource's type and region, as Resource Graph tells them. */
interface Located {
  readonly type: string;
  readonly location: string;
}

/**
 * Reads platform metrics with the batch API (`MetricsClient.queryResources`,
 * `POST {region}.metrics.monitor.azure.com/subscriptions/{id}/metrics:getBatch`,
 * api-version 2024-02-01). One call covers resources of one type (the metric
 * namespace) in one region, so the resources' type and region are looked up
 * in Resource Graph first and the queries grouped by namespace, region and
 * interval, at most 50 resources and 20 metrics a call. Periods without a
 * value are left out; nothing is interpolated.
 *
 * @example
 * ```ts
 * platformSeries(clients, [{ id: 'q', resource: siteId, metric: 'Requests', statistic: 'Sum' }], { start, end });
 * ```
 */
export function platformSeries(
  clients: AzureClients,
  queries: readonly PlatformQuery[],
  window: { readonly start: Date; readonly end: Date },
): ResultAsync<MetricSeries[], DecomError> {
  if (queries.length === 0) return okAsync([]);
  return locate(clients, queries)
    .andThen((located) => {
      const batches = batchesOf(queries, located);
      return batches.isErr() ? errAsync(batches.error) : okAsync(batches.value);
    })
    .andThen((batches) => limited(batches, 4, (batch) => readBatch(clients, batch, window)))
    .map((found) => found.flat());
}

function locate(
  clients: AzureClients,
  queries: readonly PlatformQuery[],
): ResultAsync<Map<string, Located>, DecomError> {
  const ids = [...new Map(queries.map((query) => [query.resource.toLowerCase(), query.resource])).values()];
  const bad = ids.find((id) => SUBSCRIPTION_OF.exec(id) === null || /['\\]/.test(id));
  if (bad !== undefined)
    return errAsync(
      decomError.invalidInput(`"${bad}" is not an Azure resource id`, [
        { path: 'queries.resource', message: 'an Azure resource id (/subscriptions/…)' },
      ]),
    );
  return limited(chunks(ids, IDS_PER_LOOKUP), 1, (group) => {
    const subscriptions = [...new Set(group.map((id) => SUBSCRIPTION_OF.exec(id)?.[1] ?? ''))];
    const list = group.map((id) => `'${id}'`).join(', ');
    return resourceGraphRows(clients, subscriptions, `Resources | where id in~ (${list}) | project id, type, location`);
  }).map((pages) => {
    const located = new Map<string, Located>();
    for (const row of pages.flat())
      if (typeof row.id === 'string' && typeof row.type === 'string' && typeof row.location === 'string')
        located.set(row.id.toLowerCase(), { type: row.type, location: row.location });
    return located;
  });
}

function batchesOf(queries: readonly PlatformQuery[], located: Map<string, Located>): Result<Batch[], DecomError> {
  const batches = new Map<string, Batch>();
  for (const query of queries) {
    const place = located.get(query.resource.toLowerCase());
    if (place === undefined)
      return err(
        decomError.notFound({
          message: `metric query ${query.id}: Resource Graph knows no resource ${query.resource}`,
          resource: query.resource,
        }),
      );
    const interval = metricInterval(query);
    if (interval.isErr()) return err(interval.error);
    const namespace = query.namespace ?? place.type;
    const key = `${namespace.toLowerCase()}|${place.location.toLowerCase()}|${interval.value}`;
    const batch = batches.get(key) ?? { namespace, region: place.location, interval: interval.value, queries: [] };
    batch.queries.push(query);
    batches.set(key, batch);
  }
  return ok([...batches.values()]);
}

function readBatch(
  clients: AzureClients,
  batch: Batch,
  window: { readonly start: Date; readonly end: Date },
): ResultAsync<MetricSeries[], DecomError> {
  const resources = distinct(batch.queries.map((query) => query.resource));
  const metrics = distinct(batch.queries.map((query) => query.metric));
  const aggregation = distinct(batch.queries.map((query) => AGGREGATIONS[query.statistic])).join(',');
  const calls = chunks(resources, RESOURCES_PER_CALL).flatMap((resourceIds) =>
    chunks(metrics, METRICS_PER_CALL).map((metricNames) => ({ resourceIds, metricNames })),
  );
  const subject = `${batch.namespace} in ${batch.region}`;
  return limited(calls, 2, ({ resourceIds, metricNames }) =>
    azureCall({ operation: 'Metrics.queryResources', resource: subject }, () =>
      clients.metrics(batch.region).queryResources(resourceIds, metricNames, batch.namespace, {
        startTime: window.start,
        endTime: window.end,
        interval: batch.interval,
        aggregation,
      }),
    ),
  ).andThen((answers) => {
    const results = answers.flat();
    const series: MetricSeries[] = [];
    for (const query of batch.queries) {
      const found = seriesOf(query, results);
      if (found.isErr()) return errAsync(found.error);
      series.push(found.value);
    }
    return okAsync(series);
  });
}

/** The query's points in the batch's results: the statistic per timestamp, points without it left out. */
function seriesOf(query: PlatformQuery, results: readonly MetricsQueryResult[]): Result<MetricSeries, DecomError> {
  const result = results.find((candidate) => candidate.resourceId?.toLowerCase() === query.resource.toLowerCase());
  const metric = result?.metrics.find((candidate) => candidate.name.toLowerCase() === query.metric.toLowerCase());
  if (metric?.errorCode !== undefined && metric.errorCode !== 'Success')
    return err(
      decomError.providerFailure({
        message: `metric ${query.metric} of ${query.resource}: ${metric.errorCode}${metric.errorMessage === undefined ? '' : `: ${metric.errorMessage}`}`,
        retryable: false,
        resource: query.resource,
      }),
    );
  const field = AGGREGATIONS[query.statistic];
  const byTime = new Map<string, number[]>();
  for (const element of metric?.timeseries ?? [])
    for (const point of element.data ?? []) {
      const value = point[field];
      if (typeof value !== 'number' || !Number.isFinite(value)) continue;
      const at = new Date(point.timeStamp).toISOString();
      byTime.set(at, [...(byTime.get(at) ?? []), value]);
    }
  const timestamps = [...byTime.keys()].sort();
  return ok({ id: query.id, timestamps, values: timestamps.map((at) => combine(field, byTime.get(at) ?? [])) });
}

/**
 * One value from the series a metric is split into (by dimension, which only
 * a filter does, and the port sends none): the total is summed, the maximum and
 * minimum taken, the averages averaged.
 */
function combine(field: (typeof AGGREGATIONS)[keyof typeof AGGREGATIONS], values: readonly number[]): number {
  if (field === 'maximum') return Math.max(...values);
  if (field === 'minimum') return Math.min(...values);
  const sum = values.reduce((total, value) => total + value, 0);
  return field === 'total' ? sum : sum / values.length;
}

function distinct(names: readonly string[]): string[] {
  return [...new Map(names.map((name) => [name.toLowerCase(), name])).values()];
}
