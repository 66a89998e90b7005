import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { planApproveApply } from './plan-approve-apply.js';

const EXAMPLES = dirname(fileURLToPath(import.meta.url));
const ROOT = join(EXAMPLES, '..');

describe('examples/plan-approve-apply.ts', () => {
  it('refuses the edited plan, applies the reviewed one, resumes it to completion and verifies the journal', async () => {
    const directory = mkdtempSync(join(tmpdir(), 'decomkit-plan-approve-apply-'));
    try {
      const lines: string[] = [];
      const result = await planApproveApply(directory, (line) => lines.push(line));
      expect(result.editedPlanRefusal).toBe('InvalidInput');
      expect(result.firstStatus).toBe('waiting');
      expect(result.finalStatus).toBe('completed');
      expect(result.instances).toEqual({
        'i-0a1b2c3d4e5f60001': 'terminated',
        'i-0a1b2c3d4e5f60002': 'terminated',
        'i-0a1b2c3d4e5f60003': 'running',
      });
      expect(result.journalLines).toBeGreaterThan(0);
      expect(lines.join('\n')).toContain('granted by jane@example.com');
    } finally {
      rmSync(directory, { recursive: true, force: true });
    }
  });
});

// custom-step.ts merges a kind and a port of its own into decomkit's types, which would reach every
// file of one compilation: it is compiled alone, as a user's program would be, then run.
describe('examples/custom-step.ts', () => {
  it('compiles on its own', () => {
    const config = join(EXAMPLES, '.custom-step.tsconfig.json');
    writeFileSync(
      config,
      JSON.stringify({
        extends: '../tsconfig.base.json',
        compilerOptions: { noEmit: true },
        files: ['custom-step.ts'],
      }),
    );
    try {
      const tsc = spawnSync(process.execPath, [join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', config], {
        encoding: 'utf8',
      });
      expect(tsc.stdout + tsc.stderr).toBe('');
      expect(tsc.status).toBe(0);
    } finally {
      rmSync(config, { force: true });
    }
  }, 120_000);

  it('runs: its own action kind is planned, handled by its own port, and verified', () => {
    const run = spawnSync(
      process.execPath,
      ['--conditions=source', '--import', fileURLToPath(import.meta.resolve('tsx')), join(EXAMPLES, 'custom-step.ts')],
      { encoding: 'utf8', timeout: 120_000 },
    );
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toContain('the owners of CI0042: retiring');
  }, 120_000);
});
