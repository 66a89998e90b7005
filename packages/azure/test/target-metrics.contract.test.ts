import nock from 'nock';
import { describe, expect, it } from 'vitest';
import { PERCENTILES_NOT_MEASURED } from '../src/index.js';
import { fixture, holdsSecret, testTarget, withNock } from './support/contract.js';

const batch = fixture('monitor-metrics/MetricBatchExample.2024-02-01.json');
const logsExample = fixture('log-analytics/la-post-example.v1.json');
const SUBSCRIPTION = batch.parameters.subscriptionId as string;
const [STORAGE_1, STORAGE_2] = (batch.parameters.batchRequest as { resourceids: string[] }).resourceids as [
  string,
  string,
];
const WINDOW = { start: batch.parameters.starttime as string, end: batch.parameters.endtime as string };
const ARM = 'https://management.azure.com';
const GRAPH = '/providers/Microsoft.ResourceGraph/resources';
const WORKSPACE = logsExample.parameters.workspaceId as string;

/** Resource Graph answers the type and region of each resource. */
function serveLocations(rows: readonly { id: string; type: string; location: string }[]) {
  const asked: string[] = [];
  nock(ARM)
    .post(GRAPH)
    .query(true)
    .reply((_uri, body) => {
      asked.push((body as { query: string }).query);
      return [200, { totalRecords: rows.length, count: rows.length, resultTruncated: 'false', data: rows }];
    });
  return asked;
}

/** The metrics batch endpoint of `region` answers `reply` to each call, recording what was sent. */
function serveBatch(region: string, reply: (resourceIds: string[]) => unknown, times = 1) {
  const seen: { path: string; query: URLSearchParams; resourceIds: string[] }[] = [];
  nock(`https://${region}.metrics.monitor.azure.com`)
    .post(`/subscriptions/${SUBSCRIPTION}/metrics:getBatch`)
    .query(true)
    .times(times)
    .reply((uri, body) => {
      const url = new URL(uri, 'https://metrics.invalid');
      const resourceIds = (body as { resourceids: string[] }).resourceids;
      seen.push({ path: url.pathname, query: url.searchParams, resourceIds });
      return [200, reply(resourceIds)];
    });
  return seen;
}

const storageRows = [
  { id: STORAGE_1, type: 'microsoft.storage/storageaccounts', location: 'eastus' },
  { id: STORAGE_2, type: 'microsoft.storage/storageaccounts', location: 'eastus' },
];

