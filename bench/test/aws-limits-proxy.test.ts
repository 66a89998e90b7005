import { once } from 'node:events';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { DescribeInstancesCommand, EC2Client } from '@aws-sdk/client-ec2';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  bucketBounds,
  type LimitsProxy,
  type LimitsProxyOptions,
  startLimitsProxy,
} from '../aws-limits-proxy/index.js';

const ACCESS_KEY = 'AKIAIOSFODNN7EXAMPLE';
/** Refills so slowly that no token comes back during a test. */
const NO_REFILL = 0.0001;

interface ReceivedRequest {
  readonly method: string;
  readonly url: string;
  readonly headers: IncomingHttpHeaders;
  readonly body: Buffer;
}

/** The stub target: records every request and answers an empty DescribeInstances page, with a header of its own. */
const received: ReceivedRequest[] = [];
let target: Server;
let targetUrl: string;
let proxy: LimitsProxy | undefined;

beforeAll(async () => {
  target = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      received.push({
        method: request.method ?? '',
        url: request.url ?? '',
        headers: request.headers,
        body: Buffer.concat(chunks),
      });
      response.writeHead(200, { 'content-type': 'text/xml;charset=UTF-8', 'x-stub-answer': 'yes' });
      response.end(
        '<DescribeInstancesResponse xmlns="http://ec2.amazonaws.com/doc/2016-11-15/">' +
          '<requestId>stub</requestId><reservationSet/></DescribeInstancesResponse>',
      );
    });
  });
  target.listen(0, '127.0.0.1');
  await once(target, 'listening');
  targetUrl = `http://127.0.0.1:${(target.address() as AddressInfo).port}`;
});

afterEach(async () => {
  await proxy?.stop();
  proxy = undefined;
  received.length = 0;
});

afterAll(async () => {
  target.close();
  await once(target, 'close');
});

async function startProxy(options: Omit<LimitsProxyOptions, 'target'> = {}): Promise<LimitsProxy> {
  proxy = await startLimitsProxy({ target: targetUrl, ...options });
  return proxy;
}

/** One query-protocol request signed (in form only: the proxy reads the credential scope) as `service` in `region`. */
function query(
  url: string,
  scope: { readonly service: string; readonly region?: string; readonly accessKey?: string },
  parameters: Readonly<Record<string, string>>,
): Promise<Response> {
  const region = scope.region ?? 'eu-west-1';
  return fetch(`${url}/`, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-www-form-urlencoded; charset=utf-8',
      authorization: `AWS4-HMAC-SHA256 Credential=${scope.accessKey ?? ACCESS_KEY}/20260101/${region}/${scope.service}/aws4_request, SignedHeaders=host, Signature=0`,
    },
    body: new URLSearchParams(parameters),
  });
}

const filteredDescribe = {
  Action: 'DescribeInstances',
  Version: '2016-11-15',
  'Filter.1.Name': 'tag:app',
  'Filter.1.Value.1': 'x',
};

