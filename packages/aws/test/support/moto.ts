import { AwsClients } from '@decomkit/aws';
import { inject } from 'vitest';

/** Dummy credentials: moto accepts any, and no real account can be reached with them. */
export const TEST_CREDENTIALS = {
  accessKeyId: 'AKIAIOSFODNN7EXAMPLE',
  secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
} as const;

/** The region of the tests. */
export const TEST_REGION = 'eu-west-1';

/** The moto_server endpoint the global setup started. */
export function motoEndpoint(): string {
  return inject('motoEndpoint');
}

/** Fresh SDK clients pointed at moto (the oracle's and the seeding code's, not the provider's). */
export function motoClients(): AwsClients {
  return new AwsClients({ endpoint: motoEndpoint(), credentials: TEST_CREDENTIALS, maxAttempts: 1 });
}

/** Forgets every resource in moto, and clears its request recording. */
export async function resetMoto(): Promise<void> {
  const endpoint = motoEndpoint();
  for (const path of ['/moto-api/reset', '/moto-api/recorder/reset-recording']) {
    const response = await fetch(`${endpoint}${path}`, { method: 'POST' });
    if (!response.ok) throw new Error(`moto ${path} answered ${response.status}`);
  }
}

/** One request moto recorded. */
export interface RecordedRequest {
  readonly method: string;
  readonly url: string;
  /** The API action (`DescribeInstances`, `TerminateInstances`, …), or null for moto's own API. */
  readonly action: string | null;
  /** The request body, decoded (form-encoded for query-protocol services). */
  readonly body: string;
}

/** Every API request moto has recorded since the last reset. */
export async function recordedRequests(): Promise<RecordedRequest[]> {
  const response = await fetch(`${motoEndpoint()}/moto-api/recorder/download-recording`);
  if (!response.ok) throw new Error(`moto download-recording answered ${response.status}`);
  const text = await response.text();
  return text
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => {
      const entry = JSON.parse(line) as {
        method: string;
        url: string;
        headers: Record<string, string>;
        body?: string;
        body_encoded?: boolean;
      };
      const body =
        entry.body_encoded === true ? Buffer.from(entry.body ?? '', 'base64').toString() : (entry.body ?? '');
      return { method: entry.method, url: entry.url, action: actionOf(entry), body };
    })
    .filter((request) => request.action !== null);
}

function actionOf(entry: {
  method: string;
  url: string;
  headers: Record<string, string>;
  body?: string;
  body_encoded?: boolean;
}): string | null {
  if (entry.url.includes('/moto-api/')) return null;
  const target = Object.entries(entry.headers).find(([name]) => name.toLowerCase() === 'x-amz-target')?.[1];
  if (target !== undefined) return target.split('.').pop() ?? target;
  const body = entry.body_encoded === true ? Buffer.from(entry.body ?? '', 'base64').toString() : (entry.body ?? '');
  const fromBody = new URLSearchParams(body).get('Action');
  if (fromBody !== null) return fromBody;
  const fromQuery = new URL(entry.url).searchParams.get('Action');
  return fromQuery ?? `${entry.method} ${new URL(entry.url).pathname}`;
}

/** Read-only API actions by name; anything else counts as mutating. */
const READ_ONLY = /^(Describe|List|Get|Search|Lookup|Select|BatchGet|Head|GET |HEAD )/;

/** The recorded requests whose action changes something. */
export async function mutatingRequests(): Promise<RecordedRequest[]> {
  return (await recordedRequests()).filter((request) => request.action === null || !READ_ONLY.test(request.action));
}