describe('targetMetrics over the Azure Monitor batch API (contract: MetricBatchExample)', () => {
  withNock();

  it('asks one batch per type and region, as the example does, and maps its response', async () => {
    const lookups = serveLocations(storageRows);
    const seen = serveBatch('eastus', () => batch.responses['200']?.body);
    const { ports } = testTarget({ subscriptionId: SUBSCRIPTION });
    const series = (
      await ports.targetMetrics.query(
        [
          { id: 'ingress-average', resource: STORAGE_1, metric: 'Ingress', statistic: 'Average', period: 900 },
          { id: 'ingress-maximum', resource: STORAGE_1, metric: 'Ingress', statistic: 'Maximum', period: 900 },
          { id: 'egress', resource: STORAGE_1, metric: 'Egress', statistic: 'Average', period: 900 },
          { id: 'second', resource: STORAGE_2, metric: 'Ingress', statistic: 'Average', period: 900 },
        ],
        WINDOW,
      )
    )._unsafeUnwrap();
    expect(lookups[0]).toBe(`Resources | where id in~ ('${STORAGE_1}', '${STORAGE_2}') | project id, type, location`);
    expect(seen).toHaveLength(1);
    const sent = seen[0];
    expect(sent?.path).toBe(`/subscriptions/${SUBSCRIPTION}/metrics:getBatch`);
    expect(sent?.query.get('api-version')).toBe(batch.parameters['api-version']);
    expect(sent?.query.get('metricnamespace')?.toLowerCase()).toBe(
      (batch.parameters.metricnamespace as string).toLowerCase(),
    );
    expect(sent?.query.get('metricnames')).toBe(batch.parameters.metricnames);
    expect(sent?.query.get('aggregation')).toBe('average,maximum');
    expect(sent?.query.get('interval')).toBe(batch.parameters.interval);
    expect(sent?.query.get('starttime')).toBe(batch.parameters.starttime);
    expect(sent?.query.get('endtime')).toBe(batch.parameters.endtime);
    expect(sent?.resourceIds).toEqual([STORAGE_1, STORAGE_2]);

    const [average, maximum, egress, second] = series;
    expect(series.map((found) => found.id)).toEqual(['ingress-average', 'ingress-maximum', 'egress', 'second']);
    expect(average?.timestamps).toHaveLength(12);
    expect(average?.timestamps[0]).toBe('2023-02-01T20:00:00.000Z');
    expect(average?.values[0]).toBe(437);
    // 22:00: two dimension series (437 and 342): averages averaged, maxima the larger.
    expect(average?.values[8]).toBe((437 + 342) / 2);
    expect(maximum?.values[8]).toBe(437);
    expect(maximum?.values[1]).toBe(583);
    expect(egress?.values[8]).toBe((796 + 361) / 2);
    // Points without the statistic are left out: nothing is interpolated.
    expect(second).toEqual({ id: 'second', timestamps: ['2023-02-01T22:00:00.000Z'], values: [330] });
  });

  it('groups by type and region (one call each) and sends at most 50 resources a call', async () => {
    const sites = Array.from(
      { length: 51 },
      (_, index) => `/subscriptions/${SUBSCRIPTION}/resourceGroups/rg/providers/Microsoft.Web/sites/site-${index}`,
    );
    const database = `/subscriptions/${SUBSCRIPTION}/resourceGroups/rg/providers/Microsoft.Sql/servers/db/databases/d`;
    serveLocations([
      ...sites.map((id) => ({ id, type: 'microsoft.web/sites', location: 'westeurope' })),
      { id: database, type: 'microsoft.sql/servers/databases', location: 'northeurope' },
    ]);
    const metricsOf = (resourceIds: string[]) => ({
      values: resourceIds.map((resourceid) => ({
        starttime: WINDOW.start,
        endtime: WINDOW.end,
        resourceid,
        resourceregion: 'x',
        value: [
          {
            id: `${resourceid}/providers/Microsoft.Insights/metrics/Requests`,
            type: 'Microsoft.Insights/metrics',
            name: { value: 'Requests' },
            unit: 'Count',
            timeseries: [{ data: [{ timeStamp: WINDOW.start, total: 5 }] }],
          },
        ],
      })),
    });
    const west = serveBatch('westeurope', metricsOf, 2);
    const north = serveBatch('northeurope', metricsOf);
    const { ports } = testTarget({ subscriptionId: SUBSCRIPTION });
    const series = (
      await ports.targetMetrics.query(
        [...sites, database].map((resource, index) => ({
          id: `q${index}`,
          resource,
          metric: 'Requests',
          statistic: 'Sum' as const,
        })),
        WINDOW,
      )
    )._unsafeUnwrap();
    expect(west.map((call) => call.resourceIds.length).sort()).toEqual([1, 50]);
    expect(west[0]?.query.get('metricnamespace')).toBe('microsoft.web/sites');
    expect(west[0]?.query.get('interval')).toBe('FULL');
    expect(west[0]?.query.get('aggregation')).toBe('total');
    expect(north[0]?.query.get('metricnamespace')).toBe('microsoft.sql/servers/databases');
    expect(series).toHaveLength(52);
    expect(series.every((found) => found.values[0] === 5)).toBe(true);
  });

  it('refuses a period Azure Monitor does not offer and a reversed window, asking nothing', async () => {
    const { ports } = testTarget({ subscriptionId: SUBSCRIPTION });
    serveLocations(storageRows);
    const period = await ports.targetMetrics.query(
      [{ id: 'q', resource: STORAGE_1, metric: 'Ingress', statistic: 'Sum', period: 120 }],
      WINDOW,
    );
    expect(period._unsafeUnwrapErr()).toMatchObject({ code: 'InvalidInput', issues: [{ path: 'queries.q.period' }] });
    const reversed = await ports.targetMetrics.query([], { start: WINDOW.end, end: WINDOW.start });
    expect(reversed._unsafeUnwrapErr()).toMatchObject({ code: 'InvalidInput', issues: [{ path: 'window' }] });
  });

  it('names a resource Resource Graph does not know (NotFound) and a metric Azure reports an error for', async () => {
    serveLocations([]);
    const { ports } = testTarget({ subscriptionId: SUBSCRIPTION });
    const missing = await ports.targetMetrics.query(
      [{ id: 'q', resource: STORAGE_1, metric: 'Ingress', statistic: 'Sum' }],
      WINDOW,
    );
    expect(missing._unsafeUnwrapErr()).toMatchObject({ code: 'NotFound', resource: STORAGE_1 });

    serveLocations(storageRows);
    serveBatch('eastus', () => ({
      values: [
        {
          starttime: WINDOW.start,
          endtime: WINDOW.end,
          resourceid: STORAGE_1,
          value: [
            {
              id: 'x',
              type: 'Microsoft.Insights/metrics',
              name: { value: 'Ingress' },
              unit: 'Bytes',
              errorCode: 'InvalidMetric',
              errorMessage: 'Ingress is not a metric of this type',
              timeseries: [],
            },
          ],
        },
      ],
    }));
    const failed = await ports.targetMetrics.query(
      [{ id: 'q', resource: STORAGE_1, metric: 'Ingress', statistic: 'Sum' }],
      WINDOW,
    );
    expect(failed._unsafeUnwrapErr().message).toContain('InvalidMetric');
  });

  it('reads a 400 as InvalidInput, 403 as AccessDenied and a persistent 429 as Throttled, without the token', async () => {
    const { ports } = testTarget({ subscriptionId: SUBSCRIPTION });
    const ask = () =>
      ports.targetMetrics.query([{ id: 'q', resource: STORAGE_1, metric: 'Ingress', statistic: 'Sum' }], WINDOW);
    const cases = [
      { status: 400, code: 'BadRequest', expected: 'InvalidInput', times: 1 },
      { status: 403, code: 'AuthorizationFailed', expected: 'AccessDenied', times: 1 },
      { status: 429, code: 'TooManyRequests', expected: 'Throttled', times: 3 },
    ];
    for (const { status, code, expected, times } of cases) {
      serveLocations(storageRows);
      nock('https://eastus.metrics.monitor.azure.com')
        .post(`/subscriptions/${SUBSCRIPTION}/metrics:getBatch`)
        .query(true)
        .times(times)
        .reply(status, { error: { code, message: `${code} for the batch` } }, { 'Retry-After': '0' });
      const error = (await ask())._unsafeUnwrapErr();
      expect(error.code).toBe(expected);
      expect(error.message).toContain('microsoft.storage/storageaccounts in eastus');
      expect(holdsSecret(error)).toBe(false);
    }
  });
});

