import { generateKeyPairSync, type KeyObject } from 'node:crypto';
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  createEngine,
  fileJournal,
  type Journal,
  type JournalEntry,
  type JournalRecord,
  memoryJournal,
  type Plan,
  type SigningOptions,
  verifyJournal,
} from '@decomkit/core';
import { sha256 } from '@decomkit/core/provider-kit';
import { createFakeCloud } from '@decomkit/fake';
import { afterAll, describe, expect, it } from 'vitest';
import { retireInstancesChecklist } from '../../../examples/retire-instances-steps.js';
import { AFTER_DELETE_DATE, paymentsInstances } from './support/harness.js';
import { paymentsWorkload } from './support/workloads.js';

const scratch = mkdtempSync(join(tmpdir(), 'decomkit-signing-test-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));
let directoryCount = 0;
const freshDirectory = () => {
  directoryCount += 1;
  return join(scratch, `journal-${directoryCount}`);
};

const ed25519 = generateKeyPairSync('ed25519');
const keys: readonly { readonly name: string; readonly signing: SigningOptions; readonly verifyKey: unknown }[] = [
  { name: 'HMAC-SHA-256 (string)', signing: { key: 'a-long-enough-hmac-secret-0123456789' }, verifyKey: null },
  { name: 'HMAC-SHA-256 (Buffer)', signing: { key: Buffer.alloc(32, 7) }, verifyKey: null },
  { name: 'Ed25519', signing: { key: ed25519.privateKey }, verifyKey: ed25519.publicKey },
];

/** An engine over the fake cloud, signing when `signing` is given; the same cloud and journal can be shared. */
function signingWorld(options: {
  signing?: SigningOptions;
  journal?: Journal;
  cloud?: ReturnType<typeof createFakeCloud>;
}) {
  const cloud = options.cloud ?? createFakeCloud({ source: { instances: paymentsInstances(2) } });
  const journal = options.journal ?? memoryJournal();
  const engine = createEngine({
    checklist: retireInstancesChecklist(paymentsWorkload()),
    providers: cloud.providers,
    journal,
    random: () => 0.5,
    ...(options.signing === undefined ? {} : { signing: options.signing }),
  })._unsafeUnwrap();
  return { cloud, journal, engine };
}

/** Recomputes every hash from `from` on, as someone who can write the journal but holds no key would. */
function rechain(records: readonly JournalRecord[]): JournalRecord[] {
  const out: JournalRecord[] = [];
  let prev = '0'.repeat(64);
  for (const [index, record] of records.entries()) {
    const seq = index + 1;
    const hash = sha256(`${prev}\n${JSON.stringify({ seq, at: record.at, entry: record.entry })}`);
    out.push({ ...record, seq, prev, hash });
    prev = hash;
  }
  return out;
}

function journalPath(directory: string, runId: string): string {
  return join(directory, `${runId}.jsonl`);
}

function readLines(directory: string, runId: string): JournalRecord[] {
  return readFileSync(journalPath(directory, runId), 'utf8')
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line) as JournalRecord);
}

function writeLines(directory: string, runId: string, records: readonly JournalRecord[]): void {
  writeFileSync(journalPath(directory, runId), records.map((record) => `${JSON.stringify(record)}\n`).join(''));
}

