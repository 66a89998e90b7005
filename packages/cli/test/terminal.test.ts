import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BIN, runDecomkit, scratchDirectory, TSX } from './support/run-decomkit.js';

/** Quotes `word` for sh. */
function quoted(word: string): string {
  return `'${word.replace(/'/g, `'\\''`)}'`;
}

/**
 * Runs `decomkit args` under a pseudo-terminal (util-linux `script`), as an
 * operator at a terminal runs it: stdout and stdin are TTYs. `typed` is what
 * the operator types (fed to the terminal once the prompt is there).
 */
function atTerminal(cwd: string, args: readonly string[], typed: string) {
  // A new pseudo-terminal has no size: give it one, as a terminal window has.
  const command = `stty cols 120 rows 40; exec ${[process.execPath, '--conditions=source', '--import', TSX, BIN, ...args].map(quoted).join(' ')}`;
  const child = spawn('script', ['-qefc', command, '/dev/null'], {
    cwd,
    env: { ...process.env, NO_COLOR: '1', TERM: 'xterm-256color' },
  });
  let output = '';
  let sent = false;
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    output += chunk;
    if (!sent && output.includes('Type the account id or alias to go on:')) {
      sent = true;
      child.stdin.write(typed);
    }
  });
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
  const timer = setTimeout(() => child.kill('SIGKILL'), 150_000);
  return new Promise<{ status: number | null; output: string }>((resolve) => {
    child.once('close', (status) => {
      clearTimeout(timer);
      resolve({ status, output });
    });
  });
}

/** A directory with the demo's workload file and its plan. */
async function planned(): Promise<string> {
  const cwd = scratchDirectory();
  expect((await runDecomkit(cwd, ['init'])).status).toBe(0);
  expect((await runDecomkit(cwd, ['plan'])).status).toBe(0);
  return cwd;
}

describe('decomkit at a terminal', () => {
  it('asks for the account on the terminal; the right id typed goes on, with the task list of the steps', async () => {
    const cwd = await planned();
    const run = await atTerminal(cwd, ['apply', 'plan.json', '--approve', 'retire'], '111122223333\r');
    expect(run.status, run.output).toBe(2);
    expect(run.output).toContain('in AWS account 111122223333 (payments-prod)');
    // listr2's task list: one line per checklist step, with its symbol (✔ done, ↓ left open with the reason).
    expect(run.output).toMatch(/✔ Take final backups/);
    expect(run.output).toMatch(/↓ Stop, then delete, the AWS resources/);
    expect(run.output).toMatch(/run payments-\S+: waiting/);
    expect(existsSync(join(cwd, '.decomkit', 'journal'))).toBe(true);
  }, 300_000);

  it('a wrong account typed on the terminal refuses (64): no run is started', async () => {
    const cwd = await planned();
    const run = await atTerminal(cwd, ['apply', 'plan.json'], '999999999999\r');
    expect(run.status).toBe(64);
    expect(run.output).toContain('not confirmed: "999999999999" is not 111122223333 (payments-prod)');
    expect(run.output).not.toMatch(/✔ /);
    expect(existsSync(join(cwd, '.decomkit', 'journal'))).toBe(false);
  }, 300_000);
});
