/**
 * A reverse proxy on loopback that enforces AWS's API throttling buckets in
 * front of moto_server (or any AWS-shaped endpoint), for benchmarks: a
 * request whose bucket is empty gets its service's throttling error
 * (rates.ts for the figures, throttle-response.ts for the formats); every
 * other request goes to the target with its method, path, headers and body
 * unchanged, and the answer comes back streamed, unchanged.
 *
 * @example
 * ```ts
 * const proxy = await startLimitsProxy({ target: moto.endpoint });
 * // point the SDK clients' endpoint at proxy.url …
 * console.log(proxy.stats());
 * await proxy.stop();
 * ```
 */
import { Agent, createServer, type IncomingMessage, request, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { BucketLimit } from '@decomkit/core';
import { type BucketCounts, BucketLedger } from './bucket-ledger.js';
import {
  bucketCharges,
  type Ec2RequestBuckets,
  jsonTargetAction,
  type RequestScope,
  requestScope,
  serviceName,
} from './classify.js';
import { effectiveLimits } from './rates.js';
import { throttleResponse } from './throttle-response.js';

/** Options of {@link startLimitsProxy}. */
export interface LimitsProxyOptions {
  /** The endpoint requests go on to, e.g. moto_server's `http://127.0.0.1:5000`: loopback only. */
  readonly target: string;
  /** Limits by `service:bucket`, merged over `AWS_API_LIMITS`. */
  readonly rates?: Readonly<Record<string, BucketLimit>>;
  /** Multiplies every bucket's size and refill (tests: 0.1 makes EC2's read bucket 10 / 2 s⁻¹). Default 1. */
  readonly scale?: number;
  /** EC2 request tokens per category (default, stricter) or per action. */
  readonly ec2RequestBuckets?: Ec2RequestBuckets;
  /** The port to listen on (127.0.0.1); 0, the default, lets the kernel pick. */
  readonly port?: number;
}

/** A running limits proxy. */
export interface LimitsProxy {
  /** `http://127.0.0.1:<port>`: the endpoint to give the SDK clients. */
  readonly url: string;
  /** Requests allowed and throttled, by `account/region/service/bucket` (unsigned requests under `-/-/-/unsigned`). */
  stats(): Record<string, BucketCounts>;
  /** Requests let through and throttled, each counted once. */
  totals(): { readonly allowed: number; readonly throttled: number };
  /** The limits in force, by `service:bucket` (after `rates` and `scale`). */
  readonly limits: Readonly<Record<string, BucketLimit>>;
  /** Stops listening and closes idle upstream connections. */
  stop(): Promise<void>;
}

/** The largest query-protocol body read to find its `Action=`; larger ones are refused. */
const MAX_QUERY_BODY_BYTES = 16 * 1024 * 1024;
const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);

/** Reads a request body whole, as the bytes received. */
async function readBody(incoming: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of incoming) {
    const buffer = chunk as Buffer;
    size += buffer.length;
    if (size > MAX_QUERY_BODY_BYTES) throw new Error(`query body over ${MAX_QUERY_BODY_BYTES} bytes`);
    chunks.push(buffer);
  }
  return Buffer.concat(chunks);
}

function isQueryBody(incoming: IncomingMessage): boolean {
  return (incoming.headers['content-type'] ?? '').includes('application/x-www-form-urlencoded');
}

/**
 * Starts the proxy on 127.0.0.1. Fails if `target` is not a loopback
 * `http://` URL: the proxy is for benchmarks on moto, never for a real account.
 */
export async function startLimitsProxy(options: LimitsProxyOptions): Promise<LimitsProxy> {
  const target = new URL(options.target);
  if (target.protocol !== 'http:' || !LOOPBACK_HOSTS.has(target.hostname)) {
    throw new Error(`limits proxy target must be an http:// loopback endpoint, got ${options.target}`);
  }
  const limits = effectiveLimits(options.rates, options.scale ?? 1);
  const ledger = new BucketLedger(limits);
  const grouping = options.ec2RequestBuckets ?? 'per-category';
  const agent = new Agent({ keepAlive: true, maxSockets: 64 });
  const unsigned: RequestScope = { account: '-', region: '-', service: '-' };

  const forward = (incoming: IncomingMessage, outgoing: ServerResponse, body: Buffer | null): void => {
    const upstream = request(
      {
        agent,
        host: target.hostname,
        port: target.port === '' ? 80 : Number(target.port),
        method: incoming.method,
        path: incoming.url,
        headers: incoming.headers,
      },
      (answer) => {
        outgoing.writeHead(answer.statusCode ?? 502, answer.statusMessage, answer.rawHeaders);
        answer.pipe(outgoing);
      },
    );
    upstream.on('error', (error) => {
      if (!outgoing.headersSent) {
        outgoing.writeHead(502, { 'content-type': 'text/plain' });
        outgoing.end(`limits proxy: target ${options.target} failed: ${error.message}`);
      } else {
        outgoing.destroy(error);
      }
    });
    if (body === null) incoming.pipe(upstream);
    else upstream.end(body);
  };

  const handle = async (incoming: IncomingMessage, outgoing: ServerResponse): Promise<void> => {
    const url = new URL(incoming.url ?? '/', 'http://127.0.0.1');
    const signed = requestScope(incoming.headers, url);
    const jsonAction = jsonTargetAction(incoming.headers);
    // A query-protocol body is read whole to find its Action=, then sent on as the same bytes.
    const body = jsonAction === null && isQueryBody(incoming) ? await readBody(incoming) : null;
    const parameters = new URLSearchParams(url.search);
    if (body !== null)
      for (const [name, value] of new URLSearchParams(body.toString('utf8'))) parameters.append(name, value);
    const action = jsonAction ?? parameters.get('Action');
    if (signed === null || action === null) {
      ledger.take(unsigned, [{ bucket: signed === null ? 'unsigned' : 'no-action', tokens: 1 }]);
      forward(incoming, outgoing, body);
      return;
    }
    const scope: RequestScope = {
      account: signed.account,
      region: signed.region,
      service: serviceName(signed.signingName, parameters.get('Version')),
    };
    if (ledger.take(scope, bucketCharges(scope.service, action, parameters, grouping))) {
      forward(incoming, outgoing, body);
      return;
    }
    if (body === null) incoming.resume();
    const answer = throttleResponse(scope.service, jsonAction !== null);
    outgoing.writeHead(answer.status, answer.headers);
    outgoing.end(answer.body);
  };

  const server = createServer((incoming, outgoing) => {
    handle(incoming, outgoing).catch((error: unknown) => {
      if (!outgoing.headersSent) {
        outgoing.writeHead(400, { 'content-type': 'text/plain' });
        outgoing.end(`limits proxy: ${error instanceof Error ? error.message : String(error)}`);
      } else {
        outgoing.destroy();
      }
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    stats: () => ledger.stats(),
    totals: () => ledger.totals(),
    limits,
    stop: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error === undefined ? resolve() : reject(error)));
        server.closeIdleConnections();
        agent.destroy();
      }),
  };
}
