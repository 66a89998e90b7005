import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { type DocsProgram, docsPrograms, excerptMismatch, pageDiagnostics, programsOf } from '../docs-code-blocks.js';

// Every TypeScript block of README.md, docs/ and the packages' READMEs is type-checked as the user
// would compile it; the ones on the fake cloud are run too (a test block under vitest).
const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const FOLDER = join(ROOT, '.docs-check');
const blocks = docsPrograms(ROOT);
const programs = blocks.filter((program) => program.excerptOf === undefined);
const excerpts = blocks.filter((program) => program.excerptOf !== undefined);
const TSX = fileURLToPath(import.meta.resolve('tsx'));
const diagnostics = new Map<string, string[]>();

beforeAll(() => {
  rmSync(FOLDER, { recursive: true, force: true });
  mkdirSync(FOLDER, { recursive: true });
  writeFileSync(
    join(FOLDER, 'vitest.config.ts'),
    "export default { ssr: { resolve: { conditions: ['source'] } }, test: { include: ['*.test.ts'] } };\n",
  );
  // A program that augments decomkit's types (`declare module`) is compiled alone: an augmentation
  // reaches every file of its compilation, as it would every file of the user's program.
  const alone = programs.filter((program) => /^declare module /m.test(program.source));
  const together = programs.filter((program) => !alone.includes(program));
  for (const program of programs) writeFileSync(join(FOLDER, program.name), program.source);
  for (const files of [together, ...alone.map((program) => [program])]) {
    const config = join(FOLDER, `tsconfig-${files.length === 1 ? files[0]?.name : 'together'}.json`);
    const include = files.map((program) => program.name);
    writeFileSync(
      config,
      JSON.stringify({ extends: '../tsconfig.base.json', compilerOptions: { noEmit: true }, files: include }),
    );
    const tsc = spawnSync(
      process.execPath,
      [join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', config, '--pretty', 'false'],
      {
        cwd: ROOT,
        encoding: 'utf8',
      },
    );
    for (const [name, found] of pageDiagnostics(tsc.stdout, programs, FOLDER, ROOT)) diagnostics.set(name, found);
  }
}, 300_000);

describe('the docs code blocks', () => {
  it('are found on the pages that have them', () => {
    const pages = new Set(blocks.map((program) => program.page));
    for (const page of ['README.md', 'docs/writing-a-step.md', 'docs/testing-with-the-fake.md'])
      expect(pages).toContain(page);
  });

  it.each(programs.map((program) => [program.name, program] as const))('%s type-checks', (_name, program) => {
    expect(diagnostics.get(program.name) ?? []).toEqual([]);
  });

  it.each(excerpts.map((program) => [program.name, program] as const))(
    '%s is an excerpt of the file it names (compiled and run where it lives)',
    (_name, program) => {
      const file = readFileSync(join(ROOT, program.excerptOf ?? ''), 'utf8');
      expect(excerptMismatch(program.source, file), `${program.page} → ${program.excerptOf}`).toBeNull();
    },
  );

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

describe('excerptMismatch', () => {
  const file = ['const a = 1;', '  const b = 2; // two', 'const c = 3;'].join('\n');
  it('accepts lines of the file in order, with comments, blanks and elisions of its own', () => {
    expect(excerptMismatch('const a = 1;  // one\n\n// …\nconst c = 3;', file)).toBeNull();
    expect(excerptMismatch('const b = 2;', file)).toBeNull();
  });
  it("names the first line that is not the file's, or out of order", () => {
    expect(excerptMismatch('const a = 2;', file)).toBe('line "const a = 2;" is not in the file (after its line 0)');
    expect(excerptMismatch('const c = 3;\nconst a = 1;', file)).toBe(
      'line "const a = 1;" is not in the file (after its line 3)',
    );
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
