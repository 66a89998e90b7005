import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { type DocsProgram, docsPrograms, pageDiagnostics, programsOf } from '../docs-code-blocks.js';

// Every TypeScript block of README.md, docs/ and the packages' READMEs is type-checked as the user
// would compile it; the ones on the fake cloud are run too (a test block under vitest).
const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const FOLDER = join(ROOT, '.docs-check');
const programs = docsPrograms(ROOT);
const TSX = fileURLToPath(import.meta.resolve('tsx'));
let diagnostics = new Map<string, string[]>();

beforeAll(() => {
  rmSync(FOLDER, { recursive: true, force: true });
  mkdirSync(FOLDER, { recursive: true });
  for (const program of programs) writeFileSync(join(FOLDER, program.name), program.source);
  writeFileSync(
    join(FOLDER, 'tsconfig.json'),
    JSON.stringify({ extends: '../tsconfig.base.json', compilerOptions: { noEmit: true }, include: ['*.ts'] }),
  );
  writeFileSync(
    join(FOLDER, 'vitest.config.ts'),
    "export default { ssr: { resolve: { conditions: ['source'] } }, test: { include: ['*.test.ts'] } };\n",
  );
  const tsc = spawnSync(
    process.execPath,
    [join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', join(FOLDER, 'tsconfig.json'), '--pretty', 'false'],
    { cwd: ROOT, encoding: 'utf8' },
  );
  diagnostics = pageDiagnostics(tsc.stdout, programs, FOLDER, ROOT);
}, 180_000);

describe('the docs code blocks', () => {
  it('are found on the pages that have them', () => {
    const pages = new Set(programs.map((program) => program.page));
    for (const page of ['README.md', 'docs/writing-a-step.md', 'docs/testing-with-the-fake.md'])
      expect(pages).toContain(page);
  });

  it.each(programs.map((program) => [program.name, program] as const))('%s type-checks', (_name, program) => {
    expect(diagnostics.get(program.name) ?? []).toEqual([]);
  });

  const runnable = programs.filter((program) => program.runs);
  it.each(runnable.map((program) => [program.name, program] as const))(
    '%s runs on the fake cloud',
    (_name, program) => {
      const result = run(program);
      expect(result.status, `${program.page}\n${result.stdout}\n${result.stderr}`).toBe(0);
    },
    180_000,
  );
});

describe('programsOf', () => {
  it('joins a block whose fence says it continues to the one before, and maps lines back to the page', () => {
    const page = ['# T', '```ts', 'const a = 1;', '```', 'text', '```ts continues', 'console.log(a);', '```'];
    const [program, ...rest] = programsOf('docs/t.md', page.join('\n'));
    expect(rest).toEqual([]);
    expect(program?.source).toBe('const a = 1;\nconsole.log(a);\n');
    expect(program?.pageLines).toEqual([3, 7]);
    expect(program?.runs).toBe(false);
  });

  it('keeps other blocks apart, skips other languages, and marks fake-cloud and vitest programs', () => {
    const page = [
      '```sh',
      'npm test',
      '```',
      '```ts',
      "import { createFakeCloud } from '@decomkit/fake';",
      '```',
      '```typescript',
      "import { it } from 'vitest';",
      '```',
    ];
    const programs = programsOf('README.md', page.join('\n'));
    expect(programs.map((program) => [program.name, program.runs, program.isTest])).toEqual([
      ['readme-1.ts', true, false],
      ['readme-2.test.ts', false, true],
    ]);
  });
});

function run(program: DocsProgram) {
  if (program.isTest) {
    return spawnSync(
      process.execPath,
      [join(ROOT, 'node_modules/vitest/vitest.mjs'), 'run', program.name, '--config', 'vitest.config.ts'],
      { cwd: FOLDER, encoding: 'utf8', timeout: 170_000 },
    );
  }
  // A scratch working directory: a program that writes a journal writes it there.
  const cwd = mkdtempSync(join(tmpdir(), 'decomkit-docs-'));
  try {
    return spawnSync(process.execPath, ['--conditions=source', '--import', TSX, join(FOLDER, program.name)], {
      cwd,
      encoding: 'utf8',
      timeout: 170_000,
    });
  } finally {
    rmSync(cwd, { recursive: true, force: true });
  }
}
