/**
 * Property-based tests of the safety rules (DESIGN section 6) over random
 * worlds and selectors on the fake cloud, with the standard steps that
 * touch resources (backups, retirement, deletion check). The oracle reads
 * the fake's world state directly — never the ports under test.
 */
import {
  confirmDeletion,
  createChecklist,
  createEngine,
  defineStep,
  defineWorkload,
  finalBackups,
  memoryJournal,
  retireResources,
  stillOpen,
  verified,
  type Workload,
} from '@decomkit/core';
import { createFakeCloud, type FakeCloud, type FakeCloudSeed, type WorldState } from '@decomkit/fake';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

const ACCOUNT = '111122223333';
const SEED = Number(process.env.DECOMKIT_PROPERTY_SEED ?? 20261126);
const STOP_AT = '2026-12-01T00:00:00Z';
const DELETE_AT = '2026-12-15T00:00:00Z';
const MOMENTS = {
  'before-stop': '2026-11-20T00:00:00Z',
  between: '2026-12-05T00:00:00Z',
  'after-delete': '2026-12-16T00:00:00Z',
} as const;
type Moment = keyof typeof MOMENTS;

interface WorldSpec {
  readonly instances: {
    tag: string;
    region: string;
    protection: boolean;
    stopProtection: boolean;
    readable: boolean;
  }[];
  readonly volumes: { tag: string; attachTo: number | null; deleteOnTermination: boolean }[];
  readonly databases: { tag: string; region: string; protection: boolean }[];
  readonly group: { tag: string; desired: number } | null;
  readonly others: { tag: string }[];
  readonly selectByArn: boolean;
  readonly liftProtection: boolean;
  readonly waiveVolumeBackups: boolean;
  /** Workload exceptions: instances by index (ARN), and every volume or every database (by type). */
  readonly exceptInstances: number[];
  readonly exceptType: 'AWS::EC2::Volume' | 'AWS::RDS::DBInstance' | null;
  readonly cutoverVerified: boolean;
  readonly first: Moment;
  readonly second: Moment;
}

const tag = fc.constantFrom('payments', 'payments', 'billing', 'payments-old');
const region = fc.constantFrom('eu-west-1', 'eu-west-1', 'us-east-1');
const moment = fc.constantFrom<Moment>('before-stop', 'between', 'after-delete');
const worldSpec: fc.Arbitrary<WorldSpec> = fc.record({
  instances: fc.array(
    fc.record({
      tag,
      region,
      protection: fc.boolean(),
      stopProtection: fc.boolean(),
      readable: fc.oneof(fc.constant(true), fc.constant(true), fc.constant(false)),
    }),
    { maxLength: 5 },
  ),
  volumes: fc.array(
    fc.record({ tag, attachTo: fc.option(fc.nat({ max: 4 }), { nil: null }), deleteOnTermination: fc.boolean() }),
    { maxLength: 3 },
  ),
  databases: fc.array(fc.record({ tag, region, protection: fc.boolean() }), { maxLength: 2 }),
  group: fc.option(fc.record({ tag, desired: fc.integer({ min: 1, max: 3 }) }), { nil: null }),
  others: fc.array(fc.record({ tag }), { maxLength: 2 }),
  selectByArn: fc.boolean(),
  liftProtection: fc.boolean(),
  waiveVolumeBackups: fc.boolean(),
  exceptInstances: fc.array(fc.nat({ max: 4 }), { maxLength: 2 }),
  exceptType: fc.constantFrom(null, null, 'AWS::EC2::Volume' as const, 'AWS::RDS::DBInstance' as const),
  cutoverVerified: fc.oneof(fc.constant(true), fc.constant(true), fc.constant(false)),
  first: moment,
  second: moment,
});

