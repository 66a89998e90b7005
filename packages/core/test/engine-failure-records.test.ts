import { decomError, jsonReport, type RunReport } from '@decomkit/core';
import { describe, expect, it } from 'vitest';
import { journaledError } from '../src/journal/journaled-error.js';
import { AFTER_DELETE_DATE, paymentsInstances, retireHarness } from './support/harness.js';

const approve = () => true;
const instanceArn = (id: string) => `arn:aws:ec2:eu-west-1:111122223333:instance/${id}`;

const deleteRecordOf = (run: RunReport) =>
  run.items
    .flatMap((item) => item.steps.flatMap((step) => step.actions))
    .find((record) => record.action.kind === 'resource.delete');

describe('failed actions carry their typed error', () => {
  it('a permanent provider error reaches the report, the JSON report and a replay as error.code', async () => {
    const { engine, cloud, journal } = retireHarness({ source: { instances: paymentsInstances(1) } });
    cloud.clock.set(AFTER_DELETE_DATE);
    cloud.faults.inject({ operation: 'TerminateInstances', error: 'access-denied' });
    const run = (await engine.plan().andThen((plan) => engine.apply(plan, { approve })))._unsafeUnwrap();
    expect(run.status).toBe('failed');
    const failed = deleteRecordOf(run);
    expect(failed?.status).toBe('failed');
    expect(failed?.error?.code).toBe('AccessDenied');
    expect(failed?.error?.message).toContain('i-pay0');
    expect(failed?.reason).toBe(`AccessDenied: ${failed?.error?.message}`);
    // Not retryable: one call.
    expect(failed?.attempts).toBe(1);

    const entry = journal.records(run.runId).find((record) => record.entry.type === 'action.failed')?.entry;
    expect(entry).toMatchObject({ code: 'AccessDenied', calls: 1, error: { code: 'AccessDenied' } });
    expect(entry !== undefined && 'error' in entry && entry.error !== undefined && 'cause' in entry.error).toBe(false);

    const report = JSON.parse(JSON.stringify(jsonReport(run, new Date(0))));
    expect(deleteRecordOf(report.run)?.error?.code).toBe('AccessDenied');
    const replayed = (await engine.status(run.runId))._unsafeUnwrap();
    expect(deleteRecordOf(replayed)?.error).toEqual(failed?.error);
  });

  it('a failed action that succeeds on resume has no error left', async () => {
    const { engine, cloud } = retireHarness({ source: { instances: paymentsInstances(1) } });
    cloud.clock.set(AFTER_DELETE_DATE);
    const removeFault = cloud.faults.inject({ operation: 'TerminateInstances', error: 'access-denied' });
    const run = (await engine.plan().andThen((plan) => engine.apply(plan, { approve })))._unsafeUnwrap();
    expect(deleteRecordOf(run)?.error?.code).toBe('AccessDenied');
    removeFault();
    const resumed = (await engine.resume(run.runId, { approve }))._unsafeUnwrap();
    expect(resumed.status).toBe('completed');
    expect(deleteRecordOf(resumed)?.error).toBeNull();
  });

  it('journals an error without its cause, and with every field needed to rebuild it', () => {
    const circular: Record<string, unknown> = { big: 10n };
    circular.self = circular;
    const error = decomError.providerFailure({
      message: `TerminateInstances failed for ${instanceArn('i-1')}`,
      retryable: false,
      resource: instanceArn('i-1'),
      cause: circular,
    });
    const journaled = journaledError(error);
    expect(journaled).toEqual({
      code: 'ProviderFailure',
      message: error.message,
      retryable: false,
      resource: instanceArn('i-1'),
    });
    expect(JSON.parse(JSON.stringify(journaled))).toEqual(journaled);
    const invalid = journaledError(decomError.invalidInput('bad', [{ path: 'a.b', message: 'wrong' }], new Error('x')));
    expect(invalid).toEqual({ code: 'InvalidInput', message: 'bad', issues: [{ path: 'a.b', message: 'wrong' }] });
    expect(journaledError(decomError.guardRefused({ message: 'no', guard: 'account' }))).toEqual({
      code: 'GuardRefused',
      message: 'no',
      guard: 'account',
    });
  });
});

describe('attempts count provider calls', () => {
  it('a transient error retried twice, then success, gives attempts 3, journaled and replayed', async () => {
    const { engine, cloud, journal } = retireHarness({ source: { instances: paymentsInstances(1) } });
    cloud.clock.set(AFTER_DELETE_DATE);
    cloud.faults.inject({ operation: 'TerminateInstances', error: 'server-error', times: 2 });
    const run = (await engine.plan().andThen((plan) => engine.apply(plan, { approve })))._unsafeUnwrap();
    expect(run.status).toBe('completed');
    expect(cloud.calls.of('TerminateInstances')).toHaveLength(3);
    expect(deleteRecordOf(run)?.attempts).toBe(3);
    const done = journal
      .records(run.runId)
      .map((record) => record.entry)
      .find((entry) => entry.type === 'action.done' && entry.key === deleteRecordOf(run)?.action.key);
    expect(done).toMatchObject({ calls: 3 });
    expect(deleteRecordOf((await engine.status(run.runId))._unsafeUnwrap())?.attempts).toBe(3);
  });

  it('counts the calls of every session: five failed calls, then a reconcile and one more call on resume', async () => {
    const { engine, cloud } = retireHarness({ source: { instances: paymentsInstances(1) } });
    cloud.clock.set(AFTER_DELETE_DATE);
    const removeFault = cloud.faults.inject({ operation: 'TerminateInstances', error: 'server-error' });
    const first = (await engine.plan().andThen((plan) => engine.apply(plan, { approve })))._unsafeUnwrap();
    expect(deleteRecordOf(first)?.attempts).toBe(5);
    expect(deleteRecordOf(first)?.error).toMatchObject({ code: 'ProviderFailure', retryable: true });
    removeFault();
    const second = (await engine.resume(first.runId, { approve }))._unsafeUnwrap();
    expect(second.status).toBe('completed');
    expect(deleteRecordOf(second)?.attempts).toBe(7);
  });
});
