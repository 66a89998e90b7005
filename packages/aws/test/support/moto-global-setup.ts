import { type ChildProcess, spawn } from 'node:child_process';
import { rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The moto_server endpoint the `aws` project's tests talk to. */
    motoEndpoint: string;
  }
}

/** The account moto answers as (the conformance suite's STANDARD_WORLD account). */
export const MOTO_ACCOUNT_ID = '111122223333';

const INSTALL_HINT = "install it with: pip install 'moto[server]==5.2.1'";
const START_TIMEOUT_MILLISECONDS = 30_000;

/** A free TCP port on the loopback interface. */
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

/** Resolves once moto answers on `endpoint`; rejects when it exits first or does not answer in time. */
async function waitUntilAnswering(endpoint: string, child: ChildProcess, output: () => string): Promise<void> {
  const deadline = Date.now() + START_TIMEOUT_MILLISECONDS;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) {
      throw new Error(`moto_server exited with status ${child.exitCode} before answering:\n${output()}`);
    }
    try {
      const response = await fetch(`${endpoint}/moto-api/data.json`);
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`moto_server did not answer on ${endpoint} within ${START_TIMEOUT_MILLISECONDS} ms:\n${output()}`);
}

/**
 * vitest globalSetup of the `aws` project: starts `moto_server` on a free
 * loopback port (request recording on, as account 111122223333), waits until
 * it answers, provides its endpoint to the tests (`inject('motoEndpoint')`),
 * and stops it at the end. A missing moto_server fails the run with a clear
 * message: the AWS tests never skip.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const port = await freePort();
  const endpoint = `http://127.0.0.1:${port}`;
  const recording = join(tmpdir(), `decomkit-moto-${process.pid}-${port}.jsonl`);
  const child = spawn('moto_server', ['-H', '127.0.0.1', '-p', String(port)], {
    env: {
      ...process.env,
      MOTO_ACCOUNT_ID,
      MOTO_ENABLE_RECORDING: 'True',
      MOTO_RECORDER_FILEPATH: recording,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-4000);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const spawned = new Promise<void>((resolve, reject) => {
    child.once('spawn', resolve);
    child.once('error', (error: NodeJS.ErrnoException) =>
      reject(
        error.code === 'ENOENT'
          ? new Error(`moto_server is not on PATH; the @decomkit/aws tests need it (${INSTALL_HINT})`)
          : new Error(`moto_server could not be started: ${error.message}`),
      ),
    );
  });
  await spawned;
  try {
    await waitUntilAnswering(endpoint, child, () => output);
  } catch (error) {
    child.kill('SIGKILL');
    throw error;
  }
  project.provide('motoEndpoint', endpoint);
  return async () => {
    if (child.exitCode === null) {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
      await exited;
      clearTimeout(timer);
    }
    await rm(recording, { force: true });
  };
}
