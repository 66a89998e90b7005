import { type ChildProcess, spawn } from 'node:child_process';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** The account moto answers as (the conformance suite's STANDARD_WORLD account). */
export const MOTO_ACCOUNT_ID = '111122223333';

const INSTALL_HINT = "install it with: pip install 'moto[server]==5.2.1'";

/**
 * How long moto_server may take to import and answer. Generous: on a loaded
 * machine (two CPU burners and other test runs on two cores) its Python
 * import alone takes tens of seconds.
 */
const START_TIMEOUT_MILLISECONDS = 180_000;

/** How long a stopped moto_server has to exit after SIGTERM before it is killed. */
const STOP_GRACE_MILLISECONDS = 5_000;

/** One running moto_server of its own: its endpoint, recording file and process. */
export interface MotoServer {
  /** `http://127.0.0.1:<port>`: the port the server itself bound. */
  readonly endpoint: string;
  /** The file moto appends each recorded request to (MOTO_RECORDER_FILEPATH). */
  readonly recordingFile: string;
  /** The server's process id (for its peak memory in the benchmarks). */
  readonly pid: number;
  /** Stops the server (SIGTERM, then SIGKILL) and removes its recording file. */
  stop(): Promise<void>;
}

let started = 0;

/**
 * The environment moto inherits: the test process's, without its `AWS_*`
 * settings. Those are the SDK clients' (dummy credentials, `AWS_PROFILE=''`,
 * from the vitest project); moto's own botocore reads them too, and with them
 * it answered EC2 calls with an HTML 500.
 */
function motoEnvironment(): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('AWS_')));
}

/** The port in werkzeug's startup line (` * Running on http://127.0.0.1:43567`), or null before it is printed. */
function boundPort(output: string): number | null {
  const match = /Running on http:\/\/127\.0\.0\.1:(\d+)/.exec(output);
  return match === null ? null : Number(match[1]);
}

/** Resolves once moto printed its port and answers there; rejects when it exits first or not in time. */
async function waitUntilAnswering(child: ChildProcess, output: () => string): Promise<string> {
  const deadline = Date.now() + START_TIMEOUT_MILLISECONDS;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`moto_server exited (${child.exitCode ?? child.signalCode}) before answering:\n${output()}`);
    }
    const port = boundPort(output());
    if (port !== null) {
      const endpoint = `http://127.0.0.1:${port}`;
      try {
        const response = await fetch(`${endpoint}/moto-api/data.json`);
        if (response.ok) return endpoint;
      } catch {
        // printed its port but not accepting yet
      }
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`moto_server did not answer within ${START_TIMEOUT_MILLISECONDS} ms:\n${output()}`);
}

/**
 * Starts a moto_server of its own: port 0, so the kernel hands it a port no
 * other server holds (no window between choosing a free port and binding it,
 * in which another run's moto could take it and answer in its place), request
 * recording on into a file of its own, as account 111122223333. A missing
 * moto_server fails with a clear message: the AWS tests never skip.
 *
 * @example
 * ```ts
 * const moto = await startMotoServer();
 * try { await fetch(`${moto.endpoint}/moto-api/data.json`); } finally { await moto.stop(); }
 * ```
 */
