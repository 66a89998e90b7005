import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { createServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** The bearer token the loopback managed identity hands out: no output of decomkit may hold it. */
export const AZURE_TEST_TOKEN = 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJkZWNvbWtpdC1jbGkifQ.Y2xpLXRlc3Qtc2lnbmF0dXJl';
/** The header value App Service's managed identity endpoint expects (`IDENTITY_HEADER`). */
const IDENTITY_HEADER = 'decomkit-cli-test-identity-header';

/** One request the server received. */
export interface AzureRequest {
  readonly method: string;
  readonly path: string;
  readonly authorization: string;
}

/** The loopback Azure: its endpoint, the CA file a child must trust, the environment that points a child at it. */
export interface AzureHttpsServer {
  readonly endpoint: string;
  readonly certificateFile: string;
  readonly requests: AzureRequest[];
  /** `NODE_EXTRA_CA_CERTS`, and App Service's managed identity variables (`DefaultAzureCredential` reads them). */
  readonly childEnvironment: Record<string, string>;
  close(): Promise<void>;
}

/**
 * An HTTPS server on loopback, with a self-signed certificate made here by
 * openssl (for 127.0.0.1), that answers as Azure does, with the shapes of
 * the REST API's examples: Resource Graph (`POST
 * /providers/Microsoft.ResourceGraph/resources`: no rows), Advisor
 * (recommendations: none; score: the ListAdvisorScore example), and App
 * Service's managed identity token endpoint (`/msi/token`), so the real
 * `DefaultAzureCredential` of a child process gets {@link AZURE_TEST_TOKEN}.
 * Anything else answers 404 with Azure's error envelope.
 */
export async function startAzureHttpsServer(): Promise<AzureHttpsServer> {
  const directory = mkdtempSync(join(tmpdir(), 'decomkit-azure-tls-'));
  const key = join(directory, 'key.pem');
  const certificateFile = join(directory, 'certificate.pem');
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-keyout',
      key,
      '-out',
      certificateFile,
      '-days',
      '1',
      '-subj',
      '/CN=127.0.0.1',
      '-addext',
      'subjectAltName=IP:127.0.0.1',
    ],
    { stdio: 'ignore' },
  );
  const score = JSON.parse(
    readFileSync(
      new URL('../../../azure/test/fixtures/advisor/ListAdvisorScore.2023-01-01.json', import.meta.url),
      'utf8',
    ),
  ) as { responses: { '200': { body: unknown } } };
  const requests: AzureRequest[] = [];
  const server = createServer({ key: readFileSync(key), cert: readFileSync(certificateFile) }, (incoming, outgoing) => {
    incoming.resume();
    incoming.on('end', () => {
      const url = new URL(incoming.url ?? '/', 'https://127.0.0.1');
      const method = incoming.method ?? 'GET';
      requests.push({ method, path: url.pathname, authorization: incoming.headers.authorization ?? '' });
      const reply = (status: number, body: unknown) => {
        outgoing.writeHead(status, { 'content-type': 'application/json' });
        outgoing.end(JSON.stringify(body));
      };
      if (url.pathname === '/msi/token') {
        if (incoming.headers['x-identity-header'] !== IDENTITY_HEADER) return reply(401, { error: 'bad header' });
        return reply(200, {
          access_token: AZURE_TEST_TOKEN,
          expires_on: String(Math.floor(Date.now() / 1000) + 3600),
          resource: url.searchParams.get('resource') ?? '',
          token_type: 'Bearer',
        });
      }
      if (incoming.headers.authorization !== `Bearer ${AZURE_TEST_TOKEN}`)
        return reply(401, { error: { code: 'InvalidAuthenticationToken', message: 'no valid token' } });
      if (method === 'POST' && url.pathname === '/providers/Microsoft.ResourceGraph/resources')
        return reply(200, { totalRecords: 0, count: 0, resultTruncated: 'false', data: [] });
      if (method === 'GET' && url.pathname.endsWith('/providers/Microsoft.Advisor/recommendations'))
        return reply(200, { value: [] });
      if (method === 'GET' && url.pathname.endsWith('/providers/Microsoft.Advisor/advisorScore'))
        return reply(200, score.responses['200'].body);
      return reply(404, { error: { code: 'NotFound', message: `no route ${method} ${url.pathname}` } });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const endpoint = `https://127.0.0.1:${port}`;
  return {
    endpoint,
    certificateFile,
    requests,
    childEnvironment: {
      NODE_EXTRA_CA_CERTS: certificateFile,
      IDENTITY_ENDPOINT: `${endpoint}/msi/token`,
      IDENTITY_HEADER,
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
