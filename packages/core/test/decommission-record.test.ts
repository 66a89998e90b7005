import { createHash } from 'node:crypto';
import {
  createEngine,
  decommissionChecklist,
  decommissionRecordMarkdownName,
  decommissionRecordName,
  memoryJournal,
  publishDecommissionRecord,
} from '@decomkit/core';
import { createFakeCloud } from '@decomkit/fake';
import { describe, expect, it } from 'vitest';
import { standardSeedWithCis, standardWorkload } from './support/standard-world.js';

const approve = () => true;
const NOW = '2026-12-16T00:00:00Z';
const DB = 'arn:aws:rds:eu-west-1:111122223333:db:payments-db';

describe('the decommission record as Markdown', () => {
  it('is stored beside the JSON with its SHA-256: retirements with times and evidence, backups, CMDB changes, cost', async () => {
    const cloud = createFakeCloud(
      standardSeedWithCis(NOW, [
        { id: 'ci-aws-payments', name: 'payments (AWS)' },
        { id: 'ci-azure-payments', name: 'payments (Azure)' },
        { id: 'ci-db', name: 'payments-db', cloudIds: [DB] },
      ]),
    );
    const journal = memoryJournal();
    const engine = createEngine({
      checklist: decommissionChecklist(standardWorkload()),
      providers: cloud.providers,
      journal,
    })._unsafeUnwrap();
    const artifacts = cloud.providers.artifacts;
    const name = decommissionRecordMarkdownName('payments');
    expect(name).toBe(decommissionRecordName('payments').replace(/json$/, 'md'));

    const first = (await engine.plan().andThen((plan) => engine.apply(plan, { approve })))._unsafeUnwrap();
    // Clean-up waits for AWS Config: no record yet, and nothing stored.
    const early = await publishDecommissionRecord({ run: first, journal, artifacts });
    expect(early._unsafeUnwrapErr()).toMatchObject({ code: 'GateUnmet' });
    expect(early._unsafeUnwrapErr().message).toContain('Clean up artifacts');
    expect((await artifacts.get(name))._unsafeUnwrap()).toBeNull();

    cloud.clock.advance(3_600_000);
    const run = (await engine.resume(first.runId, { approve }))._unsafeUnwrap();
    const published = (await publishDecommissionRecord({ run, journal, artifacts }))._unsafeUnwrap();

    const bytes = (await artifacts.get(name))._unsafeUnwrap();
    expect(bytes).not.toBeNull();
    const hash = createHash('sha256')
      .update(bytes ?? new Uint8Array())
      .digest('hex');
    expect(published.sha256).toBe(hash);
    expect(published.markdown).toMatchObject({ name, sha256: hash, contentType: 'text/markdown; charset=utf-8' });
    const hashFile = (await artifacts.get(`${name}.sha256`))._unsafeUnwrap();
    expect(new TextDecoder().decode(hashFile ?? new Uint8Array())).toBe(`${hash}  decommission-record.md\n`);

    const markdown = new TextDecoder().decode(bytes ?? new Uint8Array());
    const records = journal.records(run.runId);
    const settledAt = (key: string) =>
      records.find(
        ({ entry }) => (entry.type === 'action.done' || entry.type === 'action.skipped') && entry.key === key,
      )?.at;
    const steps = run.items.flatMap((item) => item.steps);
    const actions = (stepId: string, kind: string) =>
      steps.find((step) => step.id === stepId)?.actions.filter((record) => record.action.kind === kind) ?? [];

    expect(markdown).toContain('# Decommission record: payments');
    expect(markdown).toContain(`| Run | ${run.runId} |`);
    expect(markdown).toContain(`| Plan hash (SHA-256) | ${run.planHash} |`);
    // Every resource retired, with the time its outcome was journaled and the provider's evidence
    // (those taken along by an Auto Scaling group or an instance are skipped: already gone).
    const deletes = actions('retire-resources', 'resource.delete');
    expect(deletes.filter((record) => record.status === 'done').length).toBeGreaterThan(3);
    for (const record of deletes) {
      const row = markdown.split('\n').find((line) => line.startsWith(`| ${record.action.target.ref} |`));
      const outcome = record.status === 'done' ? 'deleted' : record.status;
      expect(row, record.action.target.ref).toContain(`| ${outcome} | ${settledAt(record.action.key)} |`);
    }
    expect(markdown).toMatch(
      /\| arn:aws:ec2:eu-west-1:111122223333:instance\/i-web1 \| AWS::EC2::Instance \| deleted \| .* \| instanceId: i-web1/,
    );
    // Every final backup with its recovery point and retention.
    const backups = actions('final-backups', 'backup.create');
    expect(backups.length).toBeGreaterThan(0);
    for (const record of backups) {
      const point = String(record.result?.recoveryPointArn ?? record.result?.snapshotArn);
      expect(point).toMatch(/^arn:aws:/);
      expect(markdown).toContain(`| ${record.action.target.ref} | ${point} | COMPLETED | `);
    }
    expect(markdown).toMatch(/\| COMPLETED \| 3\d\d \|/);
    // The CMDB changes: the listed CI and the one found by the database's cloud id, each retired and related.
    expect(markdown).toContain('## CMDB changes');
    for (const ciId of ['ci-aws-payments', 'ci-db'])
      expect(markdown).toMatch(new RegExp(`\\| ${ciId} \\| Retired \\| ci-azure-payments \\| retired \\| 2026-`));
    expect(markdown).toContain(`CMDB CI ci-db (payments-db) carries the cloud id ${DB}`);
    // The cost figure the clean-up step read, and the JSON record's hash.
    const cost = steps.find((step) => step.id === 'clean-up-artifacts')?.evidence?.details.cost as {
      amount: number;
      currency: string;
    };
    expect(markdown).toContain(`: ${cost.amount} ${cost.currency}.`);
    const json = actions('clean-up-artifacts', 'artifact.put')[0];
    expect(markdown).toContain(`${decommissionRecordName('payments')}: SHA-256 ${json?.result?.sha256}`);

    // Publishing again renders the same bytes (a store that never overwrites accepts them).
    const again = (await publishDecommissionRecord({ run, journal, artifacts }))._unsafeUnwrap();
    expect(again.sha256).toBe(hash);
  });
});
