import { AwsClients } from '@decomkit/aws';
import { afterAll, afterEach, beforeAll } from 'vitest';
import { downloadRecording, type MotoServer, type RecordedRequest, startMotoServer } from './moto-server.js';

export type { RecordedRequest } from './moto-server.js';

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

/** Every API request moto has recorded since the last reset. */
export function recordedRequests(): Promise<RecordedRequest[]> {
  return downloadRecording(motoEndpoint());
}

/** Read-only API actions by name; anything else counts as mutating. */
const READ_ONLY = /^(Describe|List|Get|Search|Lookup|Select|BatchGet|Head|GET |HEAD )/;

/** The recorded requests whose action changes something. */
export async function mutatingRequests(): Promise<RecordedRequest[]> {
  return (await recordedRequests()).filter((request) => request.action === null || !READ_ONLY.test(request.action));
}
