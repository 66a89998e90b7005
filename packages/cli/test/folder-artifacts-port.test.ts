import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { artifactsConformance } from '@decomkit/conformance';
import { describe, expect, it } from 'vitest';
import { folderArtifactsPort } from '../src/folder-artifacts-port.js';
import { scratchDirectory } from './support/run-decomkit.js';

const bytes = (text: string) => new TextEncoder().encode(text);

artifactsConformance({ describe, it }, async () => ({
  artifacts: folderArtifactsPort(scratchDirectory()),
  oracle: {},
}));

describe('folderArtifactsPort', () => {
  it('writes a file under the folder, once: the same bytes again are done, other bytes a Conflict', async () => {
    const directory = scratchDirectory();
    const artifacts = folderArtifactsPort(directory);
    const stored = (
      await artifacts.put('decomkit/payments/record.json', bytes('{"a":1}'), 'application/json')
    )._unsafeUnwrap();
    expect(readFileSync(join(directory, 'decomkit', 'payments', 'record.json'), 'utf8')).toBe('{"a":1}');
    expect(stored.uri).toMatch(/^file:\/\/.*record\.json$/);
    expect((await artifacts.put('decomkit/payments/record.json', bytes('{"a":1}'), 'application/json')).isOk()).toBe(
      true,
    );
    const other = await artifacts.put('decomkit/payments/record.json', bytes('{"a":2}'), 'application/json');
    expect(other._unsafeUnwrapErr()).toMatchObject({ code: 'Conflict' });
    expect(readFileSync(join(directory, 'decomkit', 'payments', 'record.json'), 'utf8')).toBe('{"a":1}');
  });

  it('refuses a name that leaves the folder (InvalidInput), and writes nothing', async () => {
    const artifacts = folderArtifactsPort(scratchDirectory());
    for (const name of ['../outside.json', '/etc/decomkit.json', 'a/../../outside.json', ''])
      expect((await artifacts.put(name, bytes('x'), 'text/plain'))._unsafeUnwrapErr(), name).toMatchObject({
        code: 'InvalidInput',
      });
    expect((await artifacts.get('../outside.json'))._unsafeUnwrapErr()).toMatchObject({ code: 'InvalidInput' });
  });
});
