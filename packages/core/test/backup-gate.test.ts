import { createEngine, decommissionChecklist, gate, memoryJournal, type Plan, type RunReport } from '@decomkit/core';
import { createFakeCloud, type FakeCloud, type FakeCloudSeed } from '@decomkit/fake';
import { describe, expect, it } from 'vitest';
import { firstUnmetGate } from '../src/engine/gates.js';
import { newRunState } from '../src/engine/run-state.js';
import { standardSeed, standardWorkload } from './support/standard-world.js';

const approve = () => true;
/** Before the delete date: backups are taken, deletions wait for 2026-12-15. */
const BEFORE_DELETE = '2026-12-10T00:00:00Z';
const AFTER_DELETE = '2026-12-16T00:00:00Z';
const TABLE = 'arn:aws:dynamodb:eu-west-1:111122223333:table/orders';

/** The standard world plus a DynamoDB table of the workload. */
function seedWithTable(now: string): FakeCloudSeed {
  const seed = standardSeed(now);
  return { ...seed, source: { ...seed.source, tables: [{ tableName: 'orders', tags: { workload: 'payments' } }] } };
}

/** Applies the standard checklist before the delete date: every backup COMPLETED, every deletion waiting. */
async function backedUpRun(seed: FakeCloudSeed = seedWithTable(BEFORE_DELETE)) {
  const cloud = createFakeCloud(seed);
  const engine = createEngine({
    checklist: decommissionChecklist(standardWorkload()),
    providers: cloud.providers,
    journal: memoryJournal(),
  })._unsafeUnwrap();
  const plan = (await engine.plan())._unsafeUnwrap();
  const first = (await engine.apply(plan, { approve }))._unsafeUnwrap();
  expect(first.status).toBe('waiting');
  const backups = actions(first, 'backup.create');
  expect(backups.length).toBeGreaterThan(0);
  expect(backups.every((record) => record.status === 'done')).toBe(true);
  return { cloud, engine, plan, first };
}

function actions(run: RunReport, kind: string) {
  return run.items
    .flatMap((item) => item.steps.flatMap((step) => step.actions))
    .filter((record) => record.action.kind === kind);
}

function deleteOf(run: RunReport, arn: string) {
  return actions(run, 'resource.delete').find((record) => record.action.target.arn === arn);
}

function deleteCalls(cloud: FakeCloud): number {
  return ['TerminateInstances', 'DeleteDBInstance', 'DeleteTable', 'DeleteVolume', 'DeleteAutoScalingGroup']
    .map((operation) => cloud.calls.of(operation).length)
    .reduce((sum, count) => sum + count, 0);
}

