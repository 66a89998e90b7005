import { createChecklist, createEngine, defineStep, type EngineEvent, memoryJournal, verified } from '@decomkit/core';
import { createFakeCloud } from '@decomkit/fake';
import { describe, expect, it } from 'vitest';
import { retireInstancesChecklist } from '../../../examples/retire-instances-steps.js';
import { GATHER_MAX_WAIT_MILLISECONDS } from '../src/engine/gatherer.js';
import { AFTER_DELETE_DATE, instanceIdsIn, paymentsInstances, retireHarness } from './support/harness.js';
import { paymentsWorkload } from './support/workloads.js';

const approve = () => true;

describe('retries', () => {
  it('retries throttling with back-off and succeeds', async () => {
    const { engine, cloud, events } = retireHarness({ source: { instances: paymentsInstances(1) } });
    cloud.clock.set(AFTER_DELETE_DATE);
    cloud.faults.inject({ operation: 'TerminateInstances', error: 'throttled', times: 2 });
    const run = (await engine.plan().andThen((plan) => engine.apply(plan, { approve })))._unsafeUnwrap();
    expect(run.status).toBe('completed');
    expect(cloud.calls.of('TerminateInstances')).toHaveLength(3);
    const retries = events.filter(
      (event): event is Extract<EngineEvent, { type: 'action.retrying' }> => event.type === 'action.retrying',
    );
    expect(retries.map((event) => event.error.code)).toEqual(['Throttled', 'Throttled']);
    // Full jitter with random() = 0.5: half of 200 ms, then half of 400 ms.
    expect(retries.map((event) => event.delayMilliseconds)).toEqual([100, 200]);
  });

  it('gives up after the bounded attempts, and a resume reconciles before retrying', async () => {
    const { engine, cloud } = retireHarness({ source: { instances: paymentsInstances(1) } });
    cloud.clock.set(AFTER_DELETE_DATE);
    const removeFault = cloud.faults.inject({ operation: 'TerminateInstances', error: 'server-error' });
    const first = (await engine.plan().andThen((plan) => engine.apply(plan, { approve })))._unsafeUnwrap();
    expect(first.status).toBe('failed');
    expect(cloud.calls.of('TerminateInstances')).toHaveLength(5);
    const failed = first.items
      .flatMap((item) => item.steps.flatMap((step) => step.actions))
      .find((record) => record.status === 'failed');
    expect(failed?.reason).toContain('ProviderFailure');
    expect(failed?.reason).toContain('i-pay0');
    removeFault();
    const describesBefore = cloud.calls.of('DescribeInstances').length;
    const second = (await engine.resume(first.runId, { approve }))._unsafeUnwrap();
    expect(second.status).toBe('completed');
    expect(cloud.calls.of('TerminateInstances')).toHaveLength(6);
    expect(cloud.calls.of('DescribeInstances').length).toBeGreaterThan(describesBefore);
  });

  it('does not retry a conflict', async () => {
    const workload = paymentsWorkload({ policies: { 'AWS::EC2::Instance': { liftProtection: true } } });
    const { engine, cloud } = retireHarness({ source: { instances: paymentsInstances(1) } }, workload);
    cloud.clock.set(AFTER_DELETE_DATE);
    const plan = (await engine.plan())._unsafeUnwrap();
    // Someone turns termination protection on after the plan: the delete must fail, once, with the reason.
    const state = cloud.snapshot();
    for (const instance of state.instances) instance.terminationProtection = true;
    const { restoreFakeCloud } = await import('@decomkit/fake');
    const protectedCloud = restoreFakeCloud(state);
    const protectedEngine = createEngine({
      checklist: retireInstancesChecklist(workload),
      providers: protectedCloud.providers,
      journal: memoryJournal(),
    })._unsafeUnwrap();
    const run = (await protectedEngine.apply(plan, { approve }))._unsafeUnwrap();
    expect(run.status).toBe('failed');
    expect(protectedCloud.calls.of('TerminateInstances')).toHaveLength(1);
    expect(protectedCloud.source.instance('i-pay0').state).toBe('stopped');
  });
});

