/**
 * A file is durable only once its directory entry is (issue 9, item 3): the
 * file journal fsyncs every directory it creates in its parent, and the
 * journal's directory after creating the journal file and the lease file.
 * Every `open` is watched; a directory opened and fsync'ed is recorded.
 */

import { mkdtempSync, rmSync } from 'node:fs';
import type { FileHandle } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';

const synced: string[] = [];

vi.mock('node:fs/promises', async (importOriginal) => {
  const original = await importOriginal<typeof import('node:fs/promises')>();
  const open = async (...args: Parameters<typeof original.open>): Promise<FileHandle> => {
    const handle = await original.open(...args);
    const path = String(args[0]);
    if ((await handle.stat()).isDirectory()) {
      const sync = handle.sync.bind(handle);
      handle.sync = async () => {
        await sync();
        synced.push(path);
      };
    }
    return handle;
  };
  return { ...original, open, default: { ...original, open } };
});

const scratch = mkdtempSync(join(tmpdir(), 'decomkit-directory-sync-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe('fileJournal directory fsync', () => {
  it('fsyncs each directory it creates in its parent, and the journal directory after creating files in it', async () => {
    const { fileJournal } = await import('../src/journal/file-journal.js');
    const directory = join(scratch, 'a', 'b', 'journal');
    const writer = (await fileJournal(directory).open('synced'))._unsafeUnwrap();
    (await writer.close())._unsafeUnwrap();
    expect(synced).toContain(scratch);
    expect(synced).toContain(join(scratch, 'a'));
    expect(synced).toContain(join(scratch, 'a', 'b'));
    // Once for the lease, once for the journal file.
    expect(synced.filter((path) => path === directory).length).toBeGreaterThanOrEqual(2);
  });
});
