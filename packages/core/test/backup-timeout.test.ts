import { createEngine, type EngineEvent, memoryJournal, type RunReport } from '@decomkit/core';
import { idempotencyToken } from '@decomkit/core/provider-kit';
import { createFakeCloud, type FakeCloud } from '@decomkit/fake';
import { describe, expect, it } from 'vitest';
import { retireInstancesChecklist } from '../../../examples/retire-instances-steps.js';
import { paymentsInstances } from './support/harness.js';
import { paymentsWorkload } from './support/workloads.js';

const START = '2026-11-20T00:00:00.000Z';
const HOUR = 3_600_000;
/** A backup job that never completes within any test. */
const NEVER = 1_000_000_000;

function harness(backupMinutes: number, onEvent: (event: EngineEvent, cloud: FakeCloud) => void = () => {}) {
  const cloud = createFakeCloud({ now: START, backupMinutes, source: { instances: paymentsInstances(1) } });
  const engine = createEngine({
    checklist: retireInstancesChecklist(paymentsWorkload()),
    providers: cloud.providers,
    journal: memoryJournal(),
    onEvent: (event) => onEvent(event, cloud),
  })._unsafeUnwrap();
  return { cloud, engine };
}

/** Aborts a run that would otherwise poll for ever (the code before `timeoutHours`), so the test fails instead of hanging. */
function stopRunaway(): AbortSignal {
  return AbortSignal.timeout(20_000);
}

function backupAction(run: RunReport) {
  return run.items
    .flatMap((item) => item.steps.flatMap((step) => step.actions))
    .find((record) => record.action.kind === 'backup.create');
}

describe('backups.timeoutHours', () => {
  it('defaults to 24 and is validated', () => {
    expect(paymentsWorkload().backups.timeoutHours).toBe(24);
    expect(paymentsWorkload({ backups: { vault: 'v', retainDays: 30, timeoutHours: 6 } }).backups.timeoutHours).toBe(6);
  });

  it('a backup that never completes fails TimedOut 24 h after its intent, after a bounded number of polls', async () => {
    const { cloud, engine } = harness(NEVER);
    const plan = (await engine.plan())._unsafeUnwrap();
    const run = (await engine.apply(plan, { signal: stopRunaway() }))._unsafeUnwrap();
    const backup = backupAction(run);
    expect(backup?.status).toBe('failed');
    expect(backup?.reason).toMatch(/^TimedOut: backup\.create of .* did not finish within 24 h of its start/);
    expect(cloud.clock.now().getTime() - Date.parse(START)).toBeLessThanOrEqual(24 * HOUR + 60_000);
    // One poll a minute for a day, not 147,742.
    expect(cloud.calls.of('DescribeBackupJob').length).toBeLessThanOrEqual(24 * 60 + 1);
    expect(run.items.find((item) => item.item === 'backups')?.checked).toBe(false);
  });

  it('counts the 24 h from the journaled intent, across a resume', async () => {
    let aborted = false;
    let runId = '';
    const controller = new AbortController();
    const { cloud, engine } = harness(NEVER, (event) => {
      if (event.type === 'run.started') runId = event.runId;
      if (event.type === 'action.checkpoint' && !aborted) {
        aborted = true;
        controller.abort(); // cancelled right after the job started: the intent is journaled
      }
    });
    const plan = (await engine.plan())._unsafeUnwrap();
    const first = await engine.apply(plan, { signal: controller.signal });
    expect(first.isErr() && first.error.code).toBe('Cancelled');
    cloud.clock.set(new Date(Date.parse(START) + 23 * HOUR));
    const polledBefore = cloud.calls.of('DescribeBackupJob').length;
    const resumed = (await engine.resume(runId, { signal: stopRunaway() }))._unsafeUnwrap();
    expect(backupAction(resumed)?.reason).toMatch(/^TimedOut: /);
    expect(cloud.clock.now().getTime() - Date.parse(START)).toBeLessThanOrEqual(24 * HOUR + 60_000);
    expect(cloud.calls.of('DescribeBackupJob').length - polledBefore).toBeLessThanOrEqual(61);
  });

  it('after a FAILED job, resume starts a new job with a new idempotency token and completes', async () => {
    const { cloud, engine } = harness(10, (event, world) => {
      if (event.type === 'action.checkpoint' && world.source.backupJobs().length === 1) {
        for (const job of world.source.backupJobs()) world.aws.backup.failJob(job.id);
      }
    });
    const plan = (await engine.plan())._unsafeUnwrap();
    const first = (await engine.apply(plan, { signal: stopRunaway() }))._unsafeUnwrap();
    expect(backupAction(first)?.status).toBe('failed');
    expect(backupAction(first)?.reason).toMatch(/failed/);
    const key = backupAction(first)?.action.key ?? '';

    const resumed = (await engine.resume(first.runId, { signal: stopRunaway() }))._unsafeUnwrap();
    expect(backupAction(resumed)?.status).toBe('done');
    const jobs = cloud.source.backupJobs();
    expect(jobs.map((job) => job.state)).toEqual(['FAILED', 'COMPLETED']);
    expect(jobs[0]?.idempotencyToken).toBe(idempotencyToken(key));
    expect(jobs[1]?.idempotencyToken).not.toBe(jobs[0]?.idempotencyToken);
    expect(jobs[1]?.idempotencyToken).toBe(idempotencyToken(key, 2));
  });
});
