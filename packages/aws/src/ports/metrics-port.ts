import {
  type Dimension,
  type MetricDataQuery,
  type MetricDataResult,
  paginateGetMetricData,
} from '@aws-sdk/client-cloudwatch';
import {
  type DecomError,
  decomError,
  errAsync,
  type MetricQuery,
  type MetricSeries,
  type MetricsPort,
  okAsync,
  ResultAsync,
  type TimeWindow,
} from '@decomkit/core';
import { PORT_SPECIFICATION_VERSION } from '@decomkit/provider-kit';
import { typeOfArn } from '../arn-types.js';
import { parseArn } from '../arns.js';
import { awsCall } from '../aws-call.js';
import type { AwsClients } from '../clients.js';
import { chunks } from '../resources/resource-type.js';
import { CLOUDWATCH_BASELINE_METRICS } from './cloudwatch-baseline-metrics.js';

/** GetMetricData takes at most 500 queries per call. */
const MAX_QUERIES_PER_CALL = 500;
/** Periods CloudWatch accepts below a minute (high resolution); otherwise a multiple of 60. */
const HIGH_RESOLUTION = new Set([1, 5, 10, 30]);
/** CloudWatch's rule for a query id. */
const QUERY_ID = /^[a-z][a-zA-Z0-9_]*$/;

/** Where a resource's metrics live: the CloudWatch dimension that names it, its default namespace and region. */
export interface MetricTarget {
  readonly region: string;
  readonly namespace: string;
  readonly dimensions: readonly Dimension[];
}

/**
 * The CloudWatch dimensions of a resource ARN: an Application (or Network)
 * Load Balancer → `LoadBalancer` (`app/<name>/<id>`), an EC2 instance →
 * `InstanceId`, an RDS DB instance → `DBInstanceIdentifier`. Any other ARN is
 * `InvalidInput` naming it and its type.
 *
 * @example
 * ```ts
 * metricTargetOf('arn:aws:ec2:eu-west-1:111122223333:instance/i-0abc', 'eu-west-1');
 * // ok({ region: 'eu-west-1', namespace: 'AWS/EC2', dimensions: [{ Name: 'InstanceId', Value: 'i-0abc' }] })
 * ```
 */
export function metricTargetOf(arn: string, home: string): ResultAsync<MetricTarget, DecomError> {
  const parsed = parseArn(arn);
  const refuse = (why: string) =>
    errAsync(decomError.invalidInput(`sourceMetrics: ${why}`, [{ path: 'queries.resource', message: why }]));
  if (parsed === null) return refuse(`"${arn}" is not an ARN`);
  const region = parsed.region === '' ? home : parsed.region;
  const { service, resource } = parsed;
  if (service === 'ec2' && resource.startsWith('instance/') && resource.length > 'instance/'.length)
    return okAsync({
      region,
      namespace: 'AWS/EC2',
      dimensions: [{ Name: 'InstanceId', Value: resource.slice('instance/'.length) }],
    });
  if (service === 'rds' && resource.startsWith('db:') && resource.length > 3)
    return okAsync({
      region,
      namespace: 'AWS/RDS',
      dimensions: [{ Name: 'DBInstanceIdentifier', Value: resource.slice(3) }],
    });
  const balancer = /^loadbalancer\/((app|net)\/[^/]+\/[^/]+)$/.exec(resource);
  if (service === 'elasticloadbalancing' && balancer !== null)
    return okAsync({
      region,
      namespace: balancer[2] === 'app' ? 'AWS/ApplicationELB' : 'AWS/NetworkELB',
      dimensions: [{ Name: 'LoadBalancer', Value: balancer[1] ?? '' }],
    });
  return refuse(
    `${arn} is a ${typeOfArn(arn)}: CloudWatch metrics are read for load balancers, EC2 instances and RDS DB instances only`,
  );
}

/** The window in seconds and its bounds as dates, or InvalidInput. */
function windowOf(window: TimeWindow): ResultAsync<{ start: Date; end: Date; seconds: number }, DecomError> {
  const start = Date.parse(window.start);
  const end = Date.parse(window.end);
  if (!(Number.isFinite(start) && Number.isFinite(end) && start < end))
    return errAsync(
      decomError.invalidInput(
        `sourceMetrics: the window ${window.start}..${window.end} is empty, reversed or invalid`,
        [{ path: 'window', message: 'start must be an instant before end' }],
      ),
    );
  return okAsync({ start: new Date(start), end: new Date(end), seconds: (end - start) / 1000 });
}

function checkQueries(queries: readonly MetricQuery[]): DecomError | null {
  const seen = new Set<string>();
  for (const query of queries) {
    if (!QUERY_ID.test(query.id) || seen.has(query.id))
      return decomError.invalidInput(`sourceMetrics: query id "${query.id}" is invalid or repeated`, [
        { path: 'queries.id', message: 'unique, a lowercase letter then letters, digits or _' },
      ]);
    seen.add(query.id);
    const period = query.period;
    if (
      period !== undefined &&
      !(HIGH_RESOLUTION.has(period) || (Number.isInteger(period) && period > 0 && period % 60 === 0))
    )
      return decomError.invalidInput(
        `sourceMetrics: query ${query.id}: period ${period} is not 1, 5, 10, 30 or a multiple of 60`,
        [{ path: 'queries.period', message: '1, 5, 10, 30 or a multiple of 60' }],
      );
  }
  return null;
}

