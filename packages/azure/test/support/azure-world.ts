import type { AzureResourceFixture, MetricFixture } from '@decomkit/conformance';
import nock from 'nock';

/** Where every emulated resource lives. */
export const WORLD_REGION = 'westeurope';
/** Rows per emulated Resource Graph page: small, so that every list crosses pages. */
const ROWS_PER_PAGE = 2;

/** What the emulator serves: Azure resources in one subscription and metric series on them (by name). */
export interface EmulatedAzure {
  readonly subscriptionId: string;
  readonly resources: readonly AzureResourceFixture[];
  readonly metrics?: readonly MetricFixture[];
}

/** The Azure id a resource fixture gets. */
export function emulatedIdOf(world: EmulatedAzure, name: string): string {
  const resource = world.resources.find((candidate) => candidate.name === name);
  if (resource === undefined) throw new Error(`no resource ${name} in the emulated world`);
  return `/subscriptions/${world.subscriptionId}/resourceGroups/${resource.resourceGroup}/providers/${resource.type}/${name}`;
}

/**
 * Serves `world` through nock, as Azure would answer the calls the ports make:
 * Resource Graph (the `resourceGroup in~` and `id in~` filters the ports
 * write, pages of two rows through `$skipToken`) and the metrics batch API
 * (total, average, maximum, minimum of the points inside the window, for the
 * `FULL` interval or hourly). A metric nobody put answers an empty series, as
 * Azure does for a metric without data. Returns the clean-up.
 */
export function emulateAzure(world: EmulatedAzure): () => void {
  const rows = world.resources.map((resource) => ({
    id: emulatedIdOf(world, resource.name),
    name: resource.name,
    type: resource.type,
    location: WORLD_REGION,
    resourceGroup: resource.resourceGroup,
    tags: {},
  }));
  const graph = nock('https://management.azure.com')
    .persist()
    .post('/providers/Microsoft.ResourceGraph/resources')
    .query(true)
    .reply((_uri, body) => {
      const request = body as { subscriptions: string[]; query: string; options?: { $skipToken?: string } };
      const matching = rows.filter(
        (row) =>
          request.subscriptions.includes(world.subscriptionId) &&
          inList(request.query, 'resourceGroup', row.resourceGroup) &&
          inList(request.query, 'id', row.id),
      );
      const start = Number(request.options?.$skipToken ?? 0);
      const data = matching.slice(start, start + ROWS_PER_PAGE);
      const next = start + ROWS_PER_PAGE < matching.length ? String(start + ROWS_PER_PAGE) : undefined;
      return [
        200,
        {
          totalRecords: matching.length,
          count: data.length,
          resultTruncated: 'false',
          data,
          ...(next === undefined ? {} : { $skipToken: next }),
        },
      ];
    });
  const metrics = nock(`https://${WORLD_REGION}.metrics.monitor.azure.com`)
    .persist()
    .post(`/subscriptions/${world.subscriptionId}/metrics:getBatch`)
    .query(true)
    .reply((uri, body) => {
      const query = new URL(uri, 'https://metrics.invalid').searchParams;
      const names = (query.get('metricnames') ?? '').split(',');
      const window = { start: query.get('starttime') ?? '', end: query.get('endtime') ?? '' };
      const values = (body as { resourceids: string[] }).resourceids.map((resourceid) => ({
        starttime: window.start,
        endtime: window.end,
        resourceid,
        resourceregion: WORLD_REGION,
        value: names.map((name) => ({
          id: `${resourceid}/providers/Microsoft.Insights/metrics/${name}`,
          type: 'Microsoft.Insights/metrics',
          name: { value: name, localizedValue: name },
          unit: 'Count',
          timeseries: [{ metadatavalues: [], data: pointsOf(world, resourceid, name, window, query.get('interval')) }],
        })),
      }));
      return [200, { values }];
    });
  return () => {
    for (const scope of [graph, metrics]) scope.persist(false);
    nock.cleanAll();
  };
}

/** Whether a query's `field in~ (...)` filter, if it has one, names `value` (case-insensitive). */
function inList(query: string, field: string, value: string): boolean {
  const list = new RegExp(`\\b${field} in~ \\(([^)]*)\\)`).exec(query)?.[1];
  if (list === undefined) return true;
  return list
    .split(',')
    .map((item) => item.trim().replace(/^'|'$/g, '').toLowerCase())
    .includes(value.toLowerCase());
}

