import {
  createChecklist,
  createEngine,
  defineStep,
  gate,
  memoryJournal,
  verified,
  type Workload,
} from '@decomkit/core';
import { createFakeCloud, type FakeCloud } from '@decomkit/fake';
import { describe, expect, it } from 'vitest';
import { planHash } from '../src/model/plan.js';
import { AFTER_DELETE_DATE, paymentsInstances } from './support/harness.js';
import { instanceArn, recordsOf } from './support/plan-edits.js';
import { paymentsWorkload } from './support/workloads.js';

// The gates a step plans only add to those the engine requires of retirement actions (DESIGN section 6).

const approve = () => true;

/** A step that plans `kind` on every resource in scope, with no gate at all. */
function onEveryResource(kind: 'resource.delete' | 'protection.lift') {
  return defineStep({
    id: kind.replace('.', '-'),
    item: 'retire',
    title: `${kind} on every resource, ungated`,
    needs: ['inventory', 'retirement'],
    plan: ({ inventory, action }) => ({
      actions: inventory.map((resource) => action({ kind, target: { ref: resource.arn, arn: resource.arn } })),
    }),
    verify: () => verified(kind),
  });
}

/** An engine over the fake cloud for a checklist of `steps`. */
function engineOver(cloud: FakeCloud, workload: Workload, steps: Parameters<typeof createChecklist>[1]) {
  return createEngine({
    checklist: createChecklist(workload, steps),
    providers: cloud.providers,
    journal: memoryJournal(),
  })._unsafeUnwrap();
}

const deleteEverything = onEveryResource('resource.delete');
const liftEveryProtection = onEveryResource('protection.lift');

describe('a custom step cannot plan its way around the rules', () => {
  it('gates a resource.delete planned with no gates: backup, delete date, approval', async () => {
    const cloud = createFakeCloud({ source: { instances: paymentsInstances(1) } });
    const engine = engineOver(cloud, paymentsWorkload(), [deleteEverything]);
    const early = (await engine.plan().andThen((plan) => engine.apply(plan, { approve })))._unsafeUnwrap();
    expect(recordsOf(early, 'resource.delete')[0]?.reason).toContain(`backup of ${instanceArn('i-pay0')}`);
    cloud.clock.set(AFTER_DELETE_DATE);
    const late = (await engine.resume(early.runId))._unsafeUnwrap();
    expect(recordsOf(late, 'resource.delete')[0]?.status).toBe('waiting');
    expect(cloud.calls.of('TerminateInstances')).toEqual([]);
    expect(cloud.source.instance('i-pay0').state).toBe('running');
  });

  it('waits for the delete date and the approval once the backup is there', async () => {
    const workload = paymentsWorkload({ policies: { 'AWS::EC2::Instance': { backup: 'none' } } });
    const cloud = createFakeCloud({ source: { instances: paymentsInstances(1) } });
    const engine = engineOver(cloud, workload, [deleteEverything]);
    const early = (await engine.plan().andThen((plan) => engine.apply(plan, { approve })))._unsafeUnwrap();
    expect(recordsOf(early, 'resource.delete')[0]?.reason).toBe('waits until 2026-12-15');
    cloud.clock.set(AFTER_DELETE_DATE);
    const unattended = (await engine.resume(early.runId))._unsafeUnwrap();
    expect(recordsOf(unattended, 'resource.delete')[0]?.reason).toBe('waits for approval "retire"');
    expect(cloud.source.instance('i-pay0').state).toBe('running');
    const approved = (await engine.resume(early.runId, { approve }))._unsafeUnwrap();
    expect(approved.status).toBe('completed');
    expect(cloud.source.instance('i-pay0').state).toBe('terminated');
  });

  it('refuses to lift protection the workload does not allow lifting', async () => {
    const cloud = createFakeCloud({
      source: { instances: [{ id: 'i-guarded', tags: { workload: 'payments' }, terminationProtection: true }] },
    });
    cloud.clock.set(AFTER_DELETE_DATE);
    const engine = engineOver(cloud, paymentsWorkload(), [liftEveryProtection]);
    const run = (await engine.plan().andThen((plan) => engine.apply(plan, { approve })))._unsafeUnwrap();
    expect(recordsOf(run, 'protection.lift')[0]?.status).toBe('refused');
    expect(recordsOf(run, 'protection.lift')[0]?.reason).toContain('liftProtection');
    expect(cloud.calls.mutating()).toEqual([]);
  });

  it('refuses an action whose target the cloud reports as another type than the plan says', async () => {
    // Lifting protection is allowed for security groups only; the plan says the load balancer is one.
    const workload = paymentsWorkload({ policies: { 'AWS::EC2::SecurityGroup': { liftProtection: true } } });
    const cloud = createFakeCloud({
      now: AFTER_DELETE_DATE,
      source: {
        loadBalancers: [{ loadBalancerName: 'payments-lb', tags: { workload: 'payments' }, deletionProtection: true }],
      },
    });
    const engine = engineOver(cloud, workload, [liftEveryProtection]);
    const honest = (await engine.plan())._unsafeUnwrap();
    expect(honest.inventory.map((resource) => resource.type)).toEqual(['AWS::ElasticLoadBalancingV2::LoadBalancer']);
    const { hash: _old, ...content } = {
      ...honest,
      inventory: honest.inventory.map((resource) => ({ ...resource, type: 'AWS::EC2::SecurityGroup' })),
    };
    const run = (await engine.apply({ ...content, hash: planHash(content) }, { approve }))._unsafeUnwrap();
    const record = recordsOf(run, 'protection.lift')[0];
    expect(record?.status).toBe('refused');
    expect(record?.reason).toContain(
      'is of type AWS::ElasticLoadBalancingV2::LoadBalancer, not the AWS::EC2::SecurityGroup the plan says',
    );
    expect(cloud.calls.mutating()).toEqual([]);
  });

  it('refuses to plan a retirement action without an inventory target, or one that takes others along unplanned', async () => {
    const cloud = createFakeCloud({
      source: {
        instances: [...paymentsInstances(1), { id: 'i-stranger', tags: { workload: 'billing' } }],
      },
    });
    const noArn = defineStep({
      id: 'no-arn',
      item: 'retire',
      title: 'Deletes by reference only',
      needs: ['retirement'],
      plan: ({ action }) => ({
        actions: [action({ kind: 'resource.delete', target: { ref: instanceArn('i-pay0') } })],
      }),
      verify: () => verified('never'),
    });
    const alongside = defineStep({
      id: 'alongside',
      item: 'retire',
      title: 'Takes a stranger along',
      needs: ['inventory', 'retirement'],
      plan: ({ inventory, action }) => ({
        actions: inventory.map((resource) =>
          action({
            kind: 'resource.delete',
            target: { ref: resource.arn, arn: resource.arn },
            params: { dependentArns: [instanceArn('i-stranger')] },
            gates: [gate.approval('retire')],
          }),
        ),
      }),
      verify: () => verified('never'),
    });
    for (const step of [noArn, alongside]) {
      const engine = engineOver(cloud, paymentsWorkload(), [step]);
      const plan = await engine.plan();
      expect(plan._unsafeUnwrapErr().code).toBe('InvalidInput');
    }
    expect(cloud.calls.mutating()).toEqual([]);
  });
});