describe('long waits', () => {
  it('hold no concurrency slot while they sleep: two backups on one slot finish together', async () => {
    const { engine, cloud } = retireHarness(
      { backupMinutes: 10, source: { instances: paymentsInstances(2) } },
      paymentsWorkload(),
      1,
    );
    const started = cloud.clock.now().getTime();
    (await engine.plan().andThen((plan) => engine.apply(plan)))._unsafeUnwrap();
    const jobs = cloud.source.backupJobs();
    expect(jobs).toHaveLength(2);
    // Both start together, once their targets' gathered re-read is back (not 10 minutes apart).
    const offsets = jobs.map((job) => Date.parse(job.startedAt) - started);
    expect(offsets[0]).toBe(offsets[1]);
    expect(offsets[0]).toBeLessThanOrEqual(GATHER_MAX_WAIT_MILLISECONDS);
    expect(jobs.every((job) => job.state === 'COMPLETED')).toBe(true);
  });
});

describe('cancellation', () => {
  it('stops starting actions when aborted, and resume finishes without repeating any', async () => {
    const { engine, cloud, events } = retireHarness(
      { source: { instances: paymentsInstances(10) } },
      paymentsWorkload(),
      2,
    );
    cloud.clock.set(AFTER_DELETE_DATE);
    const controller = new AbortController();
    cloud.calls.onCall((call) => {
      if (call.operation === 'StopInstances') controller.abort(new Error('operator pressed ctrl-c'));
    });
    const plan = (await engine.plan())._unsafeUnwrap();
    const cancelled = await engine.apply(plan, { approve, signal: controller.signal, runId: 'cancel-me' });
    expect(cancelled._unsafeUnwrapErr().code).toBe('Cancelled');
    expect(cloud.calls.of('TerminateInstances')).toEqual([]);
    expect((await engine.status('cancel-me'))._unsafeUnwrap().status).toBe('cancelled');
    const resumed = (await engine.resume('cancel-me', { approve }))._unsafeUnwrap();
    expect(resumed.status).toBe('completed');
    const everyInstance = paymentsInstances(10)
      .map((instance) => instance.id)
      .sort();
    expect(instanceIdsIn(cloud.calls.of('StopInstances')).sort()).toEqual(everyInstance);
    expect(instanceIdsIn(cloud.calls.of('TerminateInstances')).sort()).toEqual(everyInstance);
    expect(cloud.calls.of('StartBackupJob')).toHaveLength(10);
    expect(events.some((event) => event.type === 'run.resumed')).toBe(true);
  });
});

describe('events, status and journals', () => {
  it('emits typed events in a sensible order and status() matches the run', async () => {
    const { engine, cloud, events } = retireHarness({ source: { instances: paymentsInstances(2) } });
    cloud.clock.set(AFTER_DELETE_DATE);
    const run = (await engine.plan().andThen((plan) => engine.apply(plan, { approve })))._unsafeUnwrap();
    const types = events.map((event) => event.type);
    expect(types[0]).toBe('plan.started');
    expect(types.indexOf('plan.finished')).toBeLessThan(types.indexOf('run.started'));
    expect(types.at(-1)).toBe('run.finished');
    expect(types.filter((type) => type === 'action.done')).toHaveLength(6);
    expect(types.filter((type) => type === 'action.checkpoint')).toHaveLength(2);
    expect(types.filter((type) => type === 'step.verified')).toHaveLength(2);
    expect((await engine.status(run.runId))._unsafeUnwrap()).toEqual(run);
  });

  it('refuses to resume a tampered journal and reports unknown runs', async () => {
    const { engine, cloud, journal } = retireHarness({ source: { instances: paymentsInstances(1) } });
    const first = (await engine.plan().andThen((plan) => engine.apply(plan)))._unsafeUnwrap();
    const records = journal.records(first.runId);
    const victim = records[3];
    if (victim === undefined) throw new Error('fixture');
    records[3] = { ...victim, at: '2020-01-01T00:00:00.000Z' };
    const resumed = await engine.resume(first.runId, { approve });
    expect(resumed._unsafeUnwrapErr()).toMatchObject({ code: 'JournalCorrupt', line: 4 });
    expect(cloud.calls.of('TerminateInstances')).toEqual([]);
    expect((await engine.status('no-such-run'))._unsafeUnwrapErr().code).toBe('NotFound');
    expect((await engine.resume('../etc/passwd'))._unsafeUnwrapErr().code).toBe('InvalidInput');
  });
});

