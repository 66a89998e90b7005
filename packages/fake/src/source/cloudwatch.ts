import type { DecomError, MetricQuery, MetricSeries, ResultAsync, TimeWindow } from '@decomkit/core';
import { err, ok } from '@decomkit/core';
import { aggregate, windowBounds } from '../services/metric-statistics.js';
import type { FakeMetricSeries } from '../services/services-state.js';
import type { FakeWorld } from '../world.js';
import { awsError } from './aws-errors.js';

/** Periods CloudWatch accepts: high resolution (1, 5, 10, 30 s) or any multiple of 60 s. */
const HIGH_RESOLUTION = new Set([1, 5, 10, 30]);
const MAX_QUERIES = 500;
const QUERY_ID = /^[a-z][a-zA-Z0-9_]*$/;

/**
 * The fake CloudWatch: datapoints put per (resource ARN, namespace, metric),
 * read with GetMetricData. Like CloudWatch (and moto) only data that was put
 * is returned; the statistic is applied per period (the whole window when the
 * query names none), and periods without data are left out.
 */
export class FakeCloudWatch {
  constructor(private readonly world: FakeWorld) {}

  /** GetMetricData: one result per query, in query order. */
  getMetricData(queries: readonly MetricQuery[], window: TimeWindow): ResultAsync<MetricSeries[], DecomError> {
    return this.world.call('cloudwatch', 'GetMetricData', false, null, () => {
      if (windowBounds(window) === null)
        return err(
          awsError.invalid(
            'ValidationError',
            `the window ${window.start}..${window.end} is empty or reversed`,
            'window',
          ),
        );
      if (queries.length > MAX_QUERIES)
        return err(awsError.invalid('ValidationError', `at most ${MAX_QUERIES} queries per call`, 'queries'));
      const seen = new Set<string>();
      for (const query of queries) {
        if (!QUERY_ID.test(query.id) || seen.has(query.id))
          return err(
            awsError.invalid('ValidationError', `query id "${query.id}" is invalid or repeated`, 'queries.id'),
          );
        seen.add(query.id);
        const period = query.period;
        if (
          period !== undefined &&
          !(HIGH_RESOLUTION.has(period) || (Number.isInteger(period) && period > 0 && period % 60 === 0))
        )
          return err(
            awsError.invalid(
              'ValidationError',
              `period ${period} must be 1, 5, 10, 30 or a multiple of 60`,
              'queries.period',
            ),
          );
      }
      return ok(queries.map((query) => aggregate(this.series(query), query, window, query.period ?? null)));
    });
  }

  /** PutMetricData: adds datapoints to a series (creating it). */
  putMetricData(
    resource: string,
    namespace: string,
    metric: string,
    points: readonly { readonly at: string; readonly value: number }[],
  ): ResultAsync<void, DecomError> {
    return this.world.call('cloudwatch', 'PutMetricData', true, resource, () => {
      if (points.some((point) => !Number.isFinite(point.value) || !Number.isFinite(Date.parse(point.at))))
        return err(
          awsError.invalid(
            'InvalidParameterValue',
            'datapoints need a finite value and a valid timestamp',
            'MetricData',
          ),
        );
      const store = this.world.state.services.metrics;
      let series = store.find(
        (candidate) =>
          candidate.resource === resource && candidate.namespace === namespace && candidate.metric === metric,
      );
      if (series === undefined) {
        series = { resource, namespace, metric, points: [] };
        store.push(series);
      }
      series.points.push(...points.map((point) => ({ at: new Date(point.at).toISOString(), value: point.value })));
      series.points.sort((left, right) => Date.parse(left.at) - Date.parse(right.at));
      return ok(undefined);
    });
  }

  private series(query: MetricQuery): FakeMetricSeries | undefined {
    return this.world.state.services.metrics.find(
      (candidate) =>
        candidate.resource === query.resource &&
        candidate.metric === query.metric &&
        (query.namespace === undefined || candidate.namespace === null || candidate.namespace === query.namespace),
    );
  }
}
