import {
  type ClockPort,
  createChecklist,
  createEngine,
  defineStep,
  gate,
  type InventoryPort,
  type Journal,
  memoryJournal,
  ResultAsync,
  verified,
} from '@decomkit/core';
import { systemClock } from '@decomkit/core/provider-kit';
import { createFakeCloud, type FakeCloud, restoreFakeCloud } from '@decomkit/fake';
import { describe, expect, it } from 'vitest';
import { retireInstancesChecklist } from '../../../examples/retire-instances-steps.js';
import { GATHER_EXPECTED_MAX_WAIT_MILLISECONDS, GATHER_MAX_WAIT_MILLISECONDS } from '../src/engine/gatherer.js';
import { AFTER_DELETE_DATE, instanceIdsIn, paymentsInstances } from './support/harness.js';
import { paymentsWorkload } from './support/workloads.js';

const INSTANCE = 'AWS::EC2::Instance';

/** The wall clock, read as if it had started at `start`: real waits, dates past the workload's sunset. */
function realTimeFrom(start: string): ClockPort {
  const offset = Date.parse(start) - Date.now();
  return { now: () => new Date(Date.now() + offset), sleep: systemClock.sleep };
}

/**
 * A memory journal whose appends are durable a few real milliseconds after
 * they are made, as a disk's are: the engine writes each action's intent
 * while it holds a concurrency slot, so a thousand actions reach their batch
 * over hundreds of milliseconds, not at once. Its milliseconds are `clock`'s
 * (the fake cloud's virtual ones, or real ones).
 */
function slowJournal(milliseconds: number, clock: ClockPort = systemClock): Journal {
  const inner = memoryJournal();
  const later = <T>(value: T) => ResultAsync.fromSafePromise(clock.sleep(milliseconds).then(() => value));
  return {
    ...inner,
    open: (runId, head, options) =>
      inner.open(runId, head, options).map((writer) => ({
        ...writer,
        close: () => writer.close(),
        append: (entry, at) => writer.append(entry, at).andThen(later),
      })),
  };
}

/** Stops, then terminates, every instance in scope (no backups: the workload waives them). */
const retire = defineStep({
  id: 'retire-instances',
  item: 'retire',
  title: 'Stop, then terminate, every EC2 instance',
  needs: ['inventory', 'retirement'],
  plan: ({ inventory, workload, action, keyOf }) => ({
    actions: inventory
      .filter((resource) => resource.type === INSTANCE)
      .flatMap((resource) => {
        const target = {
          ref: resource.arn,
          arn: resource.arn,
          resourceType: resource.type,
          accountId: resource.accountId,
          region: resource.region,
        };
        return [
          action({ kind: 'resource.stop', target, gates: [gate.notBefore(workload.sunset.stopAt)] }),
          action({
            kind: 'resource.delete',
            target,
            dependsOn: [keyOf('resource.stop', resource.arn)],
            gates: [gate.notBefore(workload.sunset.deleteAt), gate.approval('retire')],
          }),
        ];
      }),
  }),
  verify: ({ actions }) => verified(`${actions.length} actions`),
});

/** `describeScopes` of the cloud's inventory, counted: the size of each call. */
function countedInventory(cloud: FakeCloud) {
  const inventory = cloud.providers.inventory as InventoryPort;
  const describeScopes = inventory.describeScopes?.bind(inventory);
  const reads: number[] = [];
  const counted: InventoryPort = {
    ...inventory,
    describeScopes: (arns) => {
      reads.push(arns.length);
      return (describeScopes as NonNullable<typeof describeScopes>)(arns);
    },
  };
  return { counted, reads };
}

const workload = paymentsWorkload({ policies: { [INSTANCE]: { backup: 'none' } } });

/** A fake cloud of `count` instances, an engine on the real clock over a slow journal, and the re-reads counted. */
function slowWorld(count: number) {
  const cloud = createFakeCloud({ source: { instances: paymentsInstances(count) } });
  cloud.clock.set(AFTER_DELETE_DATE);
  const { counted, reads } = countedInventory(cloud);
  const engine = createEngine({
    checklist: createChecklist(workload, [retire]),
    providers: { ...cloud.providers, inventory: counted, clock: realTimeFrom(AFTER_DELETE_DATE) },
    journal: slowJournal(5),
  })._unsafeUnwrap();
  return { cloud, engine, reads };
}

describe('batches gathered by readiness, on the real clock with a slow journal', () => {
  it('stops 1,000 ready instances in one call and terminates them in one, each phase re-read in one describeScopes', async () => {
    const { cloud, engine, reads } = slowWorld(1000);
    const plan = (await engine.plan())._unsafeUnwrap();
    const run = (await engine.apply(plan, { approve: () => true }))._unsafeUnwrap();
    expect(run.status).toBe('completed');
    const stops = cloud.calls.of('StopInstances');
    const terminations = cloud.calls.of('TerminateInstances');
    expect(instanceIdsIn(stops)).toHaveLength(1000);
    expect(instanceIdsIn(terminations)).toHaveLength(1000);
    expect(stops.map((call) => instanceIdsIn([call]).length)).toEqual([1000]);
    expect(terminations.map((call) => instanceIdsIn([call]).length)).toEqual([1000]);
    expect(reads).toEqual([1000, 1000]);
  }, 60_000);
});

