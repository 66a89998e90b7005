import {
  type Action,
  type ClockPort,
  createEngine,
  decomError,
  errAsync,
  type InventoryPort,
  memoryJournal,
  okAsync,
  type ResourceScope,
} from '@decomkit/core';
import { PORT_SPECIFICATION_VERSION, systemClock } from '@decomkit/core/provider-kit';
import { createFakeCloud, FakeClock, restoreFakeCloud } from '@decomkit/fake';
import { describe, expect, it } from 'vitest';
import { retireInstancesChecklist } from '../../../examples/retire-instances-steps.js';
import { GATHER_QUIET_MILLISECONDS } from '../src/engine/gatherer.js';
import { Semaphore } from '../src/engine/semaphore.js';
import { TargetReader } from '../src/engine/target-reader.js';
import { AFTER_DELETE_DATE, paymentsInstances } from './support/harness.js';
import { paymentsWorkload } from './support/workloads.js';

/** The fake's inventory port, counting the engine's re-reads; `bulk: false` hides `describeScopes`. */
function countedInventory(inventory: InventoryPort, bulk: boolean) {
  const counts = { describe: 0, describeScopes: 0, arnsInDescribeScopes: 0 };
  const port: InventoryPort = {
    specificationVersion: PORT_SPECIFICATION_VERSION,
    capabilities: inventory.capabilities,
    resourceTypes: inventory.resourceTypes,
    discover: (source) => inventory.discover(source),
    describe: (arn) => {
      counts.describe += 1;
      return inventory.describe(arn);
    },
    ...(bulk
      ? {
          describeScopes: (arns: readonly string[]) => {
            counts.describeScopes += 1;
            counts.arnsInDescribeScopes += arns.length;
            return inventory.describeScopes?.(arns) ?? okAsync(new Map());
          },
        }
      : {}),
  };
  return { port, counts };
}

async function retireAll(count: number, bulk: boolean) {
  const cloud = createFakeCloud({ source: { instances: paymentsInstances(count) } });
  cloud.clock.set(AFTER_DELETE_DATE);
  const inventory = cloud.providers.inventory;
  if (inventory === undefined) throw new Error('the fake has an inventory port');
  const counted = countedInventory(inventory, bulk);
  const engine = createEngine({
    checklist: retireInstancesChecklist(paymentsWorkload()),
    providers: { ...cloud.providers, inventory: counted.port },
    journal: memoryJournal(),
    concurrency: 4,
  })._unsafeUnwrap();
  const plan = (await engine.plan())._unsafeUnwrap();
  const planned = plan.steps.flatMap((step) => step.actions).filter((action) => action.target.arn !== undefined);
  const before = { ...counted.counts };
  const run = (await engine.apply(plan, { approve: () => true }))._unsafeUnwrap();
  return { cloud, run, planned: planned.length, before, counts: counted.counts };
}

const action = (index: number): Action => ({
  key: `step:resource.stop:${index}`,
  step: 'step',
  item: 'retire',
  kind: 'resource.stop',
  target: { ref: `arn:aws:ec2:eu-west-1:111122223333:instance/i-${index}` },
  params: {},
  gates: [],
  dependsOn: [],
});

function readerOver(describeScopes: InventoryPort['describeScopes'], clock: ClockPort = systemClock) {
  return new TargetReader({
    inventory: {
      resourceTypes: createFakeCloud().providers.inventory.resourceTypes,
      specificationVersion: PORT_SPECIFICATION_VERSION,
      capabilities: [],
      discover: async function* () {},
      describe: () => okAsync(null),
      describeScopes,
    },
    semaphore: new Semaphore(2),
    clock,
    retrying: (_action, operation) => Promise.resolve(operation()),
  });
}

