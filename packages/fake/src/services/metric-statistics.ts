import type { MetricQuery, MetricSeries, TimeWindow } from '@decomkit/core';
import type { FakeMetricSeries } from './services-state.js';

/**
 * The statistic of each period of a window over a series' datapoints, as
 * CloudWatch GetMetricData and Azure Monitor compute them: periods start at
 * the window's start and are `periodSeconds` long (the whole window when
 * null); a period without datapoints yields no value (nothing is invented).
 * Datapoints at the window's start and end are both inside it.
 */
export function aggregate(
  series: FakeMetricSeries | undefined,
  query: Pick<MetricQuery, 'id' | 'statistic'>,
  window: TimeWindow,
  periodSeconds: number | null,
): MetricSeries {
  const start = Date.parse(window.start);
  const end = Date.parse(window.end);
  const length = periodSeconds === null ? Math.max(1, end - start + 1) : periodSeconds * 1000;
  const buckets = new Map<number, number[]>();
  for (const point of series?.points ?? []) {
    const at = Date.parse(point.at);
    if (at < start || at > end) continue;
    const bucket = Math.floor((at - start) / length);
    buckets.set(bucket, [...(buckets.get(bucket) ?? []), point.value]);
  }
  const ordered = [...buckets.entries()].sort(([left], [right]) => left - right);
  return {
    id: query.id,
    timestamps: ordered.map(([bucket]) => new Date(start + bucket * length).toISOString()),
    values: ordered.map(([, values]) => statistic(query.statistic, values)),
  };
}

/** One statistic over raw samples; percentiles by nearest rank. */
export function statistic(name: MetricQuery['statistic'], values: readonly number[]): number {
  const sorted = [...values].sort((left, right) => left - right);
  const percentile = (fraction: number) =>
    sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(fraction * sorted.length) - 1))] ?? 0;
  switch (name) {
    case 'Sum':
      return values.reduce((sum, value) => sum + value, 0);
    case 'Average':
      return values.length === 0 ? 0 : values.reduce((sum, value) => sum + value, 0) / values.length;
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
  }
}

/** The window's bounds in milliseconds, or null when it is not a forward interval of valid instants. */
export function windowBounds(window: TimeWindow): { start: number; end: number } | null {
  const start = Date.parse(window.start);
  const end = Date.parse(window.end);
  return Number.isFinite(start) && Number.isFinite(end) && start <= end ? { start, end } : null;
}
