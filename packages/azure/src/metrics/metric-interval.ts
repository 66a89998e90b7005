import { type DecomError, decomError, err, type MetricQuery, ok, type Result, type TimeWindow } from '@decomkit/core';

/** Azure Monitor's metric intervals by seconds (the batch API's `interval`). */
const INTERVALS: ReadonlyMap<number, string> = new Map([
  [60, 'PT1M'],
  [300, 'PT5M'],
  [900, 'PT15M'],
  [1800, 'PT30M'],
  [3600, 'PT1H'],
  [21_600, 'PT6H'],
  [43_200, 'PT12H'],
  [86_400, 'P1D'],
]);

/**
 * The batch API's `interval` for a query's `period`: `FULL` (one value over
 * the window) when it has none; an `InvalidInput` naming the query for a
 * period Azure Monitor does not offer.
 *
 * @example
 * ```ts
 * metricInterval({ id: 'q', resource, metric: 'Requests', statistic: 'Sum', period: 3600 }); // ok('PT1H')
 * ```
 */
export function metricInterval(query: MetricQuery): Result<string, DecomError> {
  if (query.period === undefined) return ok('FULL');
  const interval = INTERVALS.get(query.period);
  return interval === undefined
    ? err(
        decomError.invalidInput(
          `metric query ${query.id}: a period of ${query.period} s is not an Azure Monitor interval (PT1M, PT5M, PT15M, PT30M, PT1H, PT6H, PT12H, P1D)`,
          [{ path: `queries.${query.id}.period`, message: 'unsupported interval' }],
        ),
      )
    : ok(interval);
}

/** The window as dates, or an `InvalidInput` when it is not two ISO instants in order. */
export function windowDates(window: TimeWindow): Result<{ start: Date; end: Date }, DecomError> {
  const start = new Date(window.start);
  const end = new Date(window.end);
  if (Number.isNaN(start.getTime()) || Number.isNaN(end.getTime()) || start.getTime() >= end.getTime())
    return err(
      decomError.invalidInput(`the window ${window.start}/${window.end} is not two ISO 8601 instants in order`, [
        { path: 'window', message: 'start must be before end' },
      ]),
    );
  return ok({ start, end });
}