describe.each(keys)('keyed integrity with $name', ({ signing, verifyKey }) => {
  const verifyOptions = verifyKey === null ? signing : { key: verifyKey as KeyObject };

  it('signs the plan and every journal line; a resumed run verifies end to end with the same signatures', async () => {
    const { cloud, journal, engine } = signingWorld({ signing });
    const plan = (await engine.plan())._unsafeUnwrap();
    expect(typeof plan.signature).toBe('string');
    const first = (await engine.apply(plan, { approve: () => true }))._unsafeUnwrap();
    expect(first.status).toBe('waiting');
    const before = structuredClone((await journal.read(first.runId))._unsafeUnwrap());

    // A fresh engine (another process) with the same key resumes and finishes the run.
    cloud.clock.set(AFTER_DELETE_DATE);
    const later = signingWorld({ signing, cloud, journal });
    const second = (await later.engine.resume(first.runId, { approve: () => true }))._unsafeUnwrap();
    expect(second.status).toBe('completed');

    const records = (await journal.read(first.runId))._unsafeUnwrap();
    expect(records.every((record) => typeof record.sig === 'string' && record.sig.length > 0)).toBe(true);
    expect(records.slice(0, before.length)).toEqual(before); // nothing rewritten
    const started = records[0]?.entry as Extract<JournalEntry, { type: 'run.started' }>;
    expect(started.plan.signature).toBe(plan.signature);
    const seal = (await journal.readSeal?.(first.runId))?._unsafeUnwrap();
    expect(seal).toMatchObject({ runId: first.runId, records: records.length, hash: records.at(-1)?.hash });
    expect(verifyJournal(records, { ...verifyOptions, seal })._unsafeUnwrap()).toEqual({ records: records.length });
    expect(verifyJournal(records)._unsafeUnwrap()).toEqual({ records: records.length });
  });

  it('detects a re-chained edit with the key, which the unkeyed check accepts', async () => {
    const { engine, journal, cloud } = signingWorld({ signing });
    cloud.clock.set(AFTER_DELETE_DATE);
    const run = (await engine.plan().andThen((plan) => engine.apply(plan)))._unsafeUnwrap();
    const records = (await journal.read(run.runId))._unsafeUnwrap();
    const waiting = records.findIndex((record) => record.entry.type === 'action.waiting');
    expect(waiting).toBeGreaterThan(0);
    const edited = rechain(
      records.map((record, index) =>
        index === waiting ? { ...record, entry: { ...record.entry, reason: 'rewritten' } as JournalEntry } : record,
      ),
    );
    expect(verifyJournal(edited).isOk()).toBe(true);
    const keyed = verifyJournal(edited, verifyOptions)._unsafeUnwrapErr();
    expect(keyed.code === 'JournalCorrupt' && keyed.line).toBe(waiting + 1);
    expect(keyed.message).toContain('signature does not verify');

    const unsigned = records.map(({ sig: _dropped, ...record }) => record);
    expect(verifyJournal(unsigned, verifyOptions)._unsafeUnwrapErr().message).toContain('not signed');
  });

  it('resume refuses a forged approval.granted appended to the journal; without a key it would delete', async () => {
    const setUp = async (withKey: boolean) => {
      const directory = freshDirectory();
      const world = signingWorld({ journal: fileJournal(directory), ...(withKey ? { signing } : {}) });
      world.cloud.clock.set(AFTER_DELETE_DATE);
      const plan = (await world.engine.plan())._unsafeUnwrap();
      const run = (await world.engine.apply(plan))._unsafeUnwrap();
      expect(run.status).toBe('waiting'); // waits for the "retire" approval nobody gave
      const records = readLines(directory, run.runId);
      const last = records.at(-1) as JournalRecord;
      const forged: JournalRecord = {
        ...last,
        at: last.at,
        entry: { type: 'approval.granted', name: 'retire' },
        ...(last.sig === undefined ? {} : { sig: last.sig }), // a copied signature does not fit the new line
      };
      writeLines(directory, run.runId, rechain([...records, forged]));
      return { ...world, runId: run.runId };
    };

    const unkeyed = await setUp(false);
    expect((await unkeyed.engine.resume(unkeyed.runId))._unsafeUnwrap().status).toBe('completed');
    expect(unkeyed.cloud.calls.of('TerminateInstances').length).toBeGreaterThan(0);

    const keyed = await setUp(true);
    const refused = await keyed.engine.resume(keyed.runId);
    expect(refused._unsafeUnwrapErr().code).toBe('JournalCorrupt');
    expect(keyed.cloud.calls.of('TerminateInstances')).toEqual([]);
    expect((await keyed.engine.status(keyed.runId))._unsafeUnwrapErr().code).toBe('JournalCorrupt');
  });

  it('apply refuses an unsigned plan, and a plan signed with another key', async () => {
    const unsigned = (await signingWorld({}).engine.plan())._unsafeUnwrap();
    expect(unsigned.signature).toBeUndefined();
    const { engine, cloud } = signingWorld({ signing });
    cloud.clock.set(AFTER_DELETE_DATE);
    const refused = (await engine.apply(unsigned, { approve: () => true }))._unsafeUnwrapErr();
    expect(refused.code).toBe('InvalidInput');
    expect(refused.code === 'InvalidInput' && refused.issues.map((issue) => issue.path)).toEqual(['plan.signature']);

    const otherKey = signingWorld({ signing: { key: 'another-hmac-secret-of-some-length' } });
    const foreign = (await otherKey.engine.plan())._unsafeUnwrap();
    const badlySigned = (await engine.apply(foreign, { approve: () => true }))._unsafeUnwrapErr();
    expect(badlySigned.code).toBe('InvalidInput');
    expect(badlySigned.message).toContain('signature');

    const own = (await engine.plan())._unsafeUnwrap();
    const tampered: Plan = { ...own, signature: `${own.signature?.slice(0, -4)}AAAA` };
    expect((await engine.apply(tampered, { approve: () => true }))._unsafeUnwrapErr().code).toBe('InvalidInput');
    expect(cloud.calls.mutating()).toEqual([]);
  });
});

