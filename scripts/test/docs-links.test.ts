import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { docsPages } from '../docs-code-blocks.js';

// The pages point at files (guides, packages, the tests that prove a guarantee): every one must exist.
const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** Relative Markdown link targets of a page, without their #fragment. */
function linkTargets(text: string): string[] {
  return [...text.matchAll(/\]\(([^)\s]+)\)/g)]
    .map((match) => match[1] ?? '')
    .filter((target) => !/^[a-z][a-z0-9+.-]*:/i.test(target) && !target.startsWith('#'))
    .map((target) => target.split('#')[0] ?? '');
}

/**
 * Repository paths named in code spans (`packages/core/test/journal.test.ts`): globs, placeholders and
 * what a build writes (`docs/api`, from `pnpm build:docs`) left out.
 */
function namedPaths(text: string): string[] {
  return [...text.matchAll(/`((?:packages|docs|examples|scripts|bench)\/[^`\s]+)`/g)]
    .map((match) => match[1] ?? '')
    .filter((path) => !/[<>*{}…]/.test(path) && !path.startsWith('docs/api'));
}

describe('the docs links', () => {
  const pages = docsPages(ROOT);

  it('finds the pages and the links on them', () => {
    expect(pages).toContain('docs/safety.md');
    expect(linkTargets('[a](b.md) [c](https://x.org) [d](#e) [f](g/h.md#i)')).toEqual(['b.md', 'g/h.md']);
    expect(namedPaths('`packages/a/b.ts` `packages/<name>/x` `npm test`')).toEqual(['packages/a/b.ts']);
  });

  it.each(pages)('%s links only to files that exist', (page) => {
    const text = readFileSync(join(ROOT, page), 'utf8');
    const missing = linkTargets(text).filter((target) => !existsSync(normalize(join(ROOT, dirname(page), target))));
    expect(missing).toEqual([]);
  });

  it.each(pages)('%s names only repository paths that exist', (page) => {
    const text = readFileSync(join(ROOT, page), 'utf8');
    const missing = namedPaths(text).filter((path) => !existsSync(join(ROOT, path)));
    expect(missing).toEqual([]);
  });
});
