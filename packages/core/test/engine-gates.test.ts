import { createChecklist, createEngine, defineStep, gate, memoryJournal, stillOpen, verified } from '@decomkit/core';
import { createFakeCloud } from '@decomkit/fake';
import { describe, expect, it } from 'vitest';
import { AFTER_DELETE_DATE, instanceIdsIn, paymentsInstances, retireHarness } from './support/harness.js';
import { paymentsWorkload } from './support/workloads.js';

const statusesOf = (
  run: {
    items: readonly {
      steps: readonly { actions: readonly { action: { kind: string }; status: string; reason: string | null }[] }[];
    }[];
  },
  kind: string,
) =>
  run.items
    .flatMap((item) => item.steps.flatMap((step) => step.actions))
    .filter((record) => record.action.kind === kind);

describe('gates', () => {
  it('waits for the stop date, then the delete date, resuming days later', async () => {
    const { engine, cloud } = retireHarness({ source: { instances: paymentsInstances(2) } });
    const plan = (await engine.plan())._unsafeUnwrap();
    const first = (await engine.apply(plan, { approve: () => true }))._unsafeUnwrap();
    expect(first.status).toBe('waiting');
    expect(statusesOf(first, 'resource.stop').map((record) => record.reason)).toEqual([
      'waits until 2026-12-01',
      'waits until 2026-12-01',
    ]);
    expect(cloud.calls.of('StopInstances')).toEqual([]);

    cloud.clock.set('2026-12-02T00:00:00Z');
    const second = (await engine.resume(first.runId, { approve: () => true }))._unsafeUnwrap();
    expect(statusesOf(second, 'resource.stop').every((record) => record.status === 'done')).toBe(true);
    expect(statusesOf(second, 'resource.delete').every((record) => record.reason === 'waits until 2026-12-15')).toBe(
      true,
    );
    expect(cloud.source.instance('i-pay0').state).toBe('stopped');

    cloud.clock.set(AFTER_DELETE_DATE);
    const third = (await engine.resume(first.runId, { approve: () => true }))._unsafeUnwrap();
    expect(third.status).toBe('completed');
    expect(cloud.source.instances().map((instance) => instance.state)).toEqual(['terminated', 'terminated']);
    // Done actions were not repeated across the three sessions.
    expect(instanceIdsIn(cloud.calls.of('StopInstances')).sort()).toEqual(['i-pay0', 'i-pay1']);
    expect(cloud.calls.of('StartBackupJob')).toHaveLength(2);
  });

  it('waits for approval when nobody can approve, and asks once per approval name (again after a denial only when told)', async () => {
    const { engine, cloud, journal } = retireHarness({ source: { instances: paymentsInstances(5) } });
    cloud.clock.set(AFTER_DELETE_DATE);
    const plan = (await engine.plan())._unsafeUnwrap();
    const unattended = (await engine.apply(plan))._unsafeUnwrap();
    expect(unattended.status).toBe('waiting');
    expect(
      statusesOf(unattended, 'resource.delete').every((record) => record.reason === 'waits for approval "retire"'),
    ).toBe(true);
    expect(cloud.calls.of('TerminateInstances')).toEqual([]);

    const denied = (await engine.resume(unattended.runId, { approve: () => false }))._unsafeUnwrap();
    expect(denied.status).toBe('waiting');
    const asked: string[] = [];
    const approved = (
      await engine.resume(unattended.runId, {
        askAgain: ['retire'],
        approve: (request) => {
          asked.push(`${request.name}:${request.workloadId}`);
          return true;
        },
      })
    )._unsafeUnwrap();
    expect(approved.status).toBe('completed');
    expect(asked).toEqual(['retire:payments']);
    const decisions = journal
      .records(unattended.runId)
      .map((record) => record.entry.type)
      .filter((type) => type.startsWith('approval.'));
    expect(decisions).toEqual(['approval.denied', 'approval.granted']);
  });

  it('an approval that throws fails the action with the reason instead of crashing the run', async () => {
    const { engine, cloud } = retireHarness({ source: { instances: paymentsInstances(1) } });
    cloud.clock.set(AFTER_DELETE_DATE);
    const run = (
      await engine.plan().andThen((plan) =>
        engine.apply(plan, {
          approve: () => {
            throw new Error('approval service unreachable');
          },
        }),
      )
    )._unsafeUnwrap();
    expect(run.status).toBe('failed');
    expect(statusesOf(run, 'resource.delete')[0]?.reason).toContain('approval service unreachable');
    expect(cloud.source.instance('i-pay0').state).toBe('stopped');
  });

  it('itemVerified and cutoverConfirmed wait for the items of other steps', async () => {
    // Past the stop date: the engine holds every stop until then, whatever gates a step plans.
    const cloud = createFakeCloud({ now: '2026-12-02T00:00:00Z', source: { instances: paymentsInstances(1) } });
    let cutoverConfirmed = false;
    const cutover = defineStep({
      id: 'confirm-cutover',
      item: 'cutover',
      title: 'Confirm the cutover',
      needs: [],
      plan: () => ({ actions: [] }),
      verify: () =>
        cutoverConfirmed ? verified('source traffic 0 for 72 h') : stillOpen('source still serves traffic'),
    });
    const retire = defineStep({
      id: 'retire',
      item: 'retire',
      title: 'Retire',
      needs: ['inventory', 'retirement'],
      plan: ({ inventory, action }) => ({
        actions: inventory.map((resource) =>
          action({
            kind: 'resource.stop',
            target: { ref: resource.arn, arn: resource.arn, accountId: resource.accountId, region: resource.region },
            gates: [gate.cutoverConfirmed(), gate.itemVerified('cutover')],
          }),
        ),
      }),
      verify: () => verified('stopped'),
    });
    const engine = createEngine({
      checklist: createChecklist(paymentsWorkload(), [cutover, retire]),
      providers: cloud.providers,
      journal: memoryJournal(),
    })._unsafeUnwrap();
    const first = (await engine.plan().andThen((plan) => engine.apply(plan)))._unsafeUnwrap();
    expect(first.status).toBe('waiting');
    expect(statusesOf(first, 'resource.stop')[0]?.reason).toBe('waits for the cutover item to be verified');
    expect(first.items[0]?.reasons).toEqual(['confirm-cutover: source still serves traffic']);
    cutoverConfirmed = true;
    const second = (await engine.resume(first.runId))._unsafeUnwrap();
    expect(second.status).toBe('completed');
    expect(cloud.source.instance('i-pay0').state).toBe('stopped');
  });
});