describe('seal: a truncated tail', () => {
  const signing: SigningOptions = { key: 'a-long-enough-hmac-secret-0123456789' };

  it('is detected in a memory journal by status, resume and verifyJournal', async () => {
    const journal = memoryJournal();
    const { engine } = signingWorld({ signing, journal });
    const run = (await engine.plan().andThen((plan) => engine.apply(plan)))._unsafeUnwrap();
    const records = journal.records(run.runId);
    const total = records.length;
    const seal = (await journal.readSeal?.(run.runId))?._unsafeUnwrap();
    expect(seal?.records).toBe(total);
    records.splice(total - 2, 2); // drop the last two lines: every remaining line is still signed
    expect((await journal.read(run.runId))._unsafeUnwrap()).toHaveLength(total - 2);
    expect(verifyJournal(records, signing).isOk()).toBe(true);
    const check = verifyJournal(records, { ...signing, seal });
    expect(check._unsafeUnwrapErr().message).toContain('truncated');
    expect((await engine.status(run.runId))._unsafeUnwrapErr().code).toBe('JournalCorrupt');
    expect((await engine.resume(run.runId))._unsafeUnwrapErr().code).toBe('JournalCorrupt');
  });

  it('is detected in a file journal through the <runId>.seal file, also without a key', async () => {
    for (const withKey of [true, false]) {
      const directory = freshDirectory();
      const { engine } = signingWorld({ journal: fileJournal(directory), ...(withKey ? { signing } : {}) });
      const run = (await engine.plan().andThen((plan) => engine.apply(plan)))._unsafeUnwrap();
      expect(existsSync(join(directory, `${run.runId}.seal`))).toBe(true);
      const records = readLines(directory, run.runId);
      writeLines(directory, run.runId, records.slice(0, -1));
      expect((await engine.status(run.runId))._unsafeUnwrapErr().message).toContain('truncated');
      expect((await engine.resume(run.runId))._unsafeUnwrapErr().code).toBe('JournalCorrupt');
      if (withKey) continue;
      // Same count, another last line (re-chained): the sealed hash differs.
      const last = records.at(-1) as JournalRecord;
      writeLines(
        directory,
        run.runId,
        rechain([...records.slice(0, -1), { ...last, entry: { type: 'run.ended', status: 'completed' } }]),
      );
      expect((await engine.status(run.runId))._unsafeUnwrapErr().message).toContain('hash the seal beside the run');
    }
  });

  it('a seal file rolled back with the journal is caught by the seal kept in the artifact store', async () => {
    const directory = freshDirectory();
    const { engine, cloud } = signingWorld({ journal: fileJournal(directory), signing });
    const run = (await engine.plan().andThen((plan) => engine.apply(plan)))._unsafeUnwrap();
    expect(run.status).toBe('waiting');
    const sealPath = join(directory, `${run.runId}.seal`);
    const oldSeal = join(directory, 'old.seal.copy');
    copyFileSync(sealPath, oldSeal);
    const oldRecords = readLines(directory, run.runId);
    cloud.clock.set(AFTER_DELETE_DATE);
    (await engine.resume(run.runId, { approve: () => true }))._unsafeUnwrap();
    expect(cloud.artifacts.get(`decomkit/runs/${run.runId}.seal.json`)).toBeDefined();

    // Roll the run directory back to the first session: every line and the seal carry valid signatures.
    writeLines(directory, run.runId, oldRecords);
    copyFileSync(oldSeal, sealPath);
    const status = await engine.status(run.runId);
    expect(status._unsafeUnwrapErr().code).toBe('JournalCorrupt');
    expect(status._unsafeUnwrapErr().message).toContain('artifact store');
  });
});

describe('signing options', () => {
  it('createEngine refuses a key that cannot sign', () => {
    const rsa = generateKeyPairSync('rsa', { modulusLength: 1024 });
    for (const key of ['short', '', rsa.privateKey, ed25519.publicKey, 42]) {
      const created = createEngine({
        checklist: retireInstancesChecklist(paymentsWorkload()),
        providers: createFakeCloud().providers,
        journal: memoryJournal(),
        signing: { key: key as string },
      });
      expect(created._unsafeUnwrapErr().issues.map((issue) => issue.path)).toContain('signing.key');
    }
  });

  it('refuses a journal that ignores the signer instead of writing unsigned lines', async () => {
    const inner = memoryJournal();
    const ignoring: Journal = { ...inner, open: (runId, head) => inner.open(runId, head) };
    const { engine, cloud } = signingWorld({ journal: ignoring, signing: { key: 'a-long-enough-hmac-secret-0' } });
    cloud.clock.set(AFTER_DELETE_DATE);
    const run = await engine.plan().andThen((plan) => engine.apply(plan, { approve: () => true }));
    expect(run._unsafeUnwrapErr().message).toContain('sign');
    expect(cloud.calls.mutating()).toEqual([]);
  });
});