describe('the backup gate asks the cloud again just before each deletion', () => {
  it('recovery points deleted after the backups completed: resume deletes nothing and says why', async () => {
    const { cloud, engine, first } = await backedUpRun();
    for (const point of cloud.source.recoveryPoints()) {
      (await cloud.aws.backup.deleteRecoveryPoint(point.arn))._unsafeUnwrap();
    }
    cloud.clock.set(AFTER_DELETE);
    const resumed = (await engine.resume(first.runId, { approve }))._unsafeUnwrap();
    expect(resumed.status).toBe('waiting');
    expect(deleteCalls(cloud)).toBe(0);
    expect(cloud.source.instance('i-web1').state).not.toBe('terminated');
    expect(deleteOf(resumed, TABLE)?.status).toBe('waiting');
    expect(deleteOf(resumed, TABLE)?.reason).toBe(`waits for a completed backup of ${TABLE}`);
  });

  it('AccessDenied on ListRecoveryPointsByResource: the gate is unmet, nothing is deleted, the run does not fail', async () => {
    const { cloud, engine, first } = await backedUpRun();
    cloud.faults.inject({ service: 'backup', operation: 'ListRecoveryPointsByResource', error: 'access-denied' });
    cloud.clock.set(AFTER_DELETE);
    const resumed = (await engine.resume(first.runId, { approve }))._unsafeUnwrap();
    expect(resumed.status).toBe('waiting');
    expect(deleteCalls(cloud)).toBe(0);
    expect(deleteOf(resumed, TABLE)?.reason).toMatch(
      new RegExp(`^waits for a completed backup of ${TABLE}: its recovery points cannot be read \\(AccessDenied`),
    );
  });

  it('a table re-created under the same name after its backup: the new table is not deleted', async () => {
    const { cloud, engine, first } = await backedUpRun();
    (await cloud.aws.dynamodb.deleteTable('eu-west-1', 'orders'))._unsafeUnwrap();
    cloud.clock.advance(10 * 60_000); // DELETING, then gone
    (await cloud.aws.dynamodb.createTable('eu-west-1', 'orders', { workload: 'payments' }))._unsafeUnwrap();
    cloud.clock.set(AFTER_DELETE);
    const resumed = (await engine.resume(first.runId, { approve }))._unsafeUnwrap();
    expect(cloud.calls.of('DeleteTable')).toHaveLength(1); // the operator's, not decomkit's
    expect(cloud.source.tables().map((table) => table.status)).toEqual(['ACTIVE']);
    expect(deleteOf(resumed, TABLE)?.status).toBe('refused');
    expect(deleteOf(resumed, TABLE)?.reason).toMatch(/was re-created since the plan \(identity .*, now .*\)/);
  });

  it("a table re-created before the plan does not pass on the old table's backup", async () => {
    const cloud = createFakeCloud(seedWithTable(BEFORE_DELETE));
    // The old table was backed up, then deleted and re-created under the same name.
    const job = (
      await cloud.aws.backup.startBackupJob({ resourceArn: TABLE, vault: 'decom-archive', retainDays: 3650 })
    )._unsafeUnwrap();
    cloud.clock.advance(60 * 60_000);
    expect((await cloud.aws.backup.describeBackupJob(job.id))._unsafeUnwrap().state).toBe('COMPLETED');
    (await cloud.aws.dynamodb.deleteTable('eu-west-1', 'orders'))._unsafeUnwrap();
    cloud.clock.advance(10 * 60_000);
    (await cloud.aws.dynamodb.createTable('eu-west-1', 'orders', { workload: 'payments' }))._unsafeUnwrap();
    const plan = await planOf(cloud);
    const unmet = (await checkBackupGate(cloud, plan, TABLE))._unsafeUnwrap();
    expect(unmet?.reason).toMatch(
      /completed recovery points name another resource of that name, or none \(identity .* expected\)/,
    );
  });

  it('a recovery point kept less than retainDays from the moment of deletion does not pass', async () => {
    const { cloud, plan } = await backedUpRun();
    const points = cloud.source.recoveryPoints().filter((point) => point.resourceArn === TABLE);
    expect(points).toHaveLength(1);
    expect((await checkBackupGate(cloud, plan, TABLE))._unsafeUnwrap()).toBeNull();
    // 365 days are asked for; a year and a half later the point is kept less than that from now.
    cloud.clock.set('2027-06-01T00:00:00Z');
    const unmet = (await checkBackupGate(cloud, plan, TABLE))._unsafeUnwrap();
    expect(unmet?.reason).toBe(
      `waits for a completed backup of ${TABLE} kept at least 365 days from now: the latest is kept until ${points[0]?.retainUntil}`,
    );
  });
});

async function planOf(cloud: FakeCloud): Promise<Plan> {
  const engine = createEngine({
    checklist: decommissionChecklist(standardWorkload()),
    providers: cloud.providers,
    journal: memoryJournal(),
  })._unsafeUnwrap();
  return (await engine.plan())._unsafeUnwrap();
}

/** Evaluates `backupCompleted(arn)` as the engine does just before a deletion. */
function checkBackupGate(cloud: FakeCloud, plan: Plan, arn: string) {
  const state = newRunState('run-test', plan, cloud.clock.now().toISOString());
  const action = plan.steps.flatMap((step) => step.actions).find((candidate) => candidate.kind === 'resource.delete');
  if (action === undefined) throw new Error('the plan deletes nothing');
  return firstUnmetGate(
    { ...action, gates: [gate.backupCompleted(arn)] },
    {
      state,
      providers: cloud.providers,
      now: () => cloud.clock.now(),
      approval: async () => {
        throw new Error('no approval gate here');
      },
    },
  );
}