/** The series of one GetMetricData result set, pages merged (a query's values may span pages), ascending. */
function seriesOf(id: string, results: readonly MetricDataResult[]): MetricSeries {
  const points: [number, number][] = [];
  for (const result of results) {
    if (result.Id !== id) continue;
    const timestamps = result.Timestamps ?? [];
    const values = result.Values ?? [];
    timestamps.forEach((at, index) => {
      const value = values[index];
      if (value !== undefined && value !== null) points.push([at.getTime(), value]);
    });
  }
  points.sort(([left], [right]) => left - right);
  return {
    id,
    timestamps: points.map(([at]) => new Date(at).toISOString()),
    values: points.map(([, value]) => value),
  };
}

/**
 * The `sourceMetrics` port over CloudWatch GetMetricData. Each query's
 * resource ARN gives its dimension (ALB `LoadBalancer`, EC2 `InstanceId`, RDS
 * `DBInstanceIdentifier`), region and default namespace; statistics are
 * `Sum`, `Average`, `Maximum`, `Minimum` or the extended `p50` / `p95` / `p99`.
 * A query without `period` gets one value over the whole window (Period = the
 * window rounded up to a multiple of 60 s). Queries are sent ≤ 500 a call per
 * region, ScanBy TimestampAscending, every page read (a query's values can
 * span pages); periods without data are left out, as CloudWatch does. Read-only.
 * Its `baselineMetrics` are {@link CLOUDWATCH_BASELINE_METRICS}.
 *
 * @example
 * ```ts
 * const metrics = awsSourceMetricsPort(new AwsClients(), 'eu-west-1');
 * const series = await metrics.query(
 *   [{ id: 'requests', resource: albArn, metric: 'RequestCount', statistic: 'Sum' }],
 *   { start: '2026-12-14T00:00:00Z', end: '2026-12-15T00:00:00Z' },
 * );
 * ```
 */
export function awsSourceMetricsPort(clients: AwsClients, home: string): MetricsPort {
  return {
    specificationVersion: PORT_SPECIFICATION_VERSION,
    baselineMetrics: CLOUDWATCH_BASELINE_METRICS,
    query: (queries, window) =>
      windowOf(window).andThen((bounds) => {
        const invalid = checkQueries(queries);
        if (invalid !== null) return errAsync(invalid);
        const wholeWindow = Math.max(60, Math.ceil(bounds.seconds / 60) * 60);
        return ResultAsync.combine(
          queries.map((query) =>
            metricTargetOf(query.resource, home).map((target) => ({
              region: target.region,
              query: {
                Id: query.id,
                MetricStat: {
                  Metric: {
                    Namespace: query.namespace ?? target.namespace,
                    MetricName: query.metric,
                    Dimensions: [...target.dimensions],
                  },
                  Period: query.period ?? wholeWindow,
                  Stat: query.statistic,
                },
                ReturnData: true,
              } satisfies MetricDataQuery,
            })),
          ),
        ).andThen((built) => {
          const byRegion = new Map<string, MetricDataQuery[]>();
          for (const { region, query } of built) byRegion.set(region, [...(byRegion.get(region) ?? []), query]);
          const calls = [...byRegion.entries()].flatMap(([region, regionQueries]) =>
            chunks(regionQueries, MAX_QUERIES_PER_CALL).map((chunk) => getMetricData(clients, region, chunk, bounds)),
          );
          return ResultAsync.combine(calls).map((pages) => {
            const results = pages.flat();
            return queries.map((query) => seriesOf(query.id, results));
          });
        });
      }),
  };
}

/** One GetMetricData call, every page, results checked for errors. */
export function getMetricData(
  clients: AwsClients,
  region: string,
  queries: readonly MetricDataQuery[],
  bounds: { readonly start: Date; readonly end: Date },
  scanBy: 'TimestampAscending' | 'TimestampDescending' = 'TimestampAscending',
): ResultAsync<MetricDataResult[], DecomError> {
  const cloudwatch = clients.get('cloudwatch', region);
  return awsCall({ operation: 'cloudwatch:GetMetricData' }, async () => {
    const results: MetricDataResult[] = [];
    for await (const page of paginateGetMetricData(
      { client: cloudwatch },
      { MetricDataQueries: [...queries], StartTime: bounds.start, EndTime: bounds.end, ScanBy: scanBy },
    )) {
      results.push(...(page.MetricDataResults ?? []));
    }
    return results;
  }).andThen((results) => {
    const failed = results.find((result) => result.StatusCode === 'InternalError' || result.StatusCode === 'Forbidden');
    if (failed === undefined) return okAsync(results);
    const detail = (failed.Messages ?? []).map((message) => `${message.Code ?? ''} ${message.Value ?? ''}`).join('; ');
    const message = `cloudwatch:GetMetricData: query ${failed.Id ?? ''} answered ${failed.StatusCode ?? ''}${detail === '' ? '' : `: ${detail}`}`;
    return errAsync(
      failed.StatusCode === 'Forbidden'
        ? decomError.accessDenied({ message })
        : decomError.providerFailure({ message, retryable: true }),
    );
  });
}

/** The IAM actions of this port's reads. */
export const METRICS_READS: readonly string[] = ['cloudwatch:GetMetricData'];