function seedOf(spec: WorldSpec): FakeCloudSeed {
  const instances = spec.instances.map((instance, index) => ({
    id: `i-${index}`,
    tags: { workload: instance.tag },
    region: instance.region,
    terminationProtection: instance.protection,
    stopProtection: instance.stopProtection,
    tagsReadable: instance.readable,
  }));
  return {
    accountId: ACCOUNT,
    now: MOMENTS['before-stop'],
    source: {
      instances,
      volumes: spec.volumes.map((volume, index) => {
        const host = volume.attachTo === null ? undefined : instances[volume.attachTo];
        return {
          id: `vol-${index}`,
          tags: { workload: volume.tag },
          region: host?.region ?? 'eu-west-1',
          ...(host === undefined ? {} : { instanceId: host.id, deleteOnTermination: volume.deleteOnTermination }),
        };
      }),
      dbInstances: spec.databases.map((database, index) => ({
        id: `db-${index}`,
        tags: { workload: database.tag },
        region: database.region,
        deletionProtection: database.protection,
      })),
      autoScalingGroups:
        spec.group === null
          ? []
          : [{ groupName: 'web-asg', tags: { workload: spec.group.tag }, desiredCapacity: spec.group.desired }],
      otherResources: spec.others.map((other, index) => ({
        type: 'AWS::CodeBuild::Project',
        name: `project-${index}`,
        arn: `arn:aws:codebuild:eu-west-1:${ACCOUNT}:project/project-${index}`,
        tags: { workload: other.tag },
      })),
    },
  };
}

/** Every tagged record of the world, by ARN. */
function records(
  state: WorldState,
): Map<
  string,
  { arn: string; accountId: string; region: string; tags: Record<string, string>; tagsReadable: boolean } & Record<
    string,
    unknown
  >
> {
  const typed = <Record extends object>(type: string, list: readonly Record[]) =>
    list.map((record) => ({ type, ...record }));
  const all = [
    ...typed('AWS::EC2::Instance', state.instances),
    ...typed('AWS::EC2::Volume', state.volumes),
    ...typed('AWS::RDS::DBInstance', state.dbInstances),
    ...typed('AWS::AutoScaling::AutoScalingGroup', state.autoScalingGroups),
    ...state.otherResources,
  ];
  return new Map(all.map((record) => [record.arn, record as never]));
}

/** The oracle's own idea of scope: account, region, then explicit ARN or every selector tag on readable tags. */
function inScope(
  record: { arn: string; accountId: string; region: string; tags: Record<string, string>; tagsReadable: boolean },
  workload: Workload,
): boolean {
  const { accountId, regions, select } = workload.source;
  if (record.accountId !== accountId || !regions.includes(record.region)) return false;
  if (select.arns?.includes(record.arn)) return true;
  return (
    record.tagsReadable &&
    Object.entries(select.tags ?? {}).length > 0 &&
    Object.entries(select.tags ?? {}).every(([key, value]) => record.tags[key] === value)
  );
}

/** Whether the workload's exceptions keep `record`: by its ARN, or by its type. */
function excepted(record: { arn: string; type?: unknown }, workload: Workload): boolean {
  return workload.exceptions.some((exception) =>
    exception.arn !== undefined ? exception.arn === record.arn : exception.type === record.type,
  );
}

/** What "touched" means: gone, stopped or terminated, retagged, protection changed. */
function standing(record: Record<string, unknown> | undefined): string {
  if (record === undefined) return 'gone';
  const { tags, state, status, terminationProtection, stopProtection, deletionProtection } = record as Record<
    string,
    unknown
  >;
  return JSON.stringify({ tags, state, status, terminationProtection, stopProtection, deletionProtection });
}

function workloadOf(spec: WorldSpec, initial: WorldState): Workload {
  const candidates = [...records(initial).values()]
    .filter((record) => record.tags.workload === 'payments')
    .map((record) => record.arn);
  const select =
    spec.selectByArn && candidates.length > 0
      ? { arns: candidates.slice(0, Math.ceil(candidates.length / 2)) }
      : { tags: { workload: 'payments' } };
  return defineWorkload({
    id: 'payments',
    source: { accountId: ACCOUNT, regions: ['eu-west-1'], select },
    target: { subscriptionId: '6f1c2a0e-3b1d-4c59-9d2e-0b6a8e4f7c11', resourceGroups: ['rg-payments'] },
    sunset: { stopAt: STOP_AT, deleteAt: DELETE_AT },
    backups: { vault: 'decom-archive', retainDays: 30 },
    exceptions: [
      ...spec.exceptInstances.map((index) => ({
        arn: `arn:aws:ec2:eu-west-1:${ACCOUNT}:instance/i-${index}`,
        reason: 'shared with another workload',
        approvedBy: 'property@example.com',
      })),
      ...(spec.exceptType === null
        ? []
        : [{ type: spec.exceptType, reason: 'kept for a legal hold', approvedBy: 'property@example.com' }]),
    ],
    policies: {
      'AWS::EC2::Instance': { liftProtection: spec.liftProtection },
      'AWS::RDS::DBInstance': { liftProtection: spec.liftProtection },
      ...(spec.waiveVolumeBackups ? { 'AWS::EC2::Volume': { backup: 'none' as const } } : {}),
    },
  })._unsafeUnwrap();
}

