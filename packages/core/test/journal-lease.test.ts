/**
 * One runner per run (issue 9, item 2), at the journal: opening a run's
 * writer takes an exclusive lease; a second writer of the same run gets
 * `Conflict` naming the holder until the first closes, its heartbeat expires,
 * or the caller takes the lease over explicitly (and the first writer then
 * refuses every append).
 */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileJournal, type Journal, type JournalWriter, memoryJournal } from '@decomkit/core';
import { afterAll, describe, expect, it } from 'vitest';

const scratch = mkdtempSync(join(tmpdir(), 'decomkit-lease-test-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));
let directories = 0;
const freshDirectory = () => join(scratch, `journal-${++directories}`);

const at = new Date('2026-12-20T00:00:00.000Z');
const intent = (index: number) =>
  ({ type: 'action.intent', key: `retire:resource.delete:arn-${index}`, attempt: 1 }) as const;

async function openWriter(journal: Journal, runId: string, takeOver = false): Promise<JournalWriter> {
  return (await journal.open(runId, undefined, { takeOver }))._unsafeUnwrap();
}

describe.each([
  ['memoryJournal', () => memoryJournal()],
  ['fileJournal', () => fileJournal(freshDirectory())],
])('%s lease', (_name, makeJournal) => {
  it('refuses a second writer of an open run with Conflict naming the holder, and admits one after close', async () => {
    const journal = makeJournal();
    const first = await openWriter(journal, 'leased');
    (await first.append(intent(1), at))._unsafeUnwrap();
    const second = await journal.open('leased', { seq: 1, hash: 'x' });
    const error = second._unsafeUnwrapErr();
    expect(error.code).toBe('Conflict');
    expect(error.message).toContain('leased');
    expect(error.message).toContain(`host ${hostname()}`);
    expect(error.message).toContain(`pid ${process.pid}`);
    expect(error.message).toMatch(/since \d{4}-\d\d-\d\dT/);
    // Typed, so a caller (the CLI's exit status 75) tells a held run from any other conflict.
    expect(error.code === 'Conflict' && error.lease).toMatch(/leased(\.lease)?$/);
    (await first.close())._unsafeUnwrap();
    const records = (await journal.read('leased'))._unsafeUnwrap();
    const last = records.at(-1);
    const third = (await journal.open('leased', { seq: 1, hash: last?.hash ?? '' }))._unsafeUnwrap();
    expect(third.takeover ?? null).toBeNull();
    (await third.append(intent(2), at))._unsafeUnwrap();
    (await third.close())._unsafeUnwrap();
  });

  it('takes the lease over with takeOver: true, and the previous writer then refuses to append', async () => {
    const journal = makeJournal();
    const first = await openWriter(journal, 'forced');
    (await first.append(intent(1), at))._unsafeUnwrap();
    const records = (await journal.read('forced'))._unsafeUnwrap();
    const head = { seq: 1, hash: records[0]?.hash ?? '' };
    const second = (await journal.open('forced', head, { takeOver: true }))._unsafeUnwrap();
    expect(second.takeover).toMatchObject({ reason: 'forced', previous: { host: hostname(), pid: process.pid } });
    const late = await first.append(intent(2), at);
    expect(late._unsafeUnwrapErr().code).toBe('Conflict');
    (await second.append(intent(3), at))._unsafeUnwrap();
    await first.close();
    (await second.close())._unsafeUnwrap();
    const after = (await journal.read('forced'))._unsafeUnwrap();
    expect(after.map((record) => (record.entry.type === 'action.intent' ? record.entry.key : ''))).toEqual([
      'retire:resource.delete:arn-1',
      'retire:resource.delete:arn-3',
    ]);
  });
});

describe('fileJournal lease file', () => {
  const staleLease = (pid: number, heartbeat: string) =>
    `${JSON.stringify({ host: 'gone-host', pid, since: '2026-01-01T00:00:00.000Z', heartbeat, token: 'feedfacefeedface', timeoutMilliseconds: 30000 })}\n`;

  it('holds host, pid, start time and heartbeat in <runId>.lease while open, and removes it on close', async () => {
    const directory = freshDirectory();
    const writer = await openWriter(fileJournal(directory), 'visible');
    const lease = JSON.parse(readFileSync(join(directory, 'visible.lease'), 'utf8')) as Record<string, unknown>;
    expect(lease).toMatchObject({ host: hostname(), pid: process.pid });
    expect(Date.parse(String(lease.since))).toBeGreaterThan(Date.now() - 60_000);
    expect(Date.parse(String(lease.heartbeat))).toBeGreaterThanOrEqual(Date.parse(String(lease.since)));
    (await writer.close())._unsafeUnwrap();
    expect(readdirSync(directory)).toEqual(['visible.jsonl']);
  });

  it('refreshes the heartbeat, so a live holder is never taken over for expiry', async () => {
    const directory = freshDirectory();
    const journal = fileJournal(directory, { leaseTimeoutMilliseconds: 300 });
    const writer = await openWriter(journal, 'beating');
    const first = JSON.parse(readFileSync(join(directory, 'beating.lease'), 'utf8')) as { heartbeat: string };
    await new Promise((resolve) => setTimeout(resolve, 700));
    const later = JSON.parse(readFileSync(join(directory, 'beating.lease'), 'utf8')) as { heartbeat: string };
    expect(Date.parse(later.heartbeat)).toBeGreaterThan(Date.parse(first.heartbeat));
    expect((await journal.open('beating', undefined))._unsafeUnwrapErr().code).toBe('Conflict');
    (await writer.close())._unsafeUnwrap();
  });

  it('takes over a lease whose heartbeat expired, and says whose it was', async () => {
    const directory = freshDirectory();
    mkdirSync(directory, { recursive: true });
    writeFileSync(join(directory, 'abandoned.lease'), staleLease(4_000_000, '2026-01-01T00:00:05.000Z'));
    const writer = await openWriter(fileJournal(directory), 'abandoned');
    expect(writer.takeover).toEqual({
      reason: 'expired',
      previous: {
        host: 'gone-host',
        pid: 4_000_000,
        since: '2026-01-01T00:00:00.000Z',
        heartbeat: '2026-01-01T00:00:05.000Z',
      },
    });
    (await writer.close())._unsafeUnwrap();
    expect(readdirSync(directory)).toEqual(['abandoned.jsonl']);
  });

  it('refuses a lease whose heartbeat is fresh even if its process looks gone, unless told to take it over', async () => {
    const directory = freshDirectory();
    mkdirSync(directory, { recursive: true });
    writeFileSync(join(directory, 'recent.lease'), staleLease(4_000_001, new Date().toISOString()));
    const refused = await fileJournal(directory).open('recent');
    expect(refused._unsafeUnwrapErr().code).toBe('Conflict');
    expect(refused._unsafeUnwrapErr().message).toContain('host gone-host, pid 4000001');
    const writer = await openWriter(fileJournal(directory), 'recent', true);
    expect(writer.takeover).toMatchObject({ reason: 'forced', previous: { pid: 4_000_001 } });
    (await writer.close())._unsafeUnwrap();
  });

  it('lets exactly one of many racing openers take over an expired lease (50 rounds)', async () => {
    for (let round = 0; round < 50; round += 1) {
      const directory = freshDirectory();
      mkdirSync(directory, { recursive: true });
      writeFileSync(join(directory, 'raced.lease'), staleLease(4_000_002, '2026-01-01T00:00:05.000Z'));
      const openers = Array.from({ length: 4 }, () => fileJournal(directory).open('raced'));
      const outcomes = await Promise.all(openers);
      const winners = outcomes.filter((outcome) => outcome.isOk());
      expect(winners, `round ${round}`).toHaveLength(1);
      for (const outcome of outcomes) if (outcome.isErr()) expect(outcome.error.code).toBe('Conflict');
      const winner = winners[0]?._unsafeUnwrap() as JournalWriter;
      expect(winner.takeover?.reason).toBe('expired');
      (await winner.append(intent(1), at))._unsafeUnwrap();
      (await winner.close())._unsafeUnwrap();
    }
  });
});