export async function startMotoServer(): Promise<MotoServer> {
  started += 1;
  const recordingFile = join(tmpdir(), `decomkit-moto-${process.pid}-${started}-${Date.now()}.jsonl`);
  const child = spawn('moto_server', ['-H', '127.0.0.1', '-p', '0'], {
    env: {
      ...motoEnvironment(),
      MOTO_ACCOUNT_ID,
      MOTO_ENABLE_RECORDING: 'True',
      MOTO_RECORDER_FILEPATH: recordingFile,
      PYTHONUNBUFFERED: '1',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-4000);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  await new Promise<void>((resolve, reject) => {
    child.once('spawn', resolve);
    child.once('error', (error: NodeJS.ErrnoException) =>
      reject(
        error.code === 'ENOENT'
          ? new Error(`moto_server is not on PATH; the @decomkit/aws tests need it (${INSTALL_HINT})`)
          : new Error(`moto_server could not be started: ${error.message}`),
      ),
    );
  });
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), STOP_GRACE_MILLISECONDS);
      await exited;
      clearTimeout(timer);
    }
    await rm(recordingFile, { force: true });
  };
  try {
    const endpoint = await waitUntilAnswering(child, () => output);
    // Start with an empty recording: the readiness probes above were recorded.
    const reset = await fetch(`${endpoint}/moto-api/recorder/reset-recording`, { method: 'POST' });
    if (!reset.ok) throw new Error(`moto reset-recording answered ${reset.status}`);
    return { endpoint, recordingFile, pid: child.pid ?? 0, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

/** One request moto recorded. */
export interface RecordedRequest {
  readonly method: string;
  readonly url: string;
  /** The API action (`DescribeInstances`, `TerminateInstances`, …), or null for moto's own API. */
  readonly action: string | null;
  /**
   * The service the request was signed for (the credential scope's service:
   * `ec2`, `tagging`, `es`), as moto names the action it authorizes
   * (`<service>:<action>`); null when the request was not signed.
   */
  readonly service: string | null;
  /** The request body, decoded (form-encoded for query-protocol services). */
  readonly body: string;
}

/** One line of moto's recording file, as moto writes it. */
interface RecordingEntry {
  readonly method: string;
  readonly url: string;
  readonly headers: Record<string, string>;
  readonly body?: string;
  readonly body_encoded?: boolean;
}

/** Every API request the moto_server at `endpoint` recorded since its recording was last reset (its own API left out). */
export async function downloadRecording(endpoint: string): Promise<RecordedRequest[]> {
  const response = await fetch(`${endpoint}/moto-api/recorder/download-recording`);
  if (!response.ok) throw new Error(`moto download-recording answered ${response.status}`);
  const text = await response.text();
  return recordingEntries(text)
    .map((json) => {
      const entry = JSON.parse(json) as RecordingEntry;
      const body =
        entry.body_encoded === true ? Buffer.from(entry.body ?? '', 'base64').toString() : (entry.body ?? '');
      return {
        method: entry.method,
        url: entry.url,
        action: actionOf(entry, body),
        service: signingServiceOf(entry),
        body,
      };
    })
    .filter((request) => request.action !== null);
}

/**
 * The JSON objects of moto's recording, one a line as moto means to write
 * them; moto's recorder, appending from concurrent requests, sometimes writes
 * two on one line (`…}{"headers"…`) or pads one with blanks, so the text is
 * split where each top-level object ends, whatever lies between.
 */
export function recordingEntries(text: string): string[] {
  const entries: string[] = [];
  let depth = 0;
  let start = -1;
  let inString = false;
  let escaped = false;
  for (let index = 0; index < text.length; index += 1) {
    const character = text[index];
    if (inString) {
      if (escaped) escaped = false;
      else if (character === '\\') escaped = true;
      else if (character === '"') inString = false;
      continue;
    }
    if (character === '"') inString = true;
    else if (character === '{') {
      if (depth === 0) start = index;
      depth += 1;
    } else if (character === '}') {
      depth -= 1;
      if (depth === 0) entries.push(text.slice(start, index + 1));
    }
  }
  return entries;
}

/**
 * The API action of one recorded request (X-Amz-Target, the Smithy RPC v2 CBOR path
 * `/service/<service>/operation/<action>` of CloudWatch, or the query protocol's `Action`),
 * null for moto's own API.
 */
function actionOf(entry: RecordingEntry, body: string): string | null {
  if (entry.url.includes('/moto-api/')) return null;
  const target = Object.entries(entry.headers).find(([name]) => name.toLowerCase() === 'x-amz-target')?.[1];
  if (target !== undefined) return target.split('.').pop() ?? target;
  const rpc = /\/service\/[^/]+\/operation\/([A-Za-z]+)$/.exec(new URL(entry.url).pathname)?.[1];
  if (rpc !== undefined) return rpc;
  return (
    new URLSearchParams(body).get('Action') ??
    new URL(entry.url).searchParams.get('Action') ??
    `${entry.method} ${new URL(entry.url).pathname}`
  );
}

/** The service of a request's SigV4 credential scope (`Credential=<key>/<date>/<region>/<service>/aws4_request`). */
function signingServiceOf(entry: RecordingEntry): string | null {
  const authorization = Object.entries(entry.headers).find(([name]) => name.toLowerCase() === 'authorization')?.[1];
  return /Credential=[^/]+\/[^/]+\/[^/]+\/([^/]+)\//.exec(authorization ?? '')?.[1] ?? null;
}