describe('latency percentiles from Log Analytics (contract: la-post-example)', () => {
  withNock();
  const site = `/subscriptions/${SUBSCRIPTION}/resourceGroups/rg/providers/Microsoft.Web/sites/payments-web`;
  const percentileQueries = [
    { id: 'p50', resource: site, metric: 'ResponseTime', statistic: 'p50' as const },
    { id: 'p95', resource: site, metric: 'ResponseTime', statistic: 'p95' as const, period: 3600 },
  ];

  it('says "not measured" without a workspace, and asks nobody', async () => {
    const { ports } = testTarget({ subscriptionId: SUBSCRIPTION });
    const series = (await ports.targetMetrics.query(percentileQueries, WINDOW))._unsafeUnwrap();
    expect(series).toEqual([
      { id: 'p50', timestamps: [], values: [], notMeasured: PERCENTILES_NOT_MEASURED },
      { id: 'p95', timestamps: [], values: [], notMeasured: PERCENTILES_NOT_MEASURED },
    ]);
  });

  it('posts KQL percentile() over AppRequests of the resource in the window, and maps the table', async () => {
    const sent: { query: string; timespan: string }[] = [];
    const table = (rows: unknown[][], withTime: boolean) => ({
      tables: [
        {
          name: 'PrimaryResult',
          columns: [
            ...(withTime ? [{ name: 'TimeGenerated', type: 'datetime' }] : []),
            { name: 'value', type: 'real' },
            { name: 'requests', type: 'long' },
          ],
          rows,
        },
      ],
    });
    nock('https://api.loganalytics.io')
      .post(`/v1/workspaces/${WORKSPACE}/query`)
      .times(2)
      .reply((_uri, body) => {
        const request = body as { query: string; timespan: string };
        sent.push(request);
        return [
          200,
          request.query.includes('bin(')
            ? table(
                [
                  ['2023-02-01T20:00:00Z', 180.5, 40],
                  ['2023-02-01T21:00:00Z', null, 0],
                  ['2023-02-01T22:00:00Z', 210, 12],
                ],
                true,
              )
            : table([[95.25, 52]], false),
        ];
      });
    const { ports } = testTarget({ subscriptionId: SUBSCRIPTION, logs: { workspaceId: WORKSPACE } });
    const [p50, p95] = (await ports.targetMetrics.query(percentileQueries, WINDOW))._unsafeUnwrap();
    expect(p50).toEqual({ id: 'p50', timestamps: ['2023-02-01T20:00:00.123Z'], values: [95.25] });
    expect(p95).toEqual({
      id: 'p95',
      timestamps: ['2023-02-01T20:00:00.000Z', '2023-02-01T22:00:00.000Z'],
      values: [180.5, 210],
    });
    const [full, hourly] = sent;
    // The example's body: { query, timespan }; ours carries the window as an ISO interval.
    expect(Object.keys(full ?? {}).sort()).toEqual(Object.keys(logsExample.parameters.body as object).sort());
    expect(full?.timespan).toBe(`${WINDOW.start}/${WINDOW.end}`);
    expect(full?.query).toContain('percentile(DurationMs, 50)');
    expect(full?.query).toContain(`_ResourceId =~ '${site}' or AppRoleName =~ 'payments-web'`);
    expect(hourly?.query).toContain('percentile(DurationMs, 95)');
    expect(hourly?.query).toContain('by bin(TimeGenerated, 1h)');
  });

  it("fails on a table that is not the percentile query's (the example's Usage table)", async () => {
    nock('https://api.loganalytics.io')
      .post(`/v1/workspaces/${WORKSPACE}/query`)
      .reply(200, logsExample.responses['200']?.body as object);
    const { ports } = testTarget({ subscriptionId: SUBSCRIPTION, logs: { workspaceId: WORKSPACE } });
    const error = (await ports.targetMetrics.query(percentileQueries.slice(0, 1), WINDOW))._unsafeUnwrapErr();
    expect(error).toMatchObject({ code: 'ProviderFailure', retryable: false });
    expect(error.message).toContain('no value or requests column');
  });

  it('reads a partial result (a 200 with tables and an error: the query hit a limit) as a retryable failure, never as figures', async () => {
    nock('https://api.loganalytics.io')
      .post(`/v1/workspaces/${WORKSPACE}/query`)
      .reply(200, {
        tables: [
          {
            name: 'PrimaryResult',
            columns: [
              { name: 'value', type: 'real' },
              { name: 'requests', type: 'long' },
            ],
            rows: [[12.5, 3]],
          },
        ],
        error: { code: 'PartialError', message: 'Query result set has exceeded the internal limit' },
      });
    const { ports } = testTarget({ subscriptionId: SUBSCRIPTION, logs: { workspaceId: WORKSPACE } });
    const error = (await ports.targetMetrics.query(percentileQueries.slice(0, 1), WINDOW))._unsafeUnwrapErr();
    expect(error).toMatchObject({ code: 'ProviderFailure', retryable: true });
    expect(error.message).toMatch(/partial result for .*payments-web: .*exceeded the internal limit/);
  });
});