/** The standard steps that touch resources, with the cutover decided by the test instead of traffic metrics. */
function checklistFor(workload: Workload, cutoverVerified: boolean) {
  const cutover = defineStep({
    id: 'confirm-cutover-traffic',
    item: 'cutover',
    title: 'Cutover, as the test decides',
    needs: [],
    plan: () => ({ actions: [] }),
    verify: () => (cutoverVerified ? verified('test: traffic moved') : stillOpen('test: source still busy')),
  });
  return createChecklist(workload, [cutover, finalBackups, retireResources, confirmDeletion]);
}

function engineFor(cloud: FakeCloud, workload: Workload, cutoverVerified: boolean, journal = memoryJournal()) {
  return createEngine({
    checklist: checklistFor(workload, cutoverVerified),
    providers: cloud.providers,
    journal,
    concurrency: 4,
    random: () => 0.5,
  })._unsafeUnwrap();
}

const MOMENT_ORDER: readonly Moment[] = ['before-stop', 'between', 'after-delete'];
const later = (first: Moment, second: Moment): Moment =>
  MOMENT_ORDER.indexOf(second) >= MOMENT_ORDER.indexOf(first) ? second : first;

describe(`safety properties over random worlds (seed ${SEED}; DECOMKIT_PROPERTY_SEED to reproduce)`, () => {
  it('plan changes nothing; nothing out of scope or excepted is touched; no deletion before its backup, date and cutover', async () => {
    const seen = { cases: 0, withDeletions: 0, withOutOfScope: 0, withExcepted: 0, deletedResources: 0 };
    await fc.assert(
      fc.asyncProperty(worldSpec, async (spec) => {
        const cloud = createFakeCloud(seedOf(spec));
        const initial = cloud.snapshot();
        const workload = workloadOf(spec, initial);
        const engine = engineFor(cloud, workload, spec.cutoverVerified);
        const plan = (await engine.plan())._unsafeUnwrap();
        expect(cloud.calls.mutating()).toEqual([]);

        cloud.clock.set(MOMENTS[spec.first]);
        const run = (await engine.apply(plan, { approve: () => true }))._unsafeUnwrap();
        cloud.clock.set(MOMENTS[later(spec.first, spec.second)]);
        (await engine.resume(run.runId, { approve: () => true }))._unsafeUnwrap();
        cloud.clock.advance(3_600_000); // let RDS deletes finish

        const after = cloud.snapshot();
        const now = records(after);
        const mutating = cloud.calls.mutating();
        const deletions = after.configItems.filter((item) => item.status === 'ResourceDeleted').length;
        seen.cases += 1;
        seen.deletedResources += deletions;
        if (deletions > 0) seen.withDeletions += 1;
        if ([...records(initial).values()].some((record) => !inScope(record, workload))) seen.withOutOfScope += 1;
        if (!spec.cutoverVerified) expect(mutating).toEqual([]);
        for (const [arn, before] of records(initial)) {
          if (!inScope(before, workload)) {
            expect(standing(now.get(arn)), `${arn} is out of scope and must be untouched`).toBe(standing(before));
          } else if (excepted(before, workload)) {
            expect(standing(now.get(arn)), `${arn} is excepted and must be untouched`).toBe(standing(before));
          }
        }
        if ([...records(initial).values()].some((record) => inScope(record, workload) && excepted(record, workload)))
          seen.withExcepted += 1;
        for (const call of mutating) {
          const at = Date.parse(call.at);
          if (call.operation === 'StopInstances' || call.operation === 'StopDBInstance')
            expect(at).toBeGreaterThanOrEqual(Date.parse(STOP_AT));
          if (/^(Terminate|Delete|Deregister|Release)/.test(call.operation))
            expect(at).toBeGreaterThanOrEqual(Date.parse(DELETE_AT));
        }
        // Every deleted resource that needs a backup had a COMPLETED one before it went (Config times the deletion).
        for (const item of after.configItems.filter((candidate) => candidate.status === 'ResourceDeleted')) {
          const before = records(initial).get(item.arn);
          if (before === undefined) continue; // created during the run (an ASG replacement)
          expect(inScope(before, workload), `${item.arn} was deleted but is out of scope`).toBe(true);
          expect(excepted(before, workload), `${item.arn} was deleted but is excepted`).toBe(false);
          const needsBackup =
            ['AWS::EC2::Instance', 'AWS::RDS::DBInstance'].includes(item.type) ||
            (item.type === 'AWS::EC2::Volume' && !spec.waiveVolumeBackups);
          if (!needsBackup) continue;
          const backups = after.recoveryPoints.filter(
            (point) => point.resourceArn === item.arn && point.status === 'COMPLETED',
          );
          const native = after.snapshots.filter(
            (snapshot) =>
              snapshot.volumeId !== null &&
              item.arn.endsWith(`/${snapshot.volumeId}`) &&
              snapshot.state === 'completed',
          );
          const earliest = Math.min(
            ...backups.map((point) => Date.parse(point.createdAt)),
            ...native.map((snapshot) => Date.parse(snapshot.completesAt)),
          );
          expect(earliest, `${item.arn} was deleted without a completed backup`).toBeLessThanOrEqual(
            Date.parse(item.changedAt),
          );
        }
      }),
      { seed: SEED, numRuns: 700 },
    );
    // The property is not vacuous: many worlds did retire resources, and many had look-alikes to spare.
    expect(seen.cases).toBe(700);
    expect(seen.withDeletions).toBeGreaterThan(100);
    expect(seen.withOutOfScope).toBeGreaterThan(300);
    expect(seen.withExcepted).toBeGreaterThan(100);
  }, 600_000); // 700 worlds: seconds when idle, minutes on a loaded two-core machine

  it('a run interrupted at a random call and resumed ends in the same world as an uninterrupted one', async () => {
    const finish = async (cloud: FakeCloud, engine: ReturnType<typeof engineFor>, runId: string) => {
      const resumed = await engine.resume(runId, { approve: () => true });
      cloud.clock.advance(3_600_000);
      return resumed;
    };
    const normal = (state: WorldState) =>
      JSON.stringify({
        resources: [...records(state).values()].map((record) => [record.arn, standing(record)]).sort(),
        backups: state.recoveryPoints.map((point) => [point.resourceArn, point.status]).sort(),
      });
    await fc.assert(
      fc.asyncProperty(worldSpec, fc.double({ min: 0, max: 1, noNaN: true }), async (spec, where) => {
        const reference = createFakeCloud(seedOf(spec));
        const workload = workloadOf(spec, reference.snapshot());
        const referenceEngine = engineFor(reference, workload, true);
        reference.clock.set(MOMENTS['after-delete']);
        const referenceRun = (
          await referenceEngine
            .plan()
            .andThen((plan) => referenceEngine.apply(plan, { approve: () => true, runId: 'reference' }))
        )._unsafeUnwrap();
        reference.clock.advance(3_600_000);
        await finish(reference, referenceEngine, referenceRun.runId);
        const calls = reference.calls.mutating().length;

        const interrupted = createFakeCloud(seedOf(spec));
        const journal = memoryJournal();
        interrupted.clock.set(MOMENTS['after-delete']);
        const controller = new AbortController();
        const stopAfter = Math.floor(where * calls);
        let seen = 0;
        interrupted.calls.onCall((call) => {
          if (call.mutating && ++seen > stopAfter) controller.abort(new Error('interrupted'));
        });
        const first = engineFor(interrupted, workload, true, journal);
        const plan = (await first.plan())._unsafeUnwrap();
        await first.apply(plan, { approve: () => true, signal: controller.signal, runId: 'interrupted' });
        interrupted.clock.advance(3_600_000);
        const second = engineFor(interrupted, workload, true, journal);
        (await finish(interrupted, second, 'interrupted'))._unsafeUnwrap();
        expect(normal(interrupted.snapshot())).toBe(normal(reference.snapshot()));
      }),
      { seed: SEED + 1, numRuns: 300 },
    );
  }, 600_000); // 300 worlds, each run twice
});
