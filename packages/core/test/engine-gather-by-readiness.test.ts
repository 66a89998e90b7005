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
import { createFakeCloud } from '@decomkit/fake';
import { describe, expect, it } from 'vitest';
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
 * over hundreds of milliseconds, not at once.
 */
function slowJournal(milliseconds: number): Journal {
  const inner = memoryJournal();
  const later = <T>(value: T) =>
    ResultAsync.fromSafePromise(new Promise<T>((resolve) => setTimeout(() => resolve(value), milliseconds)));
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

/** A fake cloud of `count` instances, an engine on the real clock over a slow journal, and the re-reads counted. */
function slowWorld(count: number) {
  const cloud = createFakeCloud({ source: { instances: paymentsInstances(count) } });
  cloud.clock.set(AFTER_DELETE_DATE);
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
  const workload = paymentsWorkload({ policies: { [INSTANCE]: { backup: 'none' } } });
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
