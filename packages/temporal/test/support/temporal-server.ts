import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer, Socket } from 'node:net';
import { fileURLToPath } from 'node:url';
import { Connection } from '@temporalio/client';
import type { SearchAttributeType } from '@temporalio/common';
import { TEMPORAL_SEARCH_ATTRIBUTES } from '../../src/search-attributes.js';

/** The Temporal CLI's version, as `node scripts/setup.mjs --with-temporal` builds it. */
export const TEMPORAL_CLI_VERSION = 'v1.5.1';

const ROOT = fileURLToPath(new URL('../../../../', import.meta.url));
const NAMESPACE = 'default';
/** How long the server may take to answer (it starts in 1–3 s on an idle machine; a loaded one is slower). */
const START_TIMEOUT_MS = 90_000;

/** The `--search-attribute` type names of `temporal server start-dev`, by the SDK's search attribute type. */
const CLI_TYPE_NAMES: Record<SearchAttributeType, string> = {
  TEXT: 'Text',
  KEYWORD: 'Keyword',
  INT: 'Int',
  DOUBLE: 'Double',
  BOOL: 'Bool',
  DATETIME: 'Datetime',
  KEYWORD_LIST: 'KeywordList',
};

/**
 * The Temporal CLI binary: `DECOMKIT_TEMPORAL`, or the one `node scripts/setup.mjs --with-temporal` builds into
 * `.cache/temporal/<version>/temporal`. Throws, saying what to do, when neither exists: the SDK's own test servers
 * download a binary at run time, which CI machines cannot, so they are never used.
 */
export function temporalBinary(): string {
  const given = process.env.DECOMKIT_TEMPORAL;
  if (given !== undefined && given !== '') {
    if (!existsSync(given)) throw new Error(`DECOMKIT_TEMPORAL=${given}: no such file (a Temporal CLI binary)`);
    return given;
  }
  const built = `${ROOT}.cache/temporal/${TEMPORAL_CLI_VERSION}/temporal`;
  if (!existsSync(built))
    throw new Error(
      `The Temporal CLI is missing: ${built} does not exist. Build it with \`node scripts/setup.mjs --with-temporal\` ` +
        '(needs Go; minutes, once), or set DECOMKIT_TEMPORAL to the path of a `temporal` binary.',
    );
  return built;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address !== null ? address.port : 0));
    });
  });
}

async function listening(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = new Socket();
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
    socket.connect(port, '127.0.0.1');
  });
}

const pause = (milliseconds: number) => new Promise((resolve) => setTimeout(resolve, milliseconds));

/** A running Temporal development server on loopback, in memory: where to connect and how to stop it. */
export interface TemporalServer {
  /** `127.0.0.1:<port>` of the frontend (gRPC), for `Connection.connect` and `NativeConnection.connect`. */
  readonly address: string;
  /** The namespace to use (`default`, with decomkit's search attributes registered). */
  readonly namespace: string;
  /** The server's process id. */
  readonly pid: number;
  /** Stops this server (its own process only) and waits for it to exit. */
  stop(): Promise<void>;
}

/**
 * Starts `temporal server start-dev` in memory (no database file), headless, on a free loopback port, with
 * decomkit's search attributes ({@link TEMPORAL_SEARCH_ATTRIBUTES}) registered, and waits until the frontend
 * answers and the `default` namespace lists those attributes. One per test file (`beforeAll`/`afterAll`).
 */
export async function startTemporalServer(
  options: {
    /** The attributes to register, by name and CLI type; default decomkit's (for tests of a namespace without them). */
    readonly searchAttributes?: Readonly<Record<string, string>>;
  } = {},
): Promise<TemporalServer> {
  const binary = temporalBinary();
  const port = await freePort();
  const attributes =
    options.searchAttributes ??
    Object.fromEntries(Object.values(TEMPORAL_SEARCH_ATTRIBUTES).map((key) => [key.name, CLI_TYPE_NAMES[key.type]]));
  const searchAttributes = Object.entries(attributes).flatMap(([name, type]) => [
    '--search-attribute',
    `${name}=${type}`,
  ]);
  const child: ChildProcess = spawn(
    binary,
    [
      'server',
      'start-dev',
      '--ip',
      '127.0.0.1',
      '--port',
      String(port),
      '--headless',
      '--log-level',
      'error',
      ...searchAttributes,
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  // Keep the end of what it prints, for the error message; reading the pipes also keeps it from blocking.
  let output = '';
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString('utf8')).slice(-4000);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  // A test process that ends without `stop()` (a crash, a forgotten afterAll) takes its server with it.
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);
  const stop = async () => {
    process.off('exit', killOnExit);
    if (child.exitCode !== null || child.signalCode !== null) return;
    // In memory: nothing to flush, so no graceful stop to wait for.
    child.kill('SIGKILL');
    await exited;
  };
  const address = `127.0.0.1:${port}`;
  try {
    await untilReady(child, port, address, Object.keys(attributes));
  } catch (error) {
    await stop();
    throw new Error(
      `temporal server start-dev (${binary}) did not become ready on ${address}: ${(error as Error).message}` +
        (output.trim() === '' ? '' : `\n${output.trim()}`),
      { cause: error },
    );
  }
  return { address, namespace: NAMESPACE, pid: child.pid ?? -1, stop };
}

/** Waits until the port listens, the frontend answers `GetSystemInfo` and the namespace has our search attributes. */
async function untilReady(
  child: ChildProcess,
  port: number,
  address: string,
  expected: readonly string[],
): Promise<void> {
  const deadline = Date.now() + START_TIMEOUT_MS;
  const check = () => {
    if (child.exitCode !== null || child.signalCode !== null)
      throw new Error(`the process exited (${child.exitCode ?? child.signalCode})`);
    if (Date.now() > deadline) throw new Error(`not ready after ${START_TIMEOUT_MS / 1000} s`);
  };
  while (!(await listening(port))) {
    check();
    await pause(100);
  }
  for (;;) {
    check();
    const connection = await Connection.connect({ address, connectTimeout: '5 seconds' }).catch(() => undefined);
    if (connection !== undefined) {
      try {
        await connection.workflowService.getSystemInfo({});
        const { customAttributes } = await connection.operatorService.listSearchAttributes({ namespace: NAMESPACE });
        if (expected.every((name) => customAttributes?.[name] !== undefined)) return;
      } catch {
        // not ready yet: try again
      } finally {
        await connection.close();
      }
    }
    await pause(200);
  }
}
