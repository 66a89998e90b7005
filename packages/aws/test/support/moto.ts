import { AwsClients } from '@decomkit/aws';
import { afterAll, afterEach, beforeAll } from 'vitest';
import { type MotoServer, startMotoServer } from './moto-server.js';

/** Dummy credentials: moto accepts any, and no real account can be reached with them. */
export const TEST_CREDENTIALS = {
  accessKeyId: 'AKIAIOSFODNN7EXAMPLE',
  secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
} as const;

/** The region of the tests. */
export const TEST_REGION = 'eu-west-1';

/** How long starting or replacing a moto_server may take in a hook, on a loaded machine. */
const MOTO_HOOK_TIMEOUT_MILLISECONDS = 240_000;

/** This test file's moto_server, while it runs. */
let ownMoto: MotoServer | undefined;

/**
 * Gives the calling test file a moto_server of its own: started before its
 * first test, stopped after its last. moto's state and its request recorder
 * are global to a server, so no other file can reset them or add requests to
 * them. A test that fails (a timeout included) takes the server with it: the
 * next test gets a fresh one, so whatever the failed test left running (an
 * SDK retry, a poll, a seeding loop) meets a closed port and can neither
 * change the next test's world nor write into or clear its recording.
 *
 * Call it once, at the top level of the test file.
 *
 * @example
 * ```ts
 * withOwnMoto();
 * describe('on moto', () => {
 *   beforeEach(resetMoto);
 *   it('records', async () => { … expect(await recordedRequests()).toEqual([]); });
 * });
 * ```
 */
export function withOwnMoto(): void {
  beforeAll(async () => {
    ownMoto = await startMotoServer();
  }, MOTO_HOOK_TIMEOUT_MILLISECONDS);
  afterEach(async (context) => {
    if (context.task.result?.state === 'fail') await replaceMoto();
  }, MOTO_HOOK_TIMEOUT_MILLISECONDS);
  afterAll(async () => {
    const stopping = ownMoto;
    ownMoto = undefined;
    await stopping?.stop();
  }, MOTO_HOOK_TIMEOUT_MILLISECONDS);
}

/**
 * Stops this file's moto_server and starts a fresh one on another port:
 * requests still aimed at the old endpoint are refused from now on.
 */
export async function replaceMoto(): Promise<void> {
  const stopping = ownMoto;
  ownMoto = undefined;
  await stopping?.stop();
  ownMoto = await startMotoServer();
}

/** The endpoint of this test file's moto_server (see {@link withOwnMoto}). */
export function motoEndpoint(): string {
  if (ownMoto === undefined) {
    throw new Error('this test file has no moto_server: call withOwnMoto() at its top level');
  }
  return ownMoto.endpoint;
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