describe('the re-read before each action', () => {
  it('reads targets that become ready one after another, each as the one before is read, in one call', async () => {
    const clock = new FakeClock('2026-12-01T00:00:00Z');
    const calls: string[][] = [];
    const reader = readerOver((arns) => {
      calls.push([...arns]);
      return okAsync(new Map<string, ResourceScope | null>(arns.map((arn) => [arn, null])));
    }, clock);
    // A hundred deletes become ready one by one as their stops answer: each announced, then asking at once.
    const reads: Promise<unknown>[] = [];
    for (const index of [0, 1, 2]) {
      reader.expect(action(index));
      reads.push(reader.read(action(index), action(index).target.ref));
      await clock.sleep(GATHER_QUIET_MILLISECONDS / 5);
    }
    await Promise.all(reads);
    expect(calls).toEqual([[0, 1, 2].map((index) => action(index).target.ref)]);
  });

  it('reads the targets of actions that become ready together in a few describeScopes calls, each target once', async () => {
    const { cloud, run, planned, before, counts } = await retireAll(60, true);
    expect(run.status).toBe('completed');
    expect(cloud.source.instance('i-pay59').state).toBe('terminated');
    expect(counts.describe - before.describe).toBe(0);
    expect(counts.arnsInDescribeScopes - before.arnsInDescribeScopes).toBe(planned); // every target read afresh
    // 120 actions (a snapshot and a termination per instance) on 4 slots: gathered, not one call each.
    expect(counts.describeScopes - before.describeScopes).toBeLessThanOrEqual(planned / 5);
  });

  it('checks for resources new since the plan with discoverScopes when the inventory offers it', async () => {
    const watched = (cloud: ReturnType<typeof createFakeCloud>, calls: string[]) => {
      const inventory = cloud.providers.inventory;
      if (inventory === undefined) throw new Error('the fake has an inventory port');
      const port: InventoryPort = {
        ...countedInventory(inventory, true).port,
        discover: (source) => {
          calls.push('discover');
          return inventory.discover(source);
        },
        discoverScopes: (source) => {
          calls.push('discoverScopes');
          return inventory.discoverScopes?.(source) ?? inventory.discover(source);
        },
      };
      return createEngine({
        checklist: retireInstancesChecklist(paymentsWorkload()),
        providers: { ...cloud.providers, inventory: port },
        journal: memoryJournal(),
      })._unsafeUnwrap();
    };
    const planned = createFakeCloud({ source: { instances: paymentsInstances(2) } });
    const planCalls: string[] = [];
    const plan = (await watched(planned, planCalls).plan())._unsafeUnwrap();
    expect(planCalls).toEqual(['discover']); // the plan needs whole resources: protection, dependencies

    // An instance appears after the plan: the apply reports it, reading scopes only.
    const state = planned.snapshot();
    const first = state.instances[0];
    if (first === undefined) throw new Error('fixture');
    state.instances.push({ ...structuredClone(first), id: 'i-late', arn: first.arn.replace(first.id, 'i-late') });
    const later = restoreFakeCloud(state);
    later.clock.set(AFTER_DELETE_DATE);
    const applyCalls: string[] = [];
    const run = (await watched(later, applyCalls).apply(plan, { approve: () => true }))._unsafeUnwrap();
    expect(applyCalls).toEqual(['discoverScopes']);
    expect(run.drift).toEqual(['arn:aws:ec2:eu-west-1:111122223333:instance/i-late']);
    expect(later.source.instance('i-late').state).toBe('running');
  });

  it('falls back to one describe per target when the inventory has no describeScopes', async () => {
    const { cloud, run, planned, before, counts } = await retireAll(12, false);
    expect(run.status).toBe('completed');
    expect(cloud.source.instance('i-pay11').state).toBe('terminated');
    expect(counts.describe - before.describe).toBe(planned);
    expect(counts.describeScopes).toBe(0);
  });

  it('fails an action whose target the provider left out of its answer (it cannot be proven in scope)', async () => {
    const reader = readerOver((arns) =>
      okAsync(
        new Map<string, ResourceScope | null>(
          arns.slice(1).map((arn) => [
            arn,
            {
              arn,
              type: 'AWS::EC2::Instance',
              accountId: '111122223333',
              region: 'eu-west-1',
              tags: {},
              state: 'on',
            },
          ]),
        ),
      ),
    );
    const [first, second] = await Promise.all([
      reader.read(action(0), action(0).target.ref),
      reader.read(action(1), action(1).target.ref),
    ]);
    expect(first?._unsafeUnwrapErr()).toMatchObject({ code: 'ProviderFailure', resource: action(0).target.ref });
    expect(first?._unsafeUnwrapErr().message).toContain('cannot be proven in scope');
    expect(second?._unsafeUnwrap()?.state).toBe('on');
  });

  it('settles every waiting read with a typed error when describeScopes throws or fails', async () => {
    const throwing = readerOver(() => {
      throw new Error('socket hang up');
    });
    const thrown = await Promise.all([0, 1, 2].map((index) => throwing.read(action(index), action(index).target.ref)));
    for (const result of thrown) {
      expect(result._unsafeUnwrapErr()).toMatchObject({ code: 'ProviderFailure' });
      expect(result._unsafeUnwrapErr().message).toContain('socket hang up');
    }
    const failing = readerOver(() =>
      errAsync(decomError.accessDenied({ message: 'ec2:DescribeInstances is denied to the caller' })),
    );
    const denied = await failing.read(action(3), action(3).target.ref);
    expect(denied._unsafeUnwrapErr()).toMatchObject({ code: 'AccessDenied' });
  });
});
