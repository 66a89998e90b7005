/**
 * Fleet worker processes (moto-fleet-worker.ts) started by a test: on the
 * test's own Node, TypeScript through tsx's loader in that one process (no
 * launcher in between, so the pid the test kills is the worker's), the
 * workspace packages from their sources (the `source` condition).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { MotoFleetWorkerConfig } from './moto-fleet-worker.js';

const repositoryRoot = fileURLToPath(new URL('../../../../', import.meta.url));
const workerScript = fileURLToPath(new URL('./moto-fleet-worker.ts', import.meta.url));
/** How long a worker process may take to load and start polling, on a loaded machine. */
const READY_TIMEOUT_MILLISECONDS = 120_000;

/** A running worker process. */
export interface WorkerProcess {
  readonly pid: number;
  /** Resolves when the process has exited, with its exit code or signal. */
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** The end of what it printed on stderr. */
  output(): string;
  /** Sends SIGKILL to this process (only), unless it has exited, and waits for it to go. */
  kill(): Promise<void>;
}

/** Starts a worker process and waits until it says `ready` (its workers poll). */
export async function startWorkerProcess(config: MotoFleetWorkerConfig): Promise<WorkerProcess> {
  const child: ChildProcess = spawn(
    process.execPath,
    ['--import', 'tsx', '--conditions=source', workerScript, JSON.stringify(config)],
    {
      cwd: repositoryRoot,
      // stdin stays open while the test lives: the worker exits when it closes.
      stdio: ['pipe', 'pipe', 'pipe'],
      env: { ...process.env, AWS_EC2_METADATA_DISABLED: 'true' },
    },
  );
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-8000);
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  const kill = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    await exited;
  };
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);
  void exited.then(() => process.off('exit', killOnExit));
  const ready = new Promise<void>((resolve, reject) => {
    let stdout = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      if (stdout.includes('ready\n')) resolve();
    });
    void exited.then(({ code, signal }) =>
      reject(new Error(`the worker process exited (${code ?? signal}) before it was ready:\n${stderr}`)),
    );
  });
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`the worker process was not ready within ${READY_TIMEOUT_MILLISECONDS} ms:\n${stderr}`)),
      READY_TIMEOUT_MILLISECONDS,
    );
  });
  try {
    await Promise.race([ready, timeout]);
  } catch (error) {
    await kill();
    throw error;
  } finally {
    clearTimeout(timer);
  }
  return { pid: child.pid ?? -1, exited, output: () => stderr, kill };
}
