import { mkdir, open as openFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';

/** Creates `directory` and any missing parent, fsync'ing each parent that gained an entry. */
export async function makeDirectoryDurably(directory: string): Promise<void> {
  const first = await mkdir(directory, { recursive: true });
  if (first === undefined) return;
  const created = resolve(first);
  for (let current = resolve(directory); ; current = dirname(current)) {
    await syncDirectory(dirname(current));
    if (current === created || dirname(current) === current) break;
  }
}

/** Makes the entries of `directory` (a file created, renamed or removed in it) durable. */
export async function syncDirectory(directory: string): Promise<void> {
  const handle = await openFile(directory, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}