function ec2Client(url: string): EC2Client {
  return new EC2Client({
    endpoint: url,
    region: 'eu-west-1',
    maxAttempts: 1,
    credentials: { accessKeyId: ACCESS_KEY, secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY' },
  });
}

describe('AWS-limits proxy', () => {
  it('passes a request through to the target unchanged and streams the answer back unchanged', async () => {
    const { url } = await startProxy();
    const body = 'Action=DescribeInstances&Version=2016-11-15&Filter.1.Name=tag%3Aapp&Filter.1.Value.1=a%20b';
    const response = await fetch(`${url}/some/path?x=1`, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded; charset=utf-8',
        authorization: `AWS4-HMAC-SHA256 Credential=${ACCESS_KEY}/20260101/eu-west-1/ec2/aws4_request, SignedHeaders=host, Signature=abc`,
        'x-amz-date': '20260101T000000Z',
        'x-custom': 'kept',
      },
      body,
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('x-stub-answer')).toBe('yes');
    expect(await response.text()).toContain('<reservationSet/>');
    expect(received).toHaveLength(1);
    const [request] = received;
    expect(request?.method).toBe('POST');
    expect(request?.url).toBe('/some/path?x=1');
    expect(request?.body.toString('utf8')).toBe(body);
    expect(request?.headers['x-custom']).toBe('kept');
    expect(request?.headers['x-amz-date']).toBe('20260101T000000Z');
    expect(request?.headers.authorization).toContain('Signature=abc');

    // A JSON-protocol request (X-Amz-Target) is streamed through too, byte for byte.
    const json = JSON.stringify({ TableName: 'orders', Note: 'é'.repeat(10_000) });
    await fetch(`${url}/`, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-amz-json-1.0',
        'x-amz-target': 'DynamoDB_20120810.DescribeTable',
        authorization: `AWS4-HMAC-SHA256 Credential=${ACCESS_KEY}/20260101/eu-west-1/dynamodb/aws4_request, SignedHeaders=host, Signature=0`,
      },
      body: json,
    });
    expect(received[1]?.body.toString('utf8')).toBe(json);
  });

  it('answers a burst beyond the EC2 read bucket with RequestLimitExceeded in EC2 XML, which EC2Client surfaces', async () => {
    const limitsProxy = await startProxy({
      rates: { 'ec2:non-mutating': { capacity: 3, refillPerSecond: NO_REFILL } },
    });
    const client = ec2Client(limitsProxy.url);
    const filters = [{ Name: 'tag:app', Values: ['x'] }];
    for (let call = 0; call < 3; call += 1) await client.send(new DescribeInstancesCommand({ Filters: filters }));
    await expect(client.send(new DescribeInstancesCommand({ Filters: filters }))).rejects.toMatchObject({
      name: 'RequestLimitExceeded',
      $metadata: { httpStatusCode: 503 },
    });
    const raw = await query(limitsProxy.url, { service: 'ec2' }, filteredDescribe);
    expect(raw.status).toBe(503);
    expect(await raw.text()).toMatch(
      /^<\?xml[^>]*>\s*<Response><Errors><Error><Code>RequestLimitExceeded<\/Code><Message>[^<]+<\/Message><\/Error><\/Errors><RequestID>[^<]+<\/RequestID><\/Response>$/,
    );
    expect(received).toHaveLength(3);
    expect(limitsProxy.stats()[`${ACCESS_KEY}/eu-west-1/ec2/non-mutating`]).toEqual({
      allowed: 3,
      throttled: 2,
      tokens: 3,
    });
    client.destroy();
  });

  it('lets requests through again once the bucket refills', async () => {
    const limitsProxy = await startProxy({ rates: { 'ec2:non-mutating': { capacity: 2, refillPerSecond: 1 } } });
    const burst = await Promise.all([1, 2, 3].map(() => query(limitsProxy.url, { service: 'ec2' }, filteredDescribe)));
    expect(burst.map((response) => response.status).sort()).toEqual([200, 200, 503]);
    await new Promise((resolve) => setTimeout(resolve, 1_200));
    expect((await query(limitsProxy.url, { service: 'ec2' }, filteredDescribe)).status).toBe(200);
  });

  it('scales every bucket with `scale`', async () => {
    // EC2's read bucket is 100; at 0.03 it holds 3.
    const limitsProxy = await startProxy({
      scale: 0.03,
      rates: { 'ec2:non-mutating': { capacity: 100, refillPerSecond: NO_REFILL } },
    });
    const statuses: number[] = [];
    for (let call = 0; call < 4; call += 1)
      statuses.push((await query(limitsProxy.url, { service: 'ec2' }, filteredDescribe)).status);
    expect(statuses).toEqual([200, 200, 200, 503]);
  });

  it('keeps mutating, non-mutating and unfiltered non-mutating EC2 buckets separate', async () => {
    const one = { capacity: 1, refillPerSecond: NO_REFILL };
    const { url } = await startProxy({
      rates: { 'ec2:non-mutating': one, 'ec2:mutating': one, 'ec2:unfiltered-non-mutating': one },
    });
    const terminate = { Action: 'TerminateInstances', Version: '2016-11-15', 'InstanceId.1': 'i-1' };
    const unfiltered = { Action: 'DescribeInstances', Version: '2016-11-15' };
    expect((await query(url, { service: 'ec2' }, filteredDescribe)).status).toBe(200);
    expect((await query(url, { service: 'ec2' }, filteredDescribe)).status).toBe(503);
    expect((await query(url, { service: 'ec2' }, terminate)).status).toBe(200);
    expect((await query(url, { service: 'ec2' }, terminate)).status).toBe(503);
    expect((await query(url, { service: 'ec2' }, unfiltered)).status).toBe(200);
    expect((await query(url, { service: 'ec2' }, unfiltered)).status).toBe(503);
  });

  it('gives each EC2 action a bucket of its own, sized by its category, with ec2RequestBuckets per-action', async () => {
    const rates = { 'ec2:non-mutating': { capacity: 1, refillPerSecond: NO_REFILL } };
    const volumes = { Action: 'DescribeVolumes', Version: '2016-11-15', MaxResults: '5' };
    const shared = await startProxy({ rates });
    expect((await query(shared.url, { service: 'ec2' }, filteredDescribe)).status).toBe(200);
    expect((await query(shared.url, { service: 'ec2' }, volumes)).status).toBe(503);
    await shared.stop();
    const perAction = await startProxy({ rates, ec2RequestBuckets: 'per-action' });
    expect((await query(perAction.url, { service: 'ec2' }, filteredDescribe)).status).toBe(200);
    expect((await query(perAction.url, { service: 'ec2' }, volumes)).status).toBe(200);
    expect((await query(perAction.url, { service: 'ec2' }, volumes)).status).toBe(503);
    expect(perAction.stats()[`${ACCESS_KEY}/eu-west-1/ec2/non-mutating:DescribeVolumes`]).toEqual({
      allowed: 1,
      throttled: 1,
      tokens: 1,
    });
  });

  it('charges TerminateInstances one resource token per instance id', async () => {
    const { url, stats, totals } = await startProxy({
      rates: { 'ec2:terminate-instances-resource': { capacity: 3, refillPerSecond: NO_REFILL } },
    });
    const terminate = (...ids: string[]) =>
      query(
        url,
        { service: 'ec2' },
        {
          Action: 'TerminateInstances',
          Version: '2016-11-15',
          ...Object.fromEntries(ids.map((id, index) => [`InstanceId.${index + 1}`, id])),
        },
      );
    expect((await terminate('i-1', 'i-2')).status).toBe(200);
    expect((await terminate('i-3', 'i-4')).status).toBe(503);
    expect((await terminate('i-3')).status).toBe(200);
    const counts = stats();
    expect(counts[`${ACCESS_KEY}/eu-west-1/ec2/terminate-instances-resource`]).toEqual({
      allowed: 2,
      throttled: 1,
      tokens: 3,
    });
    // The refused request took no request token either: it passes or is throttled whole.
    expect(counts[`${ACCESS_KEY}/eu-west-1/ec2/mutating`]).toEqual({ allowed: 2, throttled: 0, tokens: 2 });
    expect(totals()).toEqual({ allowed: 2, throttled: 1 });
  });

  it.each([
    ['rds', 'DescribeDBInstances', '2014-10-31', 'rds:default', 'http://rds.amazonaws.com/doc/2014-10-31/'],
    [
      'autoscaling',
      'DescribeAutoScalingGroups',
      '2011-01-01',
      'autoscaling:default',
      'http://autoscaling.amazonaws.com/doc/2011-01-01/',
    ],
    [
      'elasticloadbalancing',
      'DescribeLoadBalancers',
      '2015-12-01',
      'elbv2:non-mutating',
      'http://elasticloadbalancing.amazonaws.com/doc/2015-12-01/',
    ],
  ])(
    'answers %s throttling as a query-protocol ErrorResponse with Code Throttling, HTTP 400',
    async (service, action, version, limit, namespace) => {
      const { url } = await startProxy({ rates: { [limit]: { capacity: 1, refillPerSecond: NO_REFILL } } });
      const parameters = { Action: action, Version: version };
      expect((await query(url, { service }, parameters)).status).toBe(200);
      const throttled = await query(url, { service }, parameters);
      expect(throttled.status).toBe(400);
      expect(await throttled.text()).toMatch(
        new RegExp(
          `^<ErrorResponse xmlns="${namespace.replaceAll('.', '\\.')}"><Error><Type>Sender</Type><Code>Throttling</Code><Message>Rate exceeded</Message></Error><RequestId>[^<]+</RequestId></ErrorResponse>$`,
        ),
      );
    },
  );

  it('keeps buckets per account and region', async () => {
    const { url } = await startProxy({ rates: { 'rds:default': { capacity: 1, refillPerSecond: NO_REFILL } } });
    const describe = { Action: 'DescribeDBInstances', Version: '2014-10-31' };
    expect((await query(url, { service: 'rds' }, describe)).status).toBe(200);
    expect((await query(url, { service: 'rds' }, describe)).status).toBe(400);
    expect((await query(url, { service: 'rds', region: 'us-east-1' }, describe)).status).toBe(200);
    expect((await query(url, { service: 'rds', accessKey: 'AKIAOTHERACCOUNT0000' }, describe)).status).toBe(200);
  });

  it('bounds the wall time of the requests it let through by their slowest bucket', async () => {
    const { url, stats, limits } = await startProxy({
      rates: {
        'ec2:mutating': { capacity: 2, refillPerSecond: 1 },
        'ec2:terminate-instances-resource': { capacity: 3, refillPerSecond: 0.5 },
      },
    });
    const terminate = (id: string) =>
      query(
        url,
        { service: 'ec2' },
        { Action: 'TerminateInstances', Version: '2016-11-15', 'InstanceId.1': id, 'InstanceId.2': `${id}b` },
      );
    expect((await terminate('i-1')).status).toBe(200);
    expect((await terminate('i-2')).status).toBe(503);
    const bounds = bucketBounds(stats(), limits);
    // Two ids took two of three resource tokens, one request one of two mutating tokens: both within the burst.
    expect(bounds.map((bound) => [bound.key.split('/')[3], bound.tokens, bound.seconds])).toEqual([
      ['mutating', 1, 0],
      ['terminate-instances-resource', 2, 0],
    ]);
    const later = bucketBounds(
      { [`${ACCESS_KEY}/eu-west-1/ec2/terminate-instances-resource`]: { allowed: 4, throttled: 0, tokens: 8 } },
      limits,
    );
    expect(later[0]?.seconds).toBe(10);
  });

  it('refuses a target that is not on loopback', async () => {
    await expect(startLimitsProxy({ target: 'http://example.com:5000' })).rejects.toThrow(/loopback/);
  });
});
