/**
 * Short writes (issue 9, item 3): a write may put down fewer bytes than asked
 * (a full disk does). The journal writes until every byte is down, or fails
 * closed: the append errs, the writer refuses every later append, and the
 * engine does not make the effect the record announces.
 */
import { describe, expect, it } from 'vitest';
import { GroupCommitWriter, type JournalFileHandle } from '../src/journal/group-commit-writer.js';
import { EMPTY_CHAIN } from '../src/journal/hash-chain.js';

/** A file handle held in memory that writes at most `chunk` bytes a call, and fails with ENOSPC once the disk is full. */
function shortWritingHandle(chunk: number) {
  let capacity = Number.POSITIVE_INFINITY;
  let content = Buffer.alloc(0);
  let writes = 0;
  let syncedBytes = 0;
  const handle: JournalFileHandle = {
    async write(buffer, offset, length) {
      writes += 1;
      const room = capacity - content.length;
      if (room <= 0) throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' });
      const count = Math.min(chunk, length, room);
      content = Buffer.concat([content, buffer.subarray(offset, offset + count)]);
      return { bytesWritten: count };
    },
    async datasync() {
      syncedBytes = content.length;
    },
    async close() {},
  };
  return {
    handle,
    text: () => content.toString('utf8'),
    writes: () => writes,
    syncedBytes: () => syncedBytes,
    /** Leaves only `bytes` more bytes of room. */
    fill: (bytes: number) => {
      capacity = content.length + bytes;
    },
  };
}

const at = new Date('2026-12-20T00:00:00.000Z');

describe('GroupCommitWriter and short writes', () => {
  it('writes every byte of every record when each write puts down only 7 bytes', async () => {
    const file = shortWritingHandle(7);
    const writer = new GroupCommitWriter(file.handle, EMPTY_CHAIN, 'short.jsonl');
    const appends = Array.from({ length: 20 }, (_unused, index) =>
      writer.append({ type: 'action.intent', key: `retire:resource.delete:arn-${index}`, attempt: 1 }, at),
    );
    const records = (await Promise.all(appends)).map((result) => result._unsafeUnwrap());
    (await writer.close())._unsafeUnwrap();
    const lines = file.text().split('\n');
    expect(lines.at(-1)).toBe('');
    expect(lines.slice(0, -1).map((line) => JSON.parse(line))).toEqual(records);
    expect(file.writes()).toBeGreaterThan(20);
    expect(file.syncedBytes()).toBe(Buffer.byteLength(file.text()));
  });

  it('fails closed when the disk fills in the middle of a record: that append and every later one err', async () => {
    const file = shortWritingHandle(4096);
    const writer = new GroupCommitWriter(file.handle, EMPTY_CHAIN, 'full.jsonl');
    const first = await writer.append({ type: 'action.intent', key: 'retire:resource.delete:arn-1', attempt: 1 }, at);
    expect(first.isOk()).toBe(true);
    file.fill(20); // the next write puts down 20 bytes, the one after fails with ENOSPC
    const second = await writer.append({ type: 'action.intent', key: 'retire:resource.delete:arn-2', attempt: 1 }, at);
    expect(second._unsafeUnwrapErr()).toMatchObject({ code: 'ProviderFailure', retryable: false });
    expect(second._unsafeUnwrapErr().message).toContain('full.jsonl');
    const third = await writer.append({ type: 'run.ended', status: 'failed' }, at);
    expect(third._unsafeUnwrapErr()).toBe(second._unsafeUnwrapErr());
    expect(file.text().split('\n')).toHaveLength(2); // the first line, then the torn 20 bytes of the second
  });
});
