import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fromMarkdown } from 'mdast-util-from-markdown';

/**
 * The TypeScript code blocks of the docs, as programs: every ```ts block of
 * README.md, docs/*.md and packages/*\/README.md is a module of its own, or
 * continues the block before it on the same page when its fence says so
 * (```ts continues). A program that imports `@decomkit/fake` runs on the fake
 * cloud; one that imports `vitest` is a test file and runs under vitest.
 * A block whose fence names a file (```ts excerpt=examples/custom-step.ts)
 * shows part of that file, which is compiled and run where it lives: its
 * lines must be the file's, in order (see {@link excerptMismatch}).
 */
export interface DocsProgram {
  /** The page, relative to the repository root. */
  readonly page: string;
  /** A file name for the program: the page's path with its block number. */
  readonly name: string;
  readonly source: string;
  /** For each line of `source`, the page line it came from (1-based). */
  readonly pageLines: readonly number[];
  readonly runs: boolean;
  readonly isTest: boolean;
  /** The file this block is an excerpt of, relative to the repository root. */
  readonly excerptOf?: string;
}

const TYPESCRIPT = new Set(['ts', 'typescript']);

/** The markdown pages whose code blocks are checked, relative to `root`. */
export function docsPages(root: string): string[] {
  const docs = readdirSync(join(root, 'docs'), { withFileTypes: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith('.md'))
    .map((entry) => `docs/${entry.name}`);
  const packages = readdirSync(join(root, 'packages'), { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => `packages/${entry.name}/README.md`)
    .filter((page) => {
      try {
        readFileSync(join(root, page));
        return true;
      } catch {
        return false;
      }
    });
  return ['README.md', ...docs.sort(), ...packages.sort()];
}

/** The programs of one page's text. */
export function programsOf(page: string, markdown: string): DocsProgram[] {
  const programs: { source: string[]; pageLines: number[]; excerptOf?: string }[] = [];
  for (const node of fromMarkdown(markdown).children.flatMap(flatten)) {
    if (node.type !== 'code' || !TYPESCRIPT.has(node.lang ?? '')) continue;
    const lines = node.value.split('\n');
    const first = (node.position?.start.line ?? 0) + 1;
    const meta = (node.meta ?? '').split(/\s+/);
    const continues = meta.includes('continues');
    const excerptOf = meta.find((word) => word.startsWith('excerpt='))?.slice('excerpt='.length);
    const previous = programs.at(-1);
    if (excerptOf !== undefined) {
      programs.push({ source: lines, pageLines: lines.map((_line, index) => first + index), excerptOf });
    } else if (continues && previous !== undefined && previous.excerptOf === undefined) {
      previous.source.push(...lines);
      previous.pageLines.push(...lines.map((_line, index) => first + index));
    } else {
      programs.push({ source: lines, pageLines: lines.map((_line, index) => first + index) });
    }
  }
  const slug = page
    .replace(/\.md$/, '')
    .replace(/[^a-zA-Z0-9]+/g, '-')
    .toLowerCase();
  return programs.map((program, index) => {
    const source = `${program.source.join('\n')}\n`;
    const isTest = /from 'vitest'/.test(source);
    const excerpt = program.excerptOf === undefined ? {} : { excerptOf: program.excerptOf };
    return {
      page,
      name: `${slug}-${index + 1}${isTest ? '.test' : ''}.ts`,
      source,
      pageLines: program.pageLines,
      runs: program.excerptOf === undefined && /from '@decomkit\/fake'/.test(source),
      isTest,
      ...excerpt,
    };
  });
}

/** Every program of every page under `root`. */
export function docsPrograms(root: string): DocsProgram[] {
  return docsPages(root).flatMap((page) => programsOf(page, readFileSync(join(root, page), 'utf8')));
}

/** `file(line,col): error TS…` lines of tsc's output, each mapped back to its page and line. */
export function pageDiagnostics(output: string, programs: readonly DocsProgram[], folder: string, root: string) {
  const byFile = new Map(programs.map((program) => [relative(root, join(folder, program.name)), program]));
  const diagnostics = new Map<string, string[]>();
  for (const match of output.matchAll(/^(.+?)\((\d+),(\d+)\): (error TS\d+: .*)$/gm)) {
    const [, file = '', line = '0', , message = ''] = match;
    const program = byFile.get(relative(root, join(root, file)));
    const key = program?.name ?? file;
    const where = program === undefined ? file : `${program.page}:${program.pageLines[Number(line) - 1] ?? '?'}`;
    diagnostics.set(key, [...(diagnostics.get(key) ?? []), `${where} ${message}`]);
  }
  return diagnostics;
}

/**
 * Why `excerpt` is not an excerpt of `file`, or null when it is: each of its
 * lines, trimmed and without a trailing `  // comment` (the docs may explain a
 * line the file does not), must be a line of the file, in order; blank lines
 * and lines starting `// …` (an elision) are skipped.
 */
export function excerptMismatch(excerpt: string, file: string): string | null {
  const comparable = (line: string) => line.replace(/\s+\/\/(\s.*)?$/, '').trim();
  const fileLines = file.split('\n').map(comparable);
  let at = 0;
  for (const line of excerpt.split('\n').map(comparable)) {
    if (line === '' || line.startsWith('// …')) continue;
    const found = fileLines.indexOf(line, at);
    if (found < 0) return `line "${line}" is not in the file (after its line ${at})`;
    at = found + 1;
  }
  return null;
}

type MarkdownNode = ReturnType<typeof fromMarkdown>['children'][number];

function flatten(node: MarkdownNode): MarkdownNode[] {
  return 'children' in node ? [node, ...(node.children as MarkdownNode[]).flatMap(flatten)] : [node];
}