function pointsOf(
  world: EmulatedAzure,
  resourceId: string,
  metric: string,
  window: { start: string; end: string },
  interval: string | null,
) {
  const series = (world.metrics ?? []).find(
    (candidate) =>
      candidate.side === 'target' &&
      emulatedIdOf(world, candidate.resource).toLowerCase() === resourceId.toLowerCase() &&
      candidate.metric.toLowerCase() === metric.toLowerCase(),
  );
  const inside = (series?.points ?? []).filter((point) => point.at >= window.start && point.at <= window.end);
  const bins = new Map<string, number[]>();
  for (const point of inside) {
    const at = interval === 'FULL' ? window.start : `${point.at.slice(0, 13)}:00:00Z`;
    bins.set(at, [...(bins.get(at) ?? []), point.value]);
  }
  return [...bins.entries()].map(([timeStamp, values]) => ({
    timeStamp,
    total: values.reduce((sum, value) => sum + value, 0),
    average: values.reduce((sum, value) => sum + value, 0) / values.length,
    maximum: Math.max(...values),
    minimum: Math.min(...values),
    count: values.length,
  }));
}

/** An Azure DNS record set the emulator serves. */
export interface EmulatedRecordSet {
  readonly zone: string;
  readonly name: string;
  readonly type: string;
  ttl: number;
  etag: number;
  readonly values: readonly string[];
}

/**
 * Serves Azure DNS for `records` through nock: the subscription's zones (one
 * resource group `rg-dns`), GET of a record set (404 when missing) and PATCH
 * of its TTL, honouring `If-Match` (412 on a stale etag) and renewing the
 * etag. The records are changed in place, so a test reads them as an oracle.
 */
export function emulateAzureDns(subscriptionId: string, records: EmulatedRecordSet[]): () => void {
  const base = `/subscriptions/${subscriptionId}/resourceGroups/rg-dns/providers/Microsoft.Network/dnsZones`;
  const zones = [...new Set(records.map((record) => record.zone))];
  const find = (uri: string) => {
    const [zone, type, name] = new URL(uri, 'https://arm.invalid').pathname.slice(base.length + 1).split('/');
    return records.find((record) => record.zone === zone && record.type === type && record.name === name);
  };
  const body = (record: EmulatedRecordSet) => ({
    id: `${base}/${record.zone}/${record.type}/${record.name}`,
    name: record.name,
    type: `Microsoft.Network/dnsZones/${record.type}`,
    etag: `etag-${record.etag}`,
    properties: {
      TTL: record.ttl,
      fqdn: `${record.name}.${record.zone}.`,
      ARecords: record.values.map((ipv4Address) => ({ ipv4Address })),
    },
  });
  const scope = nock('https://management.azure.com')
    .persist()
    .get(`/subscriptions/${subscriptionId}/providers/Microsoft.Network/dnszones`)
    .query(true)
    .reply(200, {
      value: zones.map((zone) => ({ id: `${base}/${zone}`, name: zone, type: 'Microsoft.Network/dnsZones' })),
    })
    .get((path) => path.startsWith(`${base}/`))
    .query(true)
    .reply((uri) => {
      const record = find(uri);
      return record === undefined
        ? [404, { error: { code: 'NotFound', message: 'no such record set' } }]
        : [200, body(record)];
    })
    .patch((path) => path.startsWith(`${base}/`))
    .query(true)
    .reply(function reply(uri, request) {
      const record = find(uri);
      if (record === undefined) return [404, { error: { code: 'NotFound', message: 'no such record set' } }];
      const ifMatch = this.req.headers['if-match'];
      if (ifMatch !== undefined && ifMatch !== `etag-${record.etag}`)
        return [412, { error: { code: 'PreconditionFailed', message: 'etag mismatch' } }];
      record.ttl = (request as { properties: { TTL: number } }).properties.TTL;
      record.etag += 1;
      return [200, body(record)];
    });
  return () => {
    scope.persist(false);
    nock.cleanAll();
  };
}