describe('batches gathered by readiness, on the virtual clock with a slow journal', () => {
  it('does not wait for members that dropped out at their re-read (gone, out of scope): the rest go once all arrived', async () => {
    const planned = createFakeCloud({ source: { instances: paymentsInstances(1000) } });
    planned.clock.set(AFTER_DELETE_DATE);
    const planner = createEngine({
      checklist: createChecklist(workload, [retire]),
      providers: planned.providers,
      journal: memoryJournal(),
    })._unsafeUnwrap();
    const plan = (await planner.plan())._unsafeUnwrap();
    // After planning: two instances are terminated by someone else, two are re-tagged to another workload.
    const state = planned.snapshot();
    const instance = (id: string) => {
      const found = state.instances.find((candidate) => candidate.id === id);
      if (found === undefined) throw new Error(`fixture: no ${id}`);
      return found;
    };
    for (const id of ['i-pay3', 'i-pay500']) instance(id).state = 'terminated';
    for (const id of ['i-pay7', 'i-pay999']) instance(id).tags = { workload: 'billing' };
    const cloud = restoreFakeCloud(state);
    cloud.clock.set(AFTER_DELETE_DATE);
    const { counted, reads } = countedInventory(cloud);
    const started = new Map<string, number>();
    const engine = createEngine({
      checklist: createChecklist(workload, [retire]),
      providers: { ...cloud.providers, inventory: counted },
      // Each record durable 10 virtual ms after it is made: 1,000 intents written 8 at a time take 1.25 virtual s.
      journal: slowJournal(10, cloud.clock),
      onEvent: (event) => {
        if (event.type === 'action.started') started.set(event.action.key, cloud.clock.now().getTime());
      },
    })._unsafeUnwrap();
    const run = (await engine.apply(plan, { approve: () => true }))._unsafeUnwrap();

    const records = run.items.flatMap((item) => item.steps.flatMap((step) => step.actions));
    const statusOf = (id: string, kind: string) =>
      records.find((record) => record.action.target.ref.endsWith(`/${id}`) && record.action.kind === kind)?.status;
    expect(statusOf('i-pay3', 'resource.stop')).toBe('skipped');
    expect(statusOf('i-pay7', 'resource.stop')).toBe('refused');
    const stops = cloud.calls.of('StopInstances');
    expect(stops.map((call) => instanceIdsIn([call]).length)).toEqual([996]);
    expect(instanceIdsIn(stops)).not.toContain('i-pay7');
    // The call went when the last of the others arrived (its intent durable), not at the bound the four
    // announced but never arriving would have held it to.
    const lastArrival = Math.max(
      ...records
        .filter((record) => record.action.kind === 'resource.stop')
        .map((record) => started.get(record.action.key) ?? 0),
    );
    const sentAt = Date.parse(stops[0]?.at ?? '');
    expect(sentAt - lastArrival).toBeLessThan(GATHER_MAX_WAIT_MILLISECONDS);
    expect(sentAt - Math.min(...started.values())).toBeLessThan(GATHER_EXPECTED_MAX_WAIT_MILLISECONDS);
    const terminations = cloud.calls.of('TerminateInstances');
    expect(terminations.map((call) => instanceIdsIn([call]).length)).toEqual([996]);
    expect(reads).toEqual([1000, 998]);
  });
});

describe('batches gathered by readiness, with other actions planned first', () => {
  it('stops 1,000 instances of one region in one call though 100 of another region come first in the plan', async () => {
    const instances = [
      ...paymentsInstances(100, { region: 'us-east-1' }).map((seed, index) => ({ ...seed, id: `i-east${index}` })),
      ...paymentsInstances(1000),
    ];
    const cloud = createFakeCloud({ source: { instances } });
    cloud.clock.set(AFTER_DELETE_DATE);
    const twoRegions = paymentsWorkload({
      source: { ...workload.source, regions: ['us-east-1', 'eu-west-1'] },
      policies: workload.policies,
    });
    const engine = createEngine({
      checklist: createChecklist(twoRegions, [retire]),
      providers: cloud.providers,
      journal: slowJournal(10, cloud.clock),
    })._unsafeUnwrap();
    const plan = (await engine.plan())._unsafeUnwrap();
    const stopsPlanned = plan.steps.flatMap((step) => step.actions).filter((action) => action.kind === 'resource.stop');
    expect(stopsPlanned[0]?.target.region).toBe('us-east-1'); // the other region's come first
    const run = (await engine.apply(plan, { approve: () => true }))._unsafeUnwrap();
    expect(run.status).toBe('completed');
    const sizes = (operation: string, prefix: string) =>
      cloud.calls
        .of(operation)
        .map((call) => instanceIdsIn([call]))
        .filter((ids) => ids[0]?.startsWith(prefix))
        .map((ids) => ids.length);
    expect(sizes('StopInstances', 'i-east')).toEqual([100]);
    expect(sizes('StopInstances', 'i-pay')).toEqual([1000]);
    expect(sizes('TerminateInstances', 'i-pay')).toEqual([1000]);
  });
});

describe('re-reads gathered by readiness', () => {
  it("re-reads 1,000 terminations in one describeScopes though each one's backup gate asks the backups port first", async () => {
    const cloud = createFakeCloud({ source: { instances: paymentsInstances(1000) } });
    cloud.clock.set(AFTER_DELETE_DATE);
    // Each termination's gate reads its recovery points (one call each, 20 virtual ms, on 8 slots): the
    // terminations reach their re-read over 2.5 virtual seconds.
    cloud.faults.inject({ operation: 'ListRecoveryPointsByResource', latencyMilliseconds: 20 });
    const { counted, reads } = countedInventory(cloud);
    const engine = createEngine({
      checklist: retireInstancesChecklist(paymentsWorkload()),
      providers: { ...cloud.providers, inventory: counted },
      journal: memoryJournal(),
    })._unsafeUnwrap();
    const plan = (await engine.plan())._unsafeUnwrap();
    const run = (await engine.apply(plan, { approve: () => true }))._unsafeUnwrap();
    expect(run.status).toBe('completed');
    // The backups', the stops' and the terminations' re-reads: one call of 1,000 each.
    expect(reads).toEqual([1000, 1000, 1000]);
  });
});
