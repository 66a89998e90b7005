import { appendFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  fileJournal,
  type Journal,
  type JournalEntry,
  type JournalRecord,
  memoryJournal,
  REDACTED,
  verifyJournal,
} from '@decomkit/core';
import { GENESIS_HASH } from '@decomkit/core/provider-kit';
import { afterAll, describe, expect, it } from 'vitest';

const scratch = mkdtempSync(join(tmpdir(), 'decomkit-journal-test-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

let directoryCount = 0;
function freshDirectory(): string {
  directoryCount += 1;
  return join(scratch, `journal-${directoryCount}`);
}

/** A journal under test, with a way to rewrite its stored lines as a tamperer would. */
interface Subject {
  readonly journal: Journal;
  /** Rewrites a run's stored lines (one JSON record per line). */
  tamper(runId: string, edit: (lines: string[]) => string[]): void;
}

function memorySubject(): Subject {
  const journal = memoryJournal();
  return {
    journal,
    tamper(runId, edit) {
      const records = journal.records(runId);
      const lines = edit(records.map((record) => JSON.stringify(record)));
      records.splice(0, records.length, ...lines.map((line) => JSON.parse(line) as JournalRecord));
    },
  };
}

function fileSubject(): Subject {
  const directory = freshDirectory();
  return {
    journal: fileJournal(directory),
    tamper(runId, edit) {
      const path = join(directory, `${runId}.jsonl`);
      const lines = readFileSync(path, 'utf8').split('\n').slice(0, -1);
      writeFileSync(path, `${edit(lines).join('\n')}\n`);
    },
  };
}

const start = Date.parse('2026-11-26T10:00:00.000Z');
const at = (second: number) => new Date(start + second * 1000);

/** Five entries of different kinds, one with secrets inside evidence details. */
const entries: readonly JournalEntry[] = [
  { type: 'run.resumed', runId: 'run-1' },
  { type: 'action.intent', key: 'retire:resource.delete:arn-1', attempt: 1 },
  { type: 'action.done', key: 'retire:resource.delete:arn-1', result: { requestId: 'req-1' }, reconciled: false },
  {
    type: 'step.verified',
    step: 'retire',
    evidence: {
      summary: '1 instance terminated',
      details: { terminated: ['arn-1'], password: 'hunter2-secret', nested: { apiKey: 'key-secret', count: 3 } },
    },
  },
  { type: 'run.ended', status: 'completed' },
];

async function writeRun(journal: Journal, runId: string, count = entries.length): Promise<JournalRecord[]> {
  const writer = (await journal.open(runId))._unsafeUnwrap();
  const records: JournalRecord[] = [];
  for (const [index, entry] of entries.slice(0, count).entries()) {
    records.push((await writer.append(entry, at(index)))._unsafeUnwrap());
  }
  (await writer.close())._unsafeUnwrap();
  return records;
}

async function readRun(journal: Journal, runId: string): Promise<readonly JournalRecord[]> {
  return (await journal.read(runId))._unsafeUnwrap();
}

describe.each([
  ['memoryJournal', memorySubject],
  ['fileJournal', fileSubject],
])('%s', (_name, makeSubject) => {
  it('reads back what was appended', async () => {
    const { journal } = makeSubject();
    const written = await writeRun(journal, 'roundtrip');
    const read = await readRun(journal, 'roundtrip');
    expect(read).toEqual(written);
    expect(read.map((record) => record.entry.type)).toEqual(entries.map((entry) => entry.type));
    expect(read[1]?.entry).toEqual(entries[1]);
    expect(read.map((record) => record.at)).toEqual(entries.map((_entry, index) => at(index).toISOString()));
  });

  it('chains the records: seq 1..n, prev is the hash of the one before', async () => {
    const { journal } = makeSubject();
    const records = await writeRun(journal, 'chained');
    expect(records.map((record) => record.seq)).toEqual([1, 2, 3, 4, 5]);
    expect(records[0]?.prev).toBe(GENESIS_HASH);
    for (const [index, record] of records.entries()) {
      expect(record.hash).toMatch(/^[0-9a-f]{64}$/);
      if (index > 0) expect(record.prev).toBe(records[index - 1]?.hash);
    }
    expect(new Set(records.map((record) => record.hash)).size).toBe(records.length);
  });

  it('verifies an intact journal', async () => {
    const { journal } = makeSubject();
    await writeRun(journal, 'intact');
    expect(verifyJournal(await readRun(journal, 'intact'))._unsafeUnwrap()).toEqual({ records: 5 });
    expect(verifyJournal([]).isOk()).toBe(true);
  });

  it.each([
    [
      'a field edited',
      (lines: string[]) =>
        lines.map((line, index) => (index === 1 ? line.replace('"attempt":1', '"attempt":2') : line)),
      2,
    ],
    [
      'the time edited',
      (lines: string[]) => lines.map((line, index) => (index === 3 ? line.replace('T10:00:03', 'T11:00:03') : line)),
      4,
    ],
    [
      'the first line edited',
      (lines: string[]) => lines.map((line, index) => (index === 0 ? line.replace('run-1', 'run-2') : line)),
      1,
    ],
    ['a line dropped', (lines: string[]) => lines.filter((_line, index) => index !== 2), 3],
    ['the first line dropped', (lines: string[]) => lines.slice(1), 1],
    ['a line duplicated', (lines: string[]) => [...lines.slice(0, 3), lines[2] as string, ...lines.slice(3)], 4],
    ['two lines swapped', (lines: string[]) => [lines[0], lines[2], lines[1], lines[3], lines[4]] as string[], 2],
    ['the last two lines swapped', (lines: string[]) => [...lines.slice(0, 3), lines[4], lines[3]] as string[], 4],
  ])('reports JournalCorrupt at the right line when %s', async (_what, edit, line) => {
    const { journal, tamper } = makeSubject();
    await writeRun(journal, 'tampered');
    tamper('tampered', edit);
    const check = verifyJournal(await readRun(journal, 'tampered'));
    expect(check.isErr()).toBe(true);
    const error = check._unsafeUnwrapErr();
    expect(error.code).toBe('JournalCorrupt');
    expect(error.line).toBe(line);
    expect(error.message).toContain(`line ${line}`);
  });

  it('detects an edit that recomputes nothing but the hash of the edited line', async () => {
    const { journal, tamper } = makeSubject();
    const records = await writeRun(journal, 'rehashed');
    const forged = { ...records[1], hash: 'f'.repeat(64) };
    tamper('rehashed', (lines) => lines.map((line, index) => (index === 1 ? JSON.stringify(forged) : line)));
    const error = verifyJournal(await readRun(journal, 'rehashed'))._unsafeUnwrapErr();
    expect(error.line).toBe(2);
  });

  it('gives NotFound for an unknown run', async () => {
    const { journal } = makeSubject();
    const result = await journal.read('nobody-ran-this');
    expect(result._unsafeUnwrapErr().code).toBe('NotFound');
    expect(result._unsafeUnwrapErr().message).toContain('nobody-ran-this');
  });

  it.each(['../x', '', 'a/b', '.hidden', '-dash', 'x'.repeat(129)])(
    'rejects the run id %j with InvalidInput',
    async (runId) => {
      const { journal } = makeSubject();
      const opened = await journal.open(runId);
      const read = await journal.read(runId);
      expect(opened._unsafeUnwrapErr().code).toBe('InvalidInput');
      expect(read._unsafeUnwrapErr().code).toBe('InvalidInput');
      expect(opened._unsafeUnwrapErr().message).toContain('invalid run id');
    },
  );

  it('redacts secrets before writing, and the chain still verifies', async () => {
    const { journal } = makeSubject();
    const records = await writeRun(journal, 'secrets');
    const stored = await readRun(journal, 'secrets');
    const verifiedEntry = stored[3]?.entry;
    expect(verifiedEntry?.type).toBe('step.verified');
    if (verifiedEntry?.type !== 'step.verified') return;
    expect(verifiedEntry.evidence.details).toEqual({
      terminated: ['arn-1'],
      password: REDACTED,
      nested: { apiKey: REDACTED, count: 3 },
    });
    expect(JSON.stringify(records)).not.toContain('hunter2-secret');
    expect(JSON.stringify(stored)).not.toContain('key-secret');
    expect(verifyJournal(stored).isOk()).toBe(true);
  });

  it('keeps history when the caller changes an entry after appending it', async () => {
    const { journal } = makeSubject();
    const writer = (await journal.open('mutated'))._unsafeUnwrap();
    const result = { requestId: 'req-1' };
    await writer.append({ type: 'action.done', key: 'step:kind:ref', result, reconciled: false }, at(0));
    (await writer.close())._unsafeUnwrap();
    result.requestId = 'req-2';
    const stored = await readRun(journal, 'mutated');
    expect(stored[0]?.entry).toEqual({
      type: 'action.done',
      key: 'step:kind:ref',
      result: { requestId: 'req-1' },
      reconciled: false,
    });
    expect(verifyJournal(stored).isOk()).toBe(true);
  });

  it('appends 200 concurrent entries in call order', async () => {
    const { journal } = makeSubject();
    const writer = (await journal.open('concurrent'))._unsafeUnwrap();
    const settled: number[] = [];
    const appends = Array.from({ length: 200 }, (_unused, index) =>
      writer.append({ type: 'action.intent', key: `step:kind:ref-${index}`, attempt: 1 }, at(index)).map((record) => {
        settled.push(index);
        return record;
      }),
    );
    const results = await Promise.all(appends);
    (await writer.close())._unsafeUnwrap();
    expect(results.every((result) => result.isOk())).toBe(true);
    expect(results.map((result) => result._unsafeUnwrap().seq)).toEqual(
      Array.from({ length: 200 }, (_unused, index) => index + 1),
    );
    expect(settled).toEqual(Array.from({ length: 200 }, (_unused, index) => index));
    const stored = await readRun(journal, 'concurrent');
    expect(stored).toHaveLength(200);
    expect(stored.map((record) => (record.entry.type === 'action.intent' ? record.entry.key : ''))).toEqual(
      Array.from({ length: 200 }, (_unused, index) => `step:kind:ref-${index}`),
    );
    expect(verifyJournal(stored)._unsafeUnwrap()).toEqual({ records: 200 });
  });

  it('resumes a run from its head and continues the chain', async () => {
    const { journal } = makeSubject();
    const first = await writeRun(journal, 'resumed', 3);
    const last = first[2] as JournalRecord;
    const writer = (await journal.open('resumed', { seq: last.seq, hash: last.hash }))._unsafeUnwrap();
    const fourth = (await writer.append(entries[3] as JournalEntry, at(3)))._unsafeUnwrap();
    (await writer.close())._unsafeUnwrap();
    expect(fourth.seq).toBe(4);
    expect(fourth.prev).toBe(last.hash);
    const stored = await readRun(journal, 'resumed');
    expect(stored).toHaveLength(4);
    expect(verifyJournal(stored).isOk()).toBe(true);
  });

  it('refuses to start a run that already has records, and a resume from the wrong head', async () => {
    const { journal } = makeSubject();
    const records = await writeRun(journal, 'taken', 2);
    const again = await journal.open('taken');
    expect(again._unsafeUnwrapErr().code).toBe('Conflict');
    const staleHead = await journal.open('taken', { seq: 1, hash: records[0]?.hash as string });
    expect(staleHead.isErr()).toBe(true);
    const forgedHead = await journal.open('taken', { seq: 2, hash: 'f'.repeat(64) });
    expect(forgedHead.isErr()).toBe(true);
    expect(await readRun(journal, 'taken')).toEqual(records);
  });

  it('lists the runs it holds', async () => {
    const { journal } = makeSubject();
    expect((await journal.list())._unsafeUnwrap()).toEqual([]);
    await writeRun(journal, 'run-a', 1);
    await writeRun(journal, 'run-b', 2);
    expect([...(await journal.list())._unsafeUnwrap()].sort()).toEqual(['run-a', 'run-b']);
  });
});

describe('fileJournal on disk', () => {
  it('writes one JSON line per record, newline-terminated, with secrets redacted', async () => {
    const directory = freshDirectory();
    await writeRun(fileJournal(directory), 'on-disk');
    const text = readFileSync(join(directory, 'on-disk.jsonl'), 'utf8');
    expect(text.endsWith('\n')).toBe(true);
    const lines = text.split('\n').slice(0, -1);
    expect(lines).toHaveLength(5);
    expect(lines.map((line) => (JSON.parse(line) as JournalRecord).seq)).toEqual([1, 2, 3, 4, 5]);
    expect(text).not.toContain('hunter2-secret');
    expect(text).not.toContain('key-secret');
    expect(text).toContain(`"password":"${REDACTED}"`);
  });

  it('lets a run start again when a crash left its file without one complete record', async () => {
    const directory = freshDirectory();
    const journal = fileJournal(directory);
    mkdirSync(directory, { recursive: true });
    writeFileSync(
      join(directory, 'never-started.jsonl'),
      '{"seq":1,"at":"2026-11-26T10:00:00.000Z","entry":{"type":"run.st',
    );
    const written = await writeRun(journal, 'never-started', 2);
    expect(written.map((record) => record.seq)).toEqual([1, 2]);
    expect(verifyJournal(await readRun(journal, 'never-started')).isOk()).toBe(true);
    const again = await journal.open('never-started');
    expect(again._unsafeUnwrapErr().code).toBe('Conflict');
  });

  it('ignores a torn last line when reading', async () => {
    const directory = freshDirectory();
    const journal = fileJournal(directory);
    const written = await writeRun(journal, 'torn', 3);
    appendFileSync(join(directory, 'torn.jsonl'), '{"seq":4,"at":"2026-11-26T10:00:03.000Z","entry":{"ty');
    const read = await readRun(journal, 'torn');
    expect(read).toEqual(written);
    expect(verifyJournal(read).isOk()).toBe(true);
  });

  it('truncates a torn last line on resume and continues the chain', async () => {
    const directory = freshDirectory();
    const path = join(directory, 'torn-resume.jsonl');
    const journal = fileJournal(directory);
    const written = await writeRun(journal, 'torn-resume', 3);
    appendFileSync(path, 'garbage without a newline');
    const last = written[2] as JournalRecord;
    const writer = (await journal.open('torn-resume', { seq: last.seq, hash: last.hash }))._unsafeUnwrap();
    (await writer.append(entries[3] as JournalEntry, at(3)))._unsafeUnwrap();
    (await writer.append(entries[4] as JournalEntry, at(4)))._unsafeUnwrap();
    (await writer.close())._unsafeUnwrap();
    const text = readFileSync(path, 'utf8');
    expect(text).not.toContain('garbage');
    expect(text.split('\n').slice(0, -1)).toHaveLength(5);
    const read = await readRun(journal, 'torn-resume');
    expect(read.map((record) => record.seq)).toEqual([1, 2, 3, 4, 5]);
    expect(read[3]?.prev).toBe(last.hash);
    expect(verifyJournal(read)._unsafeUnwrap()).toEqual({ records: 5 });
  });

  it('reports a broken line that is not the last as JournalCorrupt with its line', async () => {
    const directory = freshDirectory();
    const journal = fileJournal(directory);
    await writeRun(journal, 'broken', 3);
    const path = join(directory, 'broken.jsonl');
    const lines = readFileSync(path, 'utf8').split('\n');
    lines[1] = '{"seq":2,"at":';
    writeFileSync(path, lines.join('\n'));
    const result = await journal.read('broken');
    expect(result._unsafeUnwrapErr().code).toBe('JournalCorrupt');
    const error = result._unsafeUnwrapErr();
    expect(error.code === 'JournalCorrupt' ? error.line : 0).toBe(2);
  });

  it('lists only journal files, and nothing for a missing directory', async () => {
    const directory = freshDirectory();
    const journal = fileJournal(directory);
    await writeRun(journal, 'only-run', 1);
    writeFileSync(join(directory, 'notes.txt'), 'not a journal');
    expect((await journal.list())._unsafeUnwrap()).toEqual(['only-run']);
    expect((await fileJournal(join(scratch, 'does', 'not', 'exist')).list())._unsafeUnwrap()).toEqual([]);
  });

  it('shares runs between two journal values over the same directory', async () => {
    const directory = freshDirectory();
    const written = await writeRun(fileJournal(directory), 'shared', 2);
    expect(await readRun(fileJournal(directory), 'shared')).toEqual(written);
  });
});
