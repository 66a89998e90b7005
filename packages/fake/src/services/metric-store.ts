import {
  type DecomError,
  decomError,
  err,
  type MetricQuery,
  type MetricSeries,
  ok,
  type ResultAsync,
  type TimeWindow,
} from '@decomkit/core';
import type { FakeWorld } from '../world.js';
import type { FakeMetricSeries } from './services-state.js';

/**
 * CloudWatch GetMetricData and Azure Monitor metrics, alike: seeded
 * datapoints per resource and metric. Like CloudWatch (and moto), only data
 * that was put is returned; a query for a series nobody put gets no points.
 * `Sum` returns the datapoints in the window; every other statistic returns
 * one value over them (Average, Maximum, Minimum, p50, p95, p99).
 */
export class FakeMetricStore {
  constructor(
    private readonly world: FakeWorld,
    private readonly service: 'cloudwatch' | 'monitor',
  ) {}

  query(queries: readonly MetricQuery[], window: TimeWindow): ResultAsync<readonly MetricSeries[], DecomError> {
    const operation = this.service === 'cloudwatch' ? 'GetMetricData' : 'QueryResourcesMetrics';
    return this.world.call(this.service, operation, false, null, () => {
      const start = Date.parse(window.start);
      const end = Date.parse(window.end);
      if (!(start <= end))
        return err(
          decomError.invalidInput(`${operation}: the window ${window.start}..${window.end} is empty or reversed`),
        );
      const store =
        this.service === 'cloudwatch' ? this.world.state.services.metrics : this.world.state.services.azureMetrics;
      return ok(
        queries.map((query): MetricSeries => {
          const series = store.find((candidate) => matches(candidate, query));
          const points = (series?.points ?? []).filter((point) => {
            const at = Date.parse(point.at);
            return at >= start && at <= end;
          });
          if (query.statistic === 'Sum' || points.length === 0) {
            return {
              id: query.id,
              timestamps: points.map((point) => point.at),
              values: points.map((point) => point.value),
            };
          }
          return {
            id: query.id,
            timestamps: [window.end],
            values: [
              statistic(
                query.statistic,
                points.map((point) => point.value),
              ),
            ],
          };
        }),
      );
    });
  }
}

function matches(series: FakeMetricSeries, query: MetricQuery): boolean {
  return (
    series.resource === query.resource &&
    series.metric === query.metric &&
    (query.namespace === undefined || series.namespace === null || series.namespace === query.namespace)
  );
}

function statistic(name: MetricQuery['statistic'], values: readonly number[]): number {
  const sorted = [...values].sort((left, right) => left - right);
  const percentile = (fraction: number) =>
    sorted[Math.min(sorted.length - 1, Math.ceil(fraction * sorted.length) - 1)] ?? 0;
  switch (name) {
    case 'Average':
      return values.reduce((sum, value) => sum + value, 0) / values.length;
    case 'Maximum':
      return sorted.at(-1) ?? 0;
    case 'Minimum':
      return sorted[0] ?? 0;
    case 'p50':
      return percentile(0.5);
    case 'p95':
      return percentile(0.95);
    case 'p99':
      return percentile(0.99);
    case 'Sum':
      return values.reduce((sum, value) => sum + value, 0);
  }
}
