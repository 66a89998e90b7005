/**
 * A moto_server of the benchmarks' own: started on a free loopback port with
 * request recording on, stopped at the end (and on exit or Ctrl-C, so a failed
 * bench leaves no server behind). The `aws` tests start one per test file
 * through vitest hooks (packages/aws/test/support/moto-server.ts and moto.ts);
 * outside vitest this module stands in for both.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** The account moto answers as (the same as the `aws` tests'). */
export const MOTO_ACCOUNT_ID = '111122223333';

/** Dummy credentials: moto accepts any, and no real account can be reached with them. */
export const MOTO_CREDENTIALS = {
  accessKeyId: 'AKIAIOSFODNN7EXAMPLE',
  secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
} as const;

const START_TIMEOUT_MILLISECONDS = 30_000;

/** A running moto_server. */
export interface MotoServer {
  readonly endpoint: string;
  readonly pid: number;
  /** Forgets what moto recorded so far. */
  resetRecording(): Promise<void>;
  /** The API action of every request recorded since the last reset (moto's own API left out). */
  recordedActions(): Promise<string[]>;
  /** moto's peak resident set (VmHWM from /proc, Linux), in MiB; null where unknown. */
  peakRssMebibytes(): number | null;
  /** Stops the server (SIGTERM, then SIGKILL after 5 s) and removes its recording. */
  stop(): Promise<void>;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

async function waitUntilAnswering(endpoint: string, child: ChildProcess, output: () => string): Promise<void> {
  const deadline = Date.now() + START_TIMEOUT_MILLISECONDS;
  while (Date.now() < deadline) {
    if (child.exitCode !== null)
      throw new Error(`moto_server exited (${child.exitCode}) before answering:\n${output()}`);
    try {
      if ((await fetch(`${endpoint}/moto-api/data.json`)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`moto_server did not answer on ${endpoint} within ${START_TIMEOUT_MILLISECONDS} ms:\n${output()}`);
}

/** The API action of one recorded request (X-Amz-Target, or the query protocol's `Action`), null for moto's own API. */
function actionOf(entry: {
  url: string;
  method: string;
  headers: Record<string, string>;
  body?: string;
  body_encoded?: boolean;
}) {
  if (entry.url.includes('/moto-api/')) return null;
  const target = Object.entries(entry.headers).find(([name]) => name.toLowerCase() === 'x-amz-target')?.[1];
  if (target !== undefined) return target.split('.').pop() ?? target;
  const body = entry.body_encoded === true ? Buffer.from(entry.body ?? '', 'base64').toString() : (entry.body ?? '');
  return (
    new URLSearchParams(body).get('Action') ??
    new URL(entry.url).searchParams.get('Action') ??
    `${entry.method} ${new URL(entry.url).pathname}`
  );
}

/**
 * One query-protocol request (EC2, RDS) to moto, unsigned: the Authorization
 * header only names the service and region, which moto routes by. The bench
 * seeds this way because the AWS SDK clients are dependencies of
 * @decomkit/aws, not of the workspace root where bench/ lives.
 */
export async function motoQuery(
  endpoint: string,
  target: { readonly service: 'ec2' | 'rds'; readonly region: string },
  parameters: Readonly<Record<string, string | number>>,
): Promise<string> {
  const version = target.service === 'ec2' ? '2016-11-15' : '2014-10-31';
  const body = new URLSearchParams({ Version: version });
  for (const [name, value] of Object.entries(parameters)) body.set(name, String(value));
  const response = await fetch(`${endpoint}/`, {
    method: 'POST',
    headers: {
      'content-type': 'application/x-www-form-urlencoded; charset=utf-8',
      authorization: `AWS4-HMAC-SHA256 Credential=${MOTO_CREDENTIALS.accessKeyId}/20260101/${target.region}/${target.service}/aws4_request, SignedHeaders=host, Signature=0`,
    },
    body,
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`moto ${target.service}:${parameters.Action} answered ${response.status}: ${text}`);
  return text;
}

/**
 * Starts `moto_server -H 127.0.0.1 -p <free port>` with recording on and waits
 * until it answers.
 *
 * @example
 * ```ts
 * const moto = await startMotoServer();
 * try { … } finally { await moto.stop(); }
 * ```
 */
export async function startMotoServer(): Promise<MotoServer> {
  const port = await freePort();
  const endpoint = `http://127.0.0.1:${port}`;
  const recording = join(tmpdir(), `decomkit-bench-moto-${process.pid}-${port}.jsonl`);
  const child = spawn('moto_server', ['-H', '127.0.0.1', '-p', String(port)], {
    env: { ...process.env, MOTO_ACCOUNT_ID, MOTO_ENABLE_RECORDING: 'True', MOTO_RECORDER_FILEPATH: recording },
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
        new Error(
          error.code === 'ENOENT'
            ? "moto_server is not on PATH (pip install 'moto[server]==5.2.1')"
            : `moto_server could not be started: ${error.message}`,
        ),
      ),
    );
  });
  // However the bench ends, the server goes with it.
  const killNow = () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  };
  const onSignal = (signal: NodeJS.Signals) => {
    killNow();
    process.exit(signal === 'SIGINT' ? 130 : 143);
  };
  process.once('exit', killNow);
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  try {
    await waitUntilAnswering(endpoint, child, () => output);
  } catch (error) {
    killNow();
    throw error;
  }
  const moto = async (path: string, method: 'GET' | 'POST') => {
    const response = await fetch(`${endpoint}${path}`, { method });
    if (!response.ok) throw new Error(`moto ${path} answered ${response.status}`);
    return response.text();
  };
  return {
    endpoint,
    pid: child.pid ?? 0,
    resetRecording: async () => {
      await moto('/moto-api/recorder/reset-recording', 'POST');
    },
    recordedActions: async () =>
      (await moto('/moto-api/recorder/download-recording', 'GET'))
        .split('\n')
        .filter((line) => line.trim() !== '')
        .flatMap((line) => actionOf(JSON.parse(line)) ?? []),
    peakRssMebibytes: () => {
      try {
        const status = readFileSync(`/proc/${child.pid}/status`, 'utf8');
        const match = /VmHWM:\s+(\d+) kB/.exec(status);
        return match === null ? null : Number(match[1]) / 1024;
      } catch {
        return null;
      }
    },
    stop: async () => {
      process.removeListener('exit', killNow);
      process.removeListener('SIGINT', onSignal);
      process.removeListener('SIGTERM', onSignal);
      if (child.exitCode === null && child.signalCode === null) {
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
        await exited;
        clearTimeout(timer);
      }
      await rm(recording, { force: true });
    },
  };
}
