import { createServer, type IncomingMessage, request } from 'node:http';
import type { AddressInfo } from 'node:net';

/** An answer the proxy gives itself, for an AWS service moto_server lacks. */
export type GapAnswer = (call: { readonly method: string; readonly path: string; readonly body: string }) => {
  readonly status: number;
  readonly body: unknown;
};

/** The proxy: its endpoint, the requests it answered itself, and how to stop it. */
export interface AwsGapsProxy {
  readonly endpoint: string;
  readonly answered: { readonly service: string; readonly method: string; readonly path: string }[];
  close(): Promise<void>;
}

/** The service a SigV4-signed request is for (`Credential=…/date/region/SERVICE/aws4_request`). */
function serviceOf(message: IncomingMessage): string {
  return /Credential=[^/]+\/[^/]+\/[^/]+\/([^/]+)\//.exec(message.headers.authorization ?? '')?.[1] ?? '';
}

/**
 * A loopback HTTP server in front of moto_server: requests signed for one of
 * `gaps`' services (moto has no Well-Architected Tool, for one) are answered
 * by it, as JSON; every other request is forwarded to moto unchanged, so
 * moto's request recorder still sees them. A child process is pointed at it
 * with `AWS_ENDPOINT_URL`.
 */
export async function startAwsGapsProxy(motoEndpoint: string, gaps: Record<string, GapAnswer>): Promise<AwsGapsProxy> {
  const moto = new URL(motoEndpoint);
  const answered: AwsGapsProxy['answered'] = [];
  const server = createServer((incoming, outgoing) => {
    const chunks: Buffer[] = [];
    incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
    incoming.on('end', () => {
      const body = Buffer.concat(chunks);
      const service = serviceOf(incoming);
      const gap = gaps[service];
      if (gap !== undefined) {
        const call = { method: incoming.method ?? 'GET', path: incoming.url ?? '/', body: body.toString() };
        answered.push({ service, method: call.method, path: call.path });
        const answer = gap(call);
        outgoing.writeHead(answer.status, { 'content-type': 'application/json' });
        outgoing.end(JSON.stringify(answer.body));
        return;
      }
      const forwarded = request(
        {
          host: moto.hostname,
          port: moto.port,
          method: incoming.method,
          path: incoming.url,
          headers: { ...incoming.headers, host: moto.host },
        },
        (answer) => {
          outgoing.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(outgoing);
        },
      );
      forwarded.on('error', () => {
        outgoing.writeHead(502);
        outgoing.end();
      });
      forwarded.end(body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    answered,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
