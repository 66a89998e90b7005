import {
  createEngine,
  decommissionChecklist,
  type Gate,
  memoryJournal,
  type Plan,
  verifyJournal,
  type Workload,
} from '@decomkit/core';
import { createFakeCloud } from '@decomkit/fake';
import { describe, expect, it } from 'vitest';
import { AFTER_DELETE_DATE, paymentsInstances, retireHarness } from './support/harness.js';
import { instanceArn, recordsOf, rehashed, withoutBackupsOrGates, withoutGates } from './support/plan-edits.js';
import { standardSeed, standardWorkload } from './support/standard-world.js';
import { paymentsWorkload } from './support/workloads.js';

// An operator who can edit a saved plan recomputes its unkeyed SHA-256 (`planHash`), so the hash
// proves nothing against them. These tests edit plans that way and check that the engine still
// enforces DESIGN section 6 from the workload and the resource types: backups, dates, approval.

const approve = () => true;

describe('the engine enforces the safety rules whatever the plan says', () => {
  it('a plan stripped of its backups and gates, re-hashed, deletes nothing without a backup', async () => {
    const { engine, cloud } = retireHarness({ source: { instances: paymentsInstances(2) } });
    cloud.clock.set(AFTER_DELETE_DATE);
    const plan = rehashed((await engine.plan())._unsafeUnwrap(), withoutBackupsOrGates);
    const run = (await engine.apply(plan, { approve }))._unsafeUnwrap();
    expect(cloud.calls.of('TerminateInstances')).toEqual([]);
    expect(cloud.source.instances().some((instance) => instance.state === 'terminated')).toBe(false);
    const deletes = recordsOf(run, 'resource.delete');
    expect(deletes.map((record) => record.status)).toEqual(['waiting', 'waiting']);
    for (const record of deletes) {
      expect(record.reason).toMatch(/backup/);
      expect(record.reason).toContain(record.action.target.arn);
    }
    expect(run.status).toBe('waiting');
  });

  it('honours a workload that waives backups of a type, even for a stripped plan', async () => {
    const workload = paymentsWorkload({ policies: { 'AWS::EC2::Instance': { backup: 'none' } } });
    const { engine, cloud } = retireHarness({ source: { instances: paymentsInstances(1) } }, workload);
    cloud.clock.set(AFTER_DELETE_DATE);
    const plan = rehashed((await engine.plan())._unsafeUnwrap(), withoutBackupsOrGates);
    const run = (await engine.apply(plan, { approve }))._unsafeUnwrap();
    expect(run.status).toBe('completed');
    expect(cloud.source.instance('i-pay0').state).toBe('terminated');
  });

  it('a plan stripped of its gates stops nothing before stopAt, deletes nothing before deleteAt or without approval', async () => {
    const { engine, cloud } = retireHarness({ source: { instances: paymentsInstances(1) } });
    const plan = rehashed((await engine.plan())._unsafeUnwrap(), withoutGates);
    // The fake clock starts on 2026-11-01, before stopAt (2026-12-01).
    const early = (await engine.apply(plan, { approve }))._unsafeUnwrap();
    expect(recordsOf(early, 'resource.stop')[0]?.reason).toBe('waits until 2026-12-01');
    expect(cloud.calls.of('StopInstances')).toEqual([]);

    cloud.clock.set('2026-12-02T00:00:00Z');
    const stopped = (await engine.resume(early.runId, { approve }))._unsafeUnwrap();
    expect(cloud.source.instance('i-pay0').state).toBe('stopped');
    expect(recordsOf(stopped, 'resource.delete')[0]?.reason).toBe('waits until 2026-12-15');

    cloud.clock.set(AFTER_DELETE_DATE);
    const unattended = (await engine.resume(early.runId))._unsafeUnwrap();
    expect(recordsOf(unattended, 'resource.delete')[0]?.reason).toBe('waits for approval "retire"');
    expect(cloud.calls.of('TerminateInstances')).toEqual([]);

    const approved = (await engine.resume(early.runId, { approve }))._unsafeUnwrap();
    expect(approved.status).toBe('completed');
    expect(cloud.source.instance('i-pay0').state).toBe('terminated');
  });

  it('the standard checklist, stripped and re-hashed, touches nothing before the cutover and deletes no data without its backup', async () => {
    // The source still serves traffic: the cutover cannot be verified.
    const busy = createFakeCloud(standardSeed(AFTER_DELETE_DATE, 250));
    const busyEngine = createEngine({
      checklist: decommissionChecklist(standardWorkload()),
      providers: busy.providers,
      journal: memoryJournal(),
    })._unsafeUnwrap();
    const busyPlan = rehashed((await busyEngine.plan())._unsafeUnwrap(), withoutBackupsOrGates);
    const waiting = (await busyEngine.apply(busyPlan, { approve }))._unsafeUnwrap();
    const retirement = ['StopInstances', 'TerminateInstances', 'DeleteDBInstance', 'DeleteAutoScalingGroup'];
    expect(busy.calls.mutating().filter((call) => retirement.includes(call.operation))).toEqual([]);
    expect(recordsOf(waiting, 'resource.stop')[0]?.reason).toBe('waits for the cutover item to be verified');

    // The cutover holds, the dates have passed, approval is given: data-holding resources still wait for backups.
    const idle = createFakeCloud(standardSeed(AFTER_DELETE_DATE));
    const idleEngine = createEngine({
      checklist: decommissionChecklist(standardWorkload()),
      providers: idle.providers,
      journal: memoryJournal(),
    })._unsafeUnwrap();
    const idlePlan = rehashed((await idleEngine.plan())._unsafeUnwrap(), withoutBackupsOrGates);
    const run = (await idleEngine.apply(idlePlan, { approve }))._unsafeUnwrap();
    expect(idle.calls.of('TerminateInstances')).toEqual([]);
    expect(idle.calls.of('DeleteDBInstance')).toEqual([]);
    expect(idle.calls.of('DeleteAutoScalingGroup')).toEqual([]);
    const dataDeletes = recordsOf(run, 'resource.delete').filter((record) =>
      ['AWS::EC2::Instance', 'AWS::EC2::Volume', 'AWS::RDS::DBInstance', 'AWS::AutoScaling::AutoScalingGroup'].includes(
        record.action.target.resourceType ?? '',
      ),
    );
    expect(dataDeletes.length).toBeGreaterThan(0);
    for (const record of dataDeletes) expect(record.reason ?? '').toMatch(/backup|waits for .*resource\.delete/);
    expect(dataDeletes.some((record) => record.reason?.includes('backup'))).toBe(true);
  });

  it('refuses a plan whose steps claim other checklist items (the cutover gate reads them)', async () => {
    const cloud = createFakeCloud(standardSeed(AFTER_DELETE_DATE, 250));
    const engine = createEngine({
      checklist: decommissionChecklist(standardWorkload()),
      providers: cloud.providers,
      journal: memoryJournal(),
    })._unsafeUnwrap();
    // The cutover steps relabelled, and a step that verifies on its own labelled "cutover" instead.
    const plan = rehashed((await engine.plan())._unsafeUnwrap(), (step) => ({
      ...step,
      item: step.item === 'cutover' ? 'ttl' : step.id === 'export-assessment' ? 'cutover' : step.item,
    }));
    const run = await engine.apply(plan, { approve });
    expect(run._unsafeUnwrapErr().code).toBe('InvalidInput');
    expect(run._unsafeUnwrapErr().message).toContain('checklist');
    expect(cloud.calls.mutating()).toEqual([]);
  });

  it('refuses a plan holding a gate of no known kind or shape', async () => {
    const { engine, cloud } = retireHarness({ source: { instances: paymentsInstances(1) } });
    cloud.clock.set(AFTER_DELETE_DATE);
    const honest = (await engine.plan())._unsafeUnwrap();
    for (const forged of [{ kind: 'always' }, { kind: 'notBefore', date: 'someday' }, { kind: 'approval' }]) {
      const plan = rehashed(honest, (step) => ({
        ...step,
        actions: step.actions.map((action) => ({ ...action, gates: [forged as Gate] })),
      }));
      const run = await engine.apply(plan, { approve });
      expect(run._unsafeUnwrapErr().code).toBe('InvalidInput');
      expect(run._unsafeUnwrapErr().message).toContain('no known kind or shape');
    }
    expect(cloud.calls.mutating()).toEqual([]);
  });

  it('a forged, re-chained approval does not make a stripped plan delete without a backup', async () => {
    const { engine, cloud, journal } = retireHarness({ source: { instances: paymentsInstances(1) } });
    cloud.clock.set(AFTER_DELETE_DATE);
    // Backups and backup gates removed; the dates and the approval gate left in place.
    const plan = rehashed((await engine.plan())._unsafeUnwrap(), (step) => ({
      ...step,
      actions: step.actions
        .filter((action) => action.kind !== 'backup.create')
        .map((action) => ({ ...action, gates: action.gates.filter((each) => each.kind !== 'backupCompleted') })),
    }));
    const first = (await engine.apply(plan))._unsafeUnwrap();
    expect(cloud.calls.of('TerminateInstances')).toEqual([]);

    // Whoever can write the journal appends `approval.granted`, chained onto the last record.
    const records = journal.records(first.runId);
    const last = records[records.length - 1];
    if (last === undefined) throw new Error('fixture: an empty journal');
    const writer = (await journal.open(first.runId, { seq: last.seq, hash: last.hash }))._unsafeUnwrap();
    (await writer.append({ type: 'approval.granted', name: 'retire' }, cloud.clock.now()))._unsafeUnwrap();
    (await writer.close())._unsafeUnwrap(); // lets go of the run's lease
    // Without a key, the chain cannot tell: the forged line verifies. (With `signing: { key }`, item 4 of
    // issue 9, it would not.) What still holds without a key: no deletion without the backup.
    expect(verifyJournal(journal.records(first.runId)).isOk()).toBe(true);

    const resumed = (await engine.resume(first.runId))._unsafeUnwrap();
    expect(cloud.calls.of('TerminateInstances')).toEqual([]);
    expect(cloud.source.instance('i-pay0').state).not.toBe('terminated');
    expect(recordsOf(resumed, 'resource.delete')[0]?.reason).toContain(`backup of ${instanceArn('i-pay0')}`);
    // Not covered here: a backup's `action.failed` rewritten into `action.done` is caught only when the
    // backup gate re-checks the recovery point with the cloud (item 1 of issue 9), not by these gates.
  });

  it('refuses a plan that passes a data-holding resource off as another type', async () => {
    const { engine, cloud } = retireHarness({ source: { instances: paymentsInstances(1) } });
    cloud.clock.set(AFTER_DELETE_DATE);
    // The instance passed off as a security group, a type that needs no backup.
    const honest = (await engine.plan())._unsafeUnwrap();
    const disguised = {
      ...honest,
      inventory: honest.inventory.map((resource) => ({ ...resource, type: 'AWS::EC2::SecurityGroup' })),
    };
    const plan = rehashed(disguised as Plan, (step) => {
      const stripped = withoutBackupsOrGates(step);
      return {
        ...stripped,
        actions: stripped.actions.map((action) => ({
          ...action,
          target: { ...action.target, resourceType: 'AWS::EC2::SecurityGroup' },
        })),
      };
    });
    const run = await engine.apply(plan, { approve });
    expect(run._unsafeUnwrapErr().code).toBe('InvalidInput');
    expect(run._unsafeUnwrapErr().message).toContain(
      `${instanceArn('i-pay0')} is a AWS::EC2::Instance by its ARN, not the AWS::EC2::SecurityGroup`,
    );
    expect(cloud.calls.mutating()).toEqual([]);
  });
  it('a delete given emptyContents the workload does not give, re-hashed, is refused and empties nothing', async () => {
    const workload = paymentsWorkload({ policies: { 'AWS::EC2::Instance': { backup: 'none' } } });
    const { engine, cloud } = retireHarness({ source: { instances: paymentsInstances(1) } }, workload);
    cloud.clock.set(AFTER_DELETE_DATE);
    const honest = (await engine.plan())._unsafeUnwrap();
    const deletes = honest.steps.flatMap((step) => step.actions).filter((action) => action.kind === 'resource.delete');
    expect(deletes.map((action) => action.params.emptyContents)).toEqual([undefined]);
    const forged = rehashed(honest, (step) => ({
      ...step,
      actions: step.actions.map((action) =>
        action.kind === 'resource.delete'
          ? { ...action, params: { ...action.params, emptyContents: 'delete-versions' } }
          : action,
      ),
    }));
    const run = (await engine.apply(forged, { approve }))._unsafeUnwrap();
    const [refused] = recordsOf(run, 'resource.delete');
    expect(refused?.status).toBe('refused');
    expect(refused?.reason).toContain('policies["AWS::EC2::Instance"].emptyContents');
    expect(cloud.calls.of('TerminateInstances')).toEqual([]);
    expect(cloud.source.instance('i-pay0').state).not.toBe('terminated');
  });

  it('plans a bucket emptied only where the policy for its type says so, never waiving its backup', async () => {
    const seed = standardSeed(AFTER_DELETE_DATE);
    const withBucket = {
      ...seed,
      source: { ...seed.source, buckets: [{ bucketName: 'payments-exports', tags: { workload: 'payments' } }] },
    };
    const bucketDelete = async (policies: Workload['policies']) => {
      const cloud = createFakeCloud(withBucket);
      const engine = createEngine({
        checklist: decommissionChecklist({
          ...standardWorkload(),
          policies: { ...standardWorkload().policies, ...policies },
        }),
        providers: cloud.providers,
        journal: memoryJournal(),
      })._unsafeUnwrap();
      const plan = (await engine.plan())._unsafeUnwrap();
      return plan.steps
        .flatMap((step) => step.actions)
        .find((action) => action.kind === 'resource.delete' && action.target.arn === 'arn:aws:s3:::payments-exports');
    };
    expect((await bucketDelete({}))?.params.emptyContents).toBeUndefined();
    const opted = await bucketDelete({
      'AWS::S3::Bucket': { backup: 'required', liftProtection: false, emptyContents: 'expire-by-lifecycle' },
    });
    expect(opted?.params.emptyContents).toBe('expire-by-lifecycle');
    // Emptying never waives the backup: the delete still waits for the bucket's completed recovery point.
    expect(opted?.gates).toContainEqual({ kind: 'backupCompleted', arn: 'arn:aws:s3:::payments-exports' });
  });
});
