import {
  createEngine,
  decommissionChecklist,
  decommissionRecordMarkdownName,
  memoryJournal,
  publishDecommissionRecord,
} from '@decomkit/core';
import { createFakeCloud } from '@decomkit/fake';
import { describe, expect, it } from 'vitest';
import { standardSeed, standardWorkload } from '../../core/test/support/standard-world.js';
import { ci, cmdbOn, instancesClosedAfterEach, LEGACY_CHOICES } from './support/instances.js';

const start = instancesClosedAfterEach();
const NOW = '2026-12-16T00:00:00Z';
const approve = () => true;

/** A CI Cloud Discovery created: the cloud id in `correlation_id` (the ARN) and `object_id`. */
const discovered = (sysId: string, name: string, arn: string) => ({
  ...ci(sysId, name),
  object_id: arn.split('/').at(-1) ?? '',
  correlation_id: arn,
});

describe('the standard checklist with serviceNowCmdb', () => {
  it('retires the listed CI and the CI Cloud Discovery recorded for a deleted resource, nothing else; the record shows both', async () => {
    const instance = await start(LEGACY_CHOICES, {
      cis: [
        ci('ci-aws-payments', 'payments (AWS)'),
        ci('ci-azure-payments', 'payments (Azure)'),
        discovered('ci-db', 'payments-db', 'arn:aws:rds:eu-west-1:111122223333:db:payments-db'),
        // The billing workload's instance, not in scope: its CI is never touched.
        discovered('ci-billing', 'billing', 'arn:aws:ec2:eu-west-1:111122223333:instance/i-billing'),
      ],
    });
    const cloud = createFakeCloud(standardSeed(NOW));
    const journal = memoryJournal();
    const providers = { ...cloud.providers, cmdb: cmdbOn(instance) };
    const engine = createEngine({ checklist: decommissionChecklist(standardWorkload()), providers, journal });
    const ready = engine._unsafeUnwrap();
    const plan = (await ready.plan())._unsafeUnwrap();
    expect(instance.writes()).toEqual([]);
    const first = (await ready.apply(plan, { approve }))._unsafeUnwrap();
    cloud.clock.advance(3_600_000);
    const run = (await ready.resume(first.runId, { approve }))._unsafeUnwrap();
    const cleanUp = run.items.flatMap((item) => item.steps).find((step) => step.id === 'clean-up-artifacts');
    expect(cleanUp?.status).toBe('verified');

    const patched = instance.writes().filter((write) => write.method === 'PATCH');
    expect(patched.map((write) => write.path.split('/').at(-1)).sort()).toEqual(['ci-aws-payments', 'ci-db']);
    const row = (id: string) => instance.tables.cmdb_ci?.find((candidate) => candidate.sys_id === id);
    expect(row('ci-db')?.install_status).toBe('7');
    expect(row('ci-billing')?.install_status).toBe('1');
    expect(row('ci-azure-payments')?.install_status).toBe('1');
    const notes = (instance.tables.sys_journal_field ?? []).map((note) => note.value ?? '');
    expect(notes).toHaveLength(2);
    for (const note of notes) expect(note).toContain(`Run: ${run.runId}.`);

    const published = (
      await publishDecommissionRecord({ run, journal, artifacts: cloud.providers.artifacts })
    )._unsafeUnwrap();
    const markdown = new TextDecoder().decode(
      (await cloud.providers.artifacts.get(decommissionRecordMarkdownName('payments')))._unsafeUnwrap() ??
        new Uint8Array(),
    );
    expect(published.markdown.name).toBe('decomkit/payments/decommission-record.md');
    expect(markdown).toMatch(/\| ci-db \| Retired \/ Retired \| ci-azure-payments \| retired \| 2026-/);
    expect(markdown).not.toContain('ci-billing');
  });
});
