import type { DecomError, MetricQuery, MetricSeries, ResultAsync, TimeWindow } from '@decomkit/core';
import { decomError, err, ok } from '@decomkit/core';
import { aggregate, windowBounds } from '../services/metric-statistics.js';
import type { FakeWorld } from '../world.js';

/** Azure Monitor's metric intervals (PT1M … P1D), in seconds; no interval is `FULL` (the whole window). */
const INTERVALS = new Set([60, 300, 900, 1800, 3600, 21_600, 43_200, 86_400]);
const MAX_RESOURCES = 50;

/**
 * The fake Azure Monitor metrics (the batch `queryResources` API in spirit):
 * seeded samples per Azure resource id and metric (Requests, Http5xx,
 * ResponseTime, CpuPercentage, MemoryPercentage…), aggregated per interval.
 * Beyond Azure's total/average/minimum/maximum, the fake computes p50/p95/p99
 * over the raw samples (a real provider gets them from Log Analytics).
 */
export class FakeAzureMonitor {
  constructor(private readonly world: FakeWorld) {}

  /** Metrics of up to 50 resources in one call; one series per query, in query order. */
  queryResources(queries: readonly MetricQuery[], window: TimeWindow): ResultAsync<MetricSeries[], DecomError> {
    return this.world.call('monitor', 'QueryResources', false, null, () => {
      if (windowBounds(window) === null)
        return err(
          decomError.invalidInput(`BadRequest: the timespan ${window.start}/${window.end} is empty or reversed`, [
            { path: 'window', message: 'start must not be after end' },
          ]),
        );
      const resources = new Set(queries.map((query) => query.resource.toLowerCase()));
      if (resources.size > MAX_RESOURCES)
        return err(
          decomError.invalidInput(`BadRequest: at most ${MAX_RESOURCES} resource ids per batch`, [
            { path: 'queries', message: 'too many resources' },
          ]),
        );
      for (const query of queries) {
        if (!query.resource.toLowerCase().startsWith('/subscriptions/'))
          return err(
            decomError.invalidInput(`BadRequest: "${query.resource}" is not an Azure resource id`, [
              { path: 'queries.resource', message: 'not an Azure resource id' },
            ]),
          );
        if (query.period !== undefined && !INTERVALS.has(query.period))
          return err(
            decomError.invalidInput(
              `BadRequest: interval of ${query.period} s is not one of PT1M, PT5M, PT15M, PT30M, PT1H, PT6H, PT12H, P1D`,
              [{ path: 'queries.period', message: 'unsupported interval' }],
            ),
          );
      }
      return ok(
        queries.map((query) => {
          const series = this.world.state.services.azureMetrics.find(
            (candidate) =>
              candidate.resource.toLowerCase() === query.resource.toLowerCase() &&
              candidate.metric.toLowerCase() === query.metric.toLowerCase() &&
              (query.namespace === undefined ||
                candidate.namespace === null ||
                candidate.namespace.toLowerCase() === query.namespace.toLowerCase()),
          );
          return aggregate(series, query, window, query.period ?? null);
        }),
      );
    });
  }
}