describe('createEngine', () => {
  const cloud = createFakeCloud();
  const journal = memoryJournal();
  const checklist = retireInstancesChecklist(paymentsWorkload());

  it('rejects, at compile time, providers that lack a port a step needs', () => {
    const { backups: _backups, ...withoutBackups } = cloud.providers;
    // @ts-expect-error -- the checklist needs `backups`, which these providers lack
    const engine = createEngine({ checklist, providers: withoutBackups, journal });
    expect(engine._unsafeUnwrapErr().issues).toContainEqual({
      path: 'providers.backups',
      message: 'step "snapshot-instances" needs the "backups" port, which no provider supplies',
    });
  });

  it('rejects malformed options from untyped callers with InvalidInput naming each field', () => {
    type Options = Parameters<typeof createEngine>[0];
    const cases: Array<[unknown, string]> = [
      [{ checklist, providers: cloud.providers, journal, concurrency: 0 }, 'concurrency'],
      [{ checklist, providers: cloud.providers, journal, concurrency: 2.5 }, 'concurrency'],
      [{ checklist, providers: cloud.providers, journal: {} }, 'journal'],
      [{ checklist, providers: 'aws', journal }, 'providers'],
      [{ checklist: [], providers: cloud.providers, journal }, 'checklist'],
      [
        { checklist, providers: { ...cloud.providers, inventory: { describe: () => null } }, journal },
        'providers.inventory.discover',
      ],
      [
        {
          checklist,
          providers: {
            ...cloud.providers,
            dns: {
              getRecord: () => null,
              handlers: { 'resource.delete': cloud.providers.retirement.handlers?.['resource.delete'] },
            },
          },
          journal,
        },
        'providers.dns.handlers.resource.delete',
      ],
      [
        {
          checklist,
          providers: {
            ...cloud.providers,
            artifacts: { put: () => null, get: () => null, handlers: { 'x.y': { execute: () => null } } },
          },
          journal,
        },
        'providers.artifacts.handlers.x.y',
      ],
      [
        {
          checklist,
          providers: cloud.providers,
          journal,
          rateLimits: { limits: { 'ec2:mutating': { capacity: 0, refillPerSecond: 1 } } },
        },
        'rateLimits.limits.ec2:mutating.capacity',
      ],
      [{ checklist, providers: cloud.providers, journal, retry: { maxAttempts: 0 } }, 'retry.maxAttempts'],
      [null, '(options)'],
    ];
    for (const [options, path] of cases) {
      const engine = createEngine(options as Options);
      expect(engine.isErr(), path).toBe(true);
      expect(engine._unsafeUnwrapErr().code).toBe('InvalidInput');
      expect(engine._unsafeUnwrapErr().issues.map((issue) => issue.path)).toContain(path);
    }
  });

  it('rejects an invalid checklist with the step ids in the message', () => {
    const loop = (id: string, after: string) =>
      defineStep({
        id,
        item: 'retire',
        title: id,
        needs: [],
        after: [after],
        plan: () => ({ actions: [] }),
        verify: () => verified('ok'),
      });
    const engine = createEngine({
      checklist: createChecklist(paymentsWorkload(), [loop('a', 'b'), loop('b', 'a')]),
      providers: cloud.providers,
      journal,
    });
    expect(engine._unsafeUnwrapErr().message).toContain('cycle');
    expect(engine._unsafeUnwrapErr().message).toContain('a, b');
  });
});
