import { createEngine, decommissionChecklist, memoryJournal, type WorkloadException } from '@decomkit/core';
import { createFakeCloud, type FakeCloudSeed } from '@decomkit/fake';
import { describe, expect, it } from 'vitest';
import { standardSeed, standardWorkload } from './support/standard-world.js';

const NOW = '2026-12-16T00:00:00Z';
const GLUE_JOB = 'arn:aws:glue:eu-west-1:111122223333:job/payments-nightly';
const WEB2 = 'arn:aws:ec2:eu-west-1:111122223333:instance/i-web2';
const SHARED: WorkloadException = {
  arn: GLUE_JOB,
  reason: 'shared with the billing workload',
  approvedBy: 'jane@example.com',
};

/** The standard world with a resource no handler supports (a Glue job of the workload). */
function seed(): FakeCloudSeed {
  const base = standardSeed(NOW);
  return {
    ...base,
    source: {
      ...base.source,
      otherResources: [
        { type: 'AWS::Glue::Job', name: 'payments-nightly', arn: GLUE_JOB, tags: { workload: 'payments' } },
      ],
    },
  };
}

/** Plans and applies the standard checklist: everything settles, and the Glue job keeps "retire" open. */
async function appliedRun() {
  const cloud = createFakeCloud(seed());
  const journal = memoryJournal();
  const engine = createEngine({
    checklist: decommissionChecklist(standardWorkload()),
    providers: cloud.providers,
    journal,
  })._unsafeUnwrap();
  const plan = (await engine.plan())._unsafeUnwrap();
  const report = (await engine.apply(plan, { approve: () => true }))._unsafeUnwrap();
  const records = async () => (await journal.read(report.runId))._unsafeUnwrap();
  return { cloud, engine, journal, report, records };
}

const item = (
  report: { items: readonly { item: string; checked: boolean; reasons: readonly string[] }[] },
  id: string,
) => report.items.find((candidate) => candidate.item === id);

describe('exceptions recorded during a run', () => {
  it('accept the unhandled resource that kept the retire item open: resume checks it and lists the exception', async () => {
    const { engine, report, records } = await appliedRun();
    expect(item(report, 'retire')?.checked).toBe(false);
    expect(item(report, 'retire')?.reasons.join(' ')).toContain(GLUE_JOB);
    expect(report.excepted).toEqual([]);

    const resumed = (await engine.resume(report.runId, { approve: () => true, exceptions: [SHARED] }))._unsafeUnwrap();
    expect(item(resumed, 'retire')?.checked, item(resumed, 'retire')?.reasons.join('; ')).toBe(true);
    const kept = { ...SHARED, type: 'AWS::Glue::Job', dependsOn: [] };
    expect(resumed.excepted).toEqual([kept]);
    const retire = resumed.items.flatMap((entry) => entry.steps).find((step) => step.id === 'retire-resources');
    expect(retire?.evidence?.summary).toMatch(/1 kept on purpose \(workload exceptions\)$/);
    expect(retire?.evidence?.details).toMatchObject({ excepted: [{ arn: GLUE_JOB, reason: SHARED.reason }] });
    const recorded = (await records()).filter((record) => record.entry.type === 'exceptions.recorded');
    expect(recorded.map((record) => record.entry)).toEqual([{ type: 'exceptions.recorded', exceptions: [kept] }]);

    // Journaled once: a later resume without it, and the status a new reader rebuilds, still honour it.
    const again = (await engine.resume(report.runId, { approve: () => true }))._unsafeUnwrap();
    expect(item(again, 'retire')?.checked).toBe(true);
    expect((await engine.status(report.runId))._unsafeUnwrap().excepted).toEqual([kept]);
    const same = (await engine.resume(report.runId, { approve: () => true, exceptions: [SHARED] }))._unsafeUnwrap();
    expect(same.excepted).toEqual([kept]);
    expect((await records()).filter((record) => record.entry.type === 'exceptions.recorded')).toHaveLength(1);
  });

  it('accept every resource of a type the plan leaves alone when the exception names the type', async () => {
    const { engine, report } = await appliedRun();
    const byType = { type: 'AWS::Glue::Job', reason: 'kept for the legal hold', approvedBy: 'legal@example.com' };
    const resumed = (await engine.resume(report.runId, { exceptions: [byType] }))._unsafeUnwrap();
    expect(item(resumed, 'retire')?.checked).toBe(true);
    expect(resumed.excepted.map((kept) => [kept.arn, kept.reason])).toEqual([[GLUE_JOB, byType.reason]]);
  });

  it('refuse an exception for a resource the plan changes, and record nothing of the call', async () => {
    const { engine, report, records } = await appliedRun();
    const before = (await records()).length;
    const resumed = await engine.resume(report.runId, {
      exceptions: [SHARED, { arn: WEB2, reason: 'changed my mind', approvedBy: 'jane@example.com' }],
    });
    expect(resumed._unsafeUnwrapErr().code).toBe('InvalidInput');
    expect(resumed._unsafeUnwrapErr().message).toContain(
      `exceptions[1]: ${WEB2} has a planned change (retire-resources:`,
    );
    expect(resumed._unsafeUnwrapErr().message).toContain('re-plan with the exception in the workload');
    expect((await records()).length).toBe(before);
    expect(item((await engine.status(report.runId))._unsafeUnwrap(), 'retire')?.checked).toBe(false);
  });

  it('refuse an exception that names nothing in the run, such as a mistyped ARN', async () => {
    const { engine, report, records } = await appliedRun();
    const before = (await records()).length;
    const typo = `${GLUE_JOB}x`;
    const resumed = await engine.resume(report.runId, { exceptions: [{ ...SHARED, arn: typo }] });
    expect(resumed._unsafeUnwrapErr()).toMatchObject({
      code: 'InvalidInput',
      issues: [{ path: 'exceptions[0]', message: `${typo} names no resource in the inventory of run ${report.runId}` }],
    });
    expect((await records()).length).toBe(before);
  });

  it('refuse accepting a hidden dependent mid-run: it changes what the plan retires', async () => {
    const { engine, report, records } = await appliedRun();
    const before = (await records()).length;
    const dependent = 'arn:aws:route53:::hostedzone/Z1/recordset/api.example.com./A';
    const resumed = await engine.resume(report.runId, {
      exceptions: [{ dependent, reason: 'record retired too', approvedBy: 'dns-owner' }],
    });
    expect(resumed._unsafeUnwrapErr()).toMatchObject({
      code: 'InvalidInput',
      issues: [
        { path: 'exceptions[0].dependent', message: expect.stringContaining('put the exception in the workload') },
      ],
    });
    expect((await records()).length).toBe(before);
  });

  it('refuse a malformed exception by its field, before anything is read or written', async () => {
    const { engine, report, records } = await appliedRun();
    const before = (await records()).length;
    const resumed = await engine.resume(report.runId, {
      exceptions: [{ arn: GLUE_JOB, type: 'AWS::Glue::Job', reason: ' ', approvedBy: 'jane@example.com' }],
    });
    const error = resumed._unsafeUnwrapErr();
    expect(error.code).toBe('InvalidInput');
    expect(error.code === 'InvalidInput' && error.issues.map((issue) => issue.path)).toEqual(
      expect.arrayContaining(['exceptions.0.reason', 'exceptions.0']),
    );
    const notAList = await engine.resume(report.runId, { exceptions: 'all of them' as never });
    expect(notAList._unsafeUnwrapErr()).toMatchObject({
      code: 'InvalidInput',
      issues: [{ path: 'exceptions', message: expect.any(String) }],
    });
    expect((await records()).length).toBe(before);
  });
});
