import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The CLI's entry point, run from source. */
export const BIN = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'src', 'bin.ts');
/** tsx's loader, so the child runs TypeScript. */
export const TSX = fileURLToPath(import.meta.resolve('tsx'));

/** What a `decomkit` subprocess ended with. */
export interface DecomkitRun {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * Runs `decomkit args` as users run it, a subprocess in `cwd`, with `input`
 * on stdin and `env` added to (or, as undefined, removed from) this process's.
 * Asynchronous, so servers of this process (loopback ServiceNow, Azure) keep
 * answering the child; killed after `timeoutMilliseconds` (status null).
 */
export function runDecomkit(
  cwd: string,
  args: readonly string[],
  options: {
    readonly input?: string;
    readonly env?: Readonly<Record<string, string | undefined>>;
    readonly timeoutMilliseconds?: number;
  } = {},
): Promise<DecomkitRun> {
  const env: Record<string, string | undefined> = { ...process.env, NO_COLOR: '1', ...options.env };
  for (const [name, value] of Object.entries(env)) if (value === undefined) delete env[name];
  const child = spawn(process.execPath, ['--conditions=source', '--import', TSX, BIN, ...args], { cwd, env });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  child.stdin.end(options.input ?? '');
  const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMilliseconds ?? 150_000);
  return new Promise((resolve) => {
    child.once('close', (status) => {
      clearTimeout(timer);
      resolve({ status, stdout, stderr });
    });
  });
}

/** A new empty directory under the system's temporary one. */
export function scratchDirectory(): string {
  return mkdtempSync(join(tmpdir(), 'decomkit-cli-'));
}
