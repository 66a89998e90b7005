/**
 * The benchmarks' moto_server: the `aws` tests' own start-up
 * (packages/aws/test/support/moto-server.ts: port 0, so the server binds the
 * port the kernel gives it, and a recording file of its own), plus what a
 * script outside vitest needs: the server stopped on exit or Ctrl-C, so a
 * failed bench leaves none behind, and moto's peak memory.
 */
import { readFileSync } from 'node:fs';
import {
  downloadRecording,
  MOTO_ACCOUNT_ID,
  startMotoServer as startTestMotoServer,
} from '../packages/aws/test/support/moto-server.js';

export { MOTO_ACCOUNT_ID };

/** Dummy credentials: moto accepts any, and no real account can be reached with them. */
export const MOTO_CREDENTIALS = {
  accessKeyId: 'AKIAIOSFODNN7EXAMPLE',
  secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
} as const;

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
 * Starts a moto_server with recording on, stopped however the bench ends.
 *
 * @example
 * ```ts
 * const moto = await startMotoServer();
 * try { … } finally { await moto.stop(); }
 * ```
 */
export async function startMotoServer(): Promise<MotoServer> {
  const server = await startTestMotoServer();
  const killNow = () => {
    try {
      process.kill(server.pid, 'SIGKILL');
    } catch {
      // already gone
    }
  };
  const onSignal = (signal: NodeJS.Signals) => {
    killNow();
    process.exit(signal === 'SIGINT' ? 130 : 143);
  };
  process.once('exit', killNow);
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  return {
    endpoint: server.endpoint,
    pid: server.pid,
    resetRecording: async () => {
      const response = await fetch(`${server.endpoint}/moto-api/recorder/reset-recording`, { method: 'POST' });
      if (!response.ok) throw new Error(`moto reset-recording answered ${response.status}`);
    },
    recordedActions: async () => (await downloadRecording(server.endpoint)).flatMap((request) => request.action ?? []),
    peakRssMebibytes: () => {
      try {
        const status = readFileSync(`/proc/${server.pid}/status`, 'utf8');
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
      await server.stop();
    },
  };
}
