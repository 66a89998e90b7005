import { type ActionRecord, createEngine, type RunReport } from '@decomkit/core';
import { restoreFakeCloud } from '@decomkit/fake';
import { describe, expect, it } from 'vitest';
import { retireInstancesChecklist } from '../../../examples/retire-instances-steps.js';
import { AFTER_DELETE_DATE, paymentsInstances, retireHarness } from './support/harness.js';

const recordsOf = (run: RunReport): ActionRecord[] =>
  run.items.flatMap((item) => item.steps.flatMap((step) => step.actions));
const keysOf = (run: RunReport, kind: string) =>
  recordsOf(run)
    .filter((record) => record.action.kind === kind)
    .map((record) => record.action.key);
const recordOf = (run: RunReport, key: string) => recordsOf(run).find((record) => record.action.key === key);

/** A planned run of three instances, started with `only: []`: nothing carried out yet. */
async function startedRun() {
  const harness = retireHarness({ source: { instances: paymentsInstances(3) } });
  harness.cloud.clock.set(AFTER_DELETE_DATE);
  const plan = (await harness.engine.plan())._unsafeUnwrap();
  const started = (await harness.engine.apply(plan, { only: [] }))._unsafeUnwrap();
  return { ...harness, plan, started };
}

describe('carrying out only some actions (`only`)', () => {
  it('starts a run with only: [] without touching a resource', async () => {
    const { started, cloud } = await startedRun();
    expect(started.status).toBe('waiting');
    expect(recordsOf(started).every((record) => record.status === 'pending')).toBe(true);
    expect(cloud.calls.mutating()).toEqual([]);
  });

  it('carries out the named action alone, and a step is verified once all its actions are done', async () => {
    const { started, engine, cloud } = await startedRun();
    const [first, ...others] = keysOf(started, 'backup.create');
    const one = (await engine.resume(started.runId, { only: [first as string] }))._unsafeUnwrap();
    expect(recordOf(one, first as string)?.status).toBe('done');
    for (const key of others) expect(recordOf(one, key)?.status).toBe('pending');
    expect(cloud.calls.mutating().map((call) => call.operation)).toEqual(['StartBackupJob']);
    expect(one.items.find((item) => item.item === 'backups')?.steps[0]?.status).toBe('pending');
    const rest = (await engine.resume(started.runId, { only: others }))._unsafeUnwrap();
    expect(rest.items.find((item) => item.item === 'backups')?.steps[0]?.status).toBe('verified');
  });

  it('leaves an action whose dependency a previous call has not done waiting, naming it', async () => {
    const { started, engine, cloud } = await startedRun();
    (await engine.resume(started.runId, { only: keysOf(started, 'backup.create') }))._unsafeUnwrap();
    const [deleteKey] = keysOf(started, 'resource.delete');
    const stopKey = recordOf(started, deleteKey as string)?.action.dependsOn[0] as string;
    expect(recordOf(started, stopKey)?.action.kind).toBe('resource.stop');
    const before = cloud.calls.mutating().length;
    const waiting = (
      await engine.resume(started.runId, { only: [deleteKey as string], approve: () => true })
    )._unsafeUnwrap();
    expect(recordOf(waiting, deleteKey as string)?.status).toBe('waiting');
    expect(recordOf(waiting, deleteKey as string)?.reason).toContain(stopKey);
    expect(cloud.calls.mutating().length).toBe(before);
    const stopped = (await engine.resume(started.runId, { only: [stopKey] }))._unsafeUnwrap();
    expect(recordOf(stopped, stopKey)?.status).toBe('done');
    const deleted = (
      await engine.resume(started.runId, { only: [deleteKey as string], approve: () => true })
    )._unsafeUnwrap();
    expect(recordOf(deleted, deleteKey as string)?.status).toBe('done');
    expect(cloud.calls.of('TerminateInstances')).toHaveLength(1);
  });

  it('reports the gate an action waits for', async () => {
    const harness = retireHarness({ source: { instances: paymentsInstances(1) } });
    const plan = (await harness.engine.plan())._unsafeUnwrap();
    const run = (await harness.engine.apply(plan))._unsafeUnwrap(); // before the dates: the gates wait
    const waiting = recordsOf(run).filter((record) => record.status === 'waiting' && record.gate !== null);
    expect(waiting.length).toBeGreaterThan(0);
    for (const record of waiting) expect(record.action.gates).toContainEqual(record.gate);
    expect(waiting.map((record) => record.gate?.kind)).toContain('notBefore');
    const done = recordsOf(run).filter((record) => record.status === 'done');
    for (const record of done) expect(record.gate).toBeNull();
  });

  it('refuses keys that are not actions of the run, naming them, and changes nothing', async () => {
    const { started, engine, journal } = await startedRun();
    const length = journal.records(started.runId).length;
    const refused = await engine.resume(started.runId, { only: ['ec2.stop:i-nope', 'x'] });
    expect(refused._unsafeUnwrapErr().code).toBe('InvalidInput');
    expect(refused._unsafeUnwrapErr().message).toContain('ec2.stop:i-nope');
    expect(refused._unsafeUnwrapErr().message).toContain('x');
    expect(journal.records(started.runId).length).toBe(length);
    const malformed = await engine.resume(started.runId, { only: 'all' as unknown as string[] });
    expect(malformed._unsafeUnwrapErr().code).toBe('InvalidInput');
    expect(malformed._unsafeUnwrapErr().message).toContain('only');
  });

  it('checks for new resources when it acts on none (only: []), not when it acts on some', async () => {
    const { started, cloud, journal, plan } = await startedRun();
    const state = cloud.snapshot();
    const model = state.instances[0];
    if (model === undefined) throw new Error('fixture');
    state.instances.push({ ...structuredClone(model), id: 'i-late', arn: model.arn.replace(/i-pay\d/, 'i-late') });
    const drifted = restoreFakeCloud(state);
    drifted.clock.set(AFTER_DELETE_DATE);
    const engine = createEngine({
      checklist: retireInstancesChecklist(plan.workload),
      providers: drifted.providers,
      journal,
    })._unsafeUnwrap();
    const [backup] = keysOf(started, 'backup.create');
    const acting = (await engine.resume(started.runId, { only: [backup as string] }))._unsafeUnwrap();
    expect(recordOf(acting, backup as string)?.status).toBe('done');
    expect(acting.drift).toEqual([]);
    const checking = (await engine.resume(started.runId, { only: [] }))._unsafeUnwrap();
    expect(checking.drift).toEqual(['arn:aws:ec2:eu-west-1:111122223333:instance/i-late']);
  });
});

describe('an approval not answered yet (`approve` returns undefined)', () => {
  it('journals nothing and leaves the gate waiting; a later answer is journaled and honoured', async () => {
    const { started, engine, journal, cloud } = await startedRun();
    const asked: string[] = [];
    const first = (
      await engine.resume(started.runId, {
        approve: (request) => {
          asked.push(request.name);
          return undefined;
        },
      })
    )._unsafeUnwrap();
    expect(asked).toEqual(['retire']);
    expect(journal.records(started.runId).filter((record) => record.entry.type.startsWith('approval.'))).toEqual([]);
    const deletes = recordsOf(first).filter((record) => record.action.kind === 'resource.delete');
    expect(deletes.every((record) => record.status === 'waiting')).toBe(true);
    expect(deletes.every((record) => record.gate?.kind === 'approval')).toBe(true);
    expect(deletes[0]?.reason).toContain('waits for approval "retire"');
    expect(cloud.calls.of('TerminateInstances')).toEqual([]);
    const second = (await engine.resume(started.runId, { approve: () => true }))._unsafeUnwrap();
    expect(second.approvals.map((approval) => approval.status)).toEqual(['granted']);
    expect(cloud.calls.of('TerminateInstances').length).toBeGreaterThan(0);
  });
});
