import { LogsQueryResultStatus, type LogsTable } from '@azure/monitor-query-logs';
import {
  type DecomError,
  decomError,
  errAsync,
  type MetricQuery,
  type MetricSeries,
  okAsync,
  type ResultAsync,
} from '@decomkit/core';
import { limited } from '@decomkit/provider-kit';
import { azureCall } from '../azure-call.js';
import type { AzureClients } from '../clients.js';
import { metricInterval } from './metric-interval.js';

/** A query of a latency percentile. */
export type PercentileQuery = MetricQuery & { readonly statistic: 'p50' | 'p95' | 'p99' };

/** Why a percentile is not measured when no Log Analytics workspace is given. */
export const PERCENTILES_NOT_MEASURED =
  'not measured: Azure Monitor platform metrics have no percentiles, and no Log Analytics workspace was given (azureTarget({ logs: { workspaceId } }))';

/** Where request durations are read: the Application Insights requests of a workspace-based resource. */
const REQUESTS_TABLE = 'AppRequests';

/**
 * Latency percentiles from Log Analytics (`LogsQueryClient.queryWorkspace`,
 * `POST /v1/workspaces/{id}/query`): KQL `percentiles()` over the
 * `DurationMs` of the workspace's Application Insights requests (`AppRequests`)
 * of the resource (its id as `_ResourceId`, or its name as `AppRoleName`, as
 * App Service and Functions report it), in the window, per period when the
 * query has one. Without a workspace each series is empty and says
 * {@link PERCENTILES_NOT_MEASURED}: a percentile is never invented from
 * platform averages.
 *
 * @example
 * ```ts
 * percentileSeries(clients, 'workspace-guid', [{ id: 'q', resource: siteId, metric: 'ResponseTime', statistic: 'p95' }], window);
 * ```
 */
export function percentileSeries(
  clients: AzureClients,
  workspaceId: string | undefined,
  queries: readonly PercentileQuery[],
  window: { readonly start: Date; readonly end: Date },
): ResultAsync<MetricSeries[], DecomError> {
  if (workspaceId === undefined)
    return okAsync(
      queries.map((query) => ({ id: query.id, timestamps: [], values: [], notMeasured: PERCENTILES_NOT_MEASURED })),
    );
  return limited(queries, 4, (query) => readPercentile(clients, workspaceId, query, window));
}

/** The KQL of one percentile query. Ids and names never hold a quote (checked before). */
export function percentileKql(query: PercentileQuery, window: { start: Date; end: Date }, interval: string): string {
  const name = query.resource.split('/').pop() ?? '';
  const percent = query.statistic.slice(1);
  const by = interval === 'FULL' ? '' : ` by bin(TimeGenerated, ${timespanOf(query.period ?? 0)})`;
  return [
    REQUESTS_TABLE,
    `| where TimeGenerated >= datetime(${window.start.toISOString()}) and TimeGenerated < datetime(${window.end.toISOString()})`,
    `| where _ResourceId =~ '${query.resource}' or AppRoleName =~ '${name}'`,
    `| summarize value = percentile(DurationMs, ${percent}), requests = count()${by}`,
    ...(by === '' ? [] : ['| order by TimeGenerated asc']),
  ].join('\n');
}

function readPercentile(
  clients: AzureClients,
  workspaceId: string,
  query: PercentileQuery,
  window: { readonly start: Date; readonly end: Date },
): ResultAsync<MetricSeries, DecomError> {
  if (/['\\\n]/.test(query.resource))
    return errAsync(
      decomError.invalidInput(`"${query.resource}" is not an Azure resource id`, [
        { path: 'queries.resource', message: 'no quotes' },
      ]),
    );
  const interval = metricInterval(query);
  if (interval.isErr()) return errAsync(interval.error);
  const kql = percentileKql(query, window, interval.value);
  const subject = { operation: 'LogAnalytics.queryWorkspace', resource: `workspace ${workspaceId}` };
  return azureCall(subject, (options) =>
    clients
      .logs()
      .queryWorkspace(
        workspaceId,
        kql,
        { startTime: window.start, endTime: window.end },
        options.abortSignal === undefined ? {} : { abortSignal: options.abortSignal },
      ),
  ).andThen((result) => {
    if (result.status !== LogsQueryResultStatus.Success)
      return errAsync(
        decomError.providerFailure({
          message: `${subject.operation} on ${subject.resource}: partial result for ${query.resource}: ${result.partialError?.message ?? 'no detail'}`,
          retryable: true,
          resource: subject.resource,
        }),
      );
    const series = seriesOf(query, result.tables[0], window.start);
    return typeof series === 'string'
      ? errAsync(
          decomError.providerFailure({
            message: `${subject.operation} on ${subject.resource}: malformed response: ${series}`,
            retryable: false,
            resource: subject.resource,
          }),
        )
      : okAsync(series);
  });
}

/** The table's rows as a series (a row with no requests is left out), or what is wrong with the table. */
function seriesOf(query: PercentileQuery, table: LogsTable | undefined, start: Date): MetricSeries | string {
  if (table === undefined) return 'no table';
  const column = (name: string) => table.columnDescriptors.findIndex((descriptor) => descriptor.name === name);
  const [value, requests, time] = [column('value'), column('requests'), column('TimeGenerated')];
  if (value < 0 || requests < 0) return 'no value or requests column';
  const timestamps: string[] = [];
  const values: number[] = [];
  for (const row of table.rows) {
    const figure = Number(row[value]);
    if (Number(row[requests]) === 0 || row[value] === null || !Number.isFinite(figure)) continue;
    const at = time < 0 ? start : new Date(row[time] as string | Date);
    timestamps.push(at.toISOString());
    values.push(figure);
  }
  return { id: query.id, timestamps, values };
}

function timespanOf(seconds: number): string {
  return seconds % 3600 === 0 ? `${seconds / 3600}h` : `${seconds / 60}m`;
}
