import {
  createEngine,
  decommissionChecklist,
  type InventoryPort,
  memoryJournal,
  type Plan,
  type ResourceTypeTraits,
} from '@decomkit/core';
import { createFakeCloud, type FakeCloud } from '@decomkit/fake';
import { describe, expect, it } from 'vitest';
import { retireInstancesChecklist } from '../../../examples/retire-instances-steps.js';
import { AFTER_DELETE_DATE, paymentsInstances, retireHarness } from './support/harness.js';
import { instanceArn, recordsOf } from './support/plan-edits.js';
import { standardSeed, standardWorkload } from './support/standard-world.js';

// Core knows no cloud's type names: whether a type is stopped first, holds data (a backup before deletion)
// or shows traffic comes from the inventory port's resource type traits. These tests change the traits the
// fake gives and check that the rules follow them, and that a type without traits is never retired.

const INSTANCE = 'AWS::EC2::Instance';
const approve = () => true;

/** The fake's inventory port with its traits edited by `edit`. */
function withTraits(
  cloud: FakeCloud,
  edit: (traits: readonly ResourceTypeTraits[]) => readonly ResourceTypeTraits[],
): InventoryPort {
  const inventory = cloud.providers.inventory;
  return { ...inventory, resourceTypes: edit(inventory.resourceTypes) };
}

const withoutInstances = (traits: readonly ResourceTypeTraits[]) => traits.filter((each) => each.type !== INSTANCE);

/** The standard checklist's plan over the standard world, its inventory giving `edit`ed traits. */
async function standardPlan(
  edit: (traits: readonly ResourceTypeTraits[]) => readonly ResourceTypeTraits[],
  workload = standardWorkload(),
) {
  const cloud = createFakeCloud(standardSeed(AFTER_DELETE_DATE));
  const engine = createEngine({
    checklist: decommissionChecklist(workload),
    providers: { ...cloud.providers, inventory: withTraits(cloud, edit) },
    journal: memoryJournal(),
  })._unsafeUnwrap();
  const plan = (await engine.plan())._unsafeUnwrap();
  const retire = plan.steps.find((step) => step.id === 'retire-resources');
  const instances = plan.inventory.filter((resource) => resource.type === INSTANCE).map((resource) => resource.arn);
  return { plan, retire, instances };
}

describe('resource type traits come from the inventory port', () => {
  it('retire-resources blocks a type the inventory gives no traits for, and plans nothing on it', async () => {
    const { retire, instances } = await standardPlan(withoutInstances);
    expect(instances.length).toBeGreaterThan(0);
    for (const arn of instances) {
      expect(retire?.findings).toContainEqual({
        severity: 'blocking',
        code: 'no-type-traits',
        message: `${arn} is a ${INSTANCE}, of which the inventory gives no resource type traits (stoppable, holds data): not touched`,
        resource: arn,
      });
      expect(retire?.actions.filter((action) => action.target.arn === arn)).toEqual([]);
    }
  });

  it('stops first and backs up only what the traits say: an instance neither stoppable nor holding data', async () => {
    const usual = await standardPlan((traits) => traits);
    const stopsOf = (plan: Plan, arns: readonly string[]) =>
      plan.steps.flatMap((step) =>
        step.actions.filter((action) => arns.includes(action.target.arn ?? '') && action.kind === 'resource.stop'),
      );
    const backupsOf = (plan: Plan, arns: readonly string[]) =>
      plan.steps.flatMap((step) =>
        step.actions.filter((action) => arns.includes(action.target.arn ?? '') && action.kind === 'backup.create'),
      );
    // With the fake's own traits, instances outside Auto Scaling groups are stopped first; every one backed up.
    expect(stopsOf(usual.plan, usual.instances).length).toBeGreaterThan(0);
    expect(backupsOf(usual.plan, usual.instances)).toHaveLength(usual.instances.length);

    const plain = await standardPlan((traits) =>
      traits.map((each) => (each.type === INSTANCE ? { ...each, stoppable: false, holdsData: false } : each)),
    );
    expect(stopsOf(plain.plan, plain.instances)).toEqual([]);
    expect(backupsOf(plain.plan, plain.instances)).toEqual([]);
    const deletes = plain.retire?.actions.filter((action) => action.kind === 'resource.delete') ?? [];
    const instanceDeletes = deletes.filter((action) => plain.instances.includes(action.target.arn ?? ''));
    expect(instanceDeletes).toHaveLength(plain.instances.length);
    for (const action of instanceDeletes) {
      expect(action.gates).not.toContainEqual({ kind: 'backupCompleted', arn: action.target.arn });
    }
  });

  it('a type no backup method covers is a blocking finding, with no backup planned, until the workload waives it', async () => {
    const noMethod = (traits: readonly ResourceTypeTraits[]) =>
      traits.map((each) => (each.type === INSTANCE ? { ...each, noBackupMethod: 'a manual snapshot' } : each));
    const ofInstances = (plan: Plan, instances: readonly string[]) =>
      plan.steps.flatMap((step) => step.actions.filter((action) => instances.includes(action.target.arn ?? '')));
    const { plan, retire, instances } = await standardPlan(noMethod);
    expect(instances.length).toBeGreaterThan(0);
    for (const arn of instances) {
      expect(retire?.findings).toContainEqual({
        severity: 'blocking',
        code: 'no-backup-method',
        message: `${arn} holds data no backup method covers (a manual snapshot); after that, waive its backup explicitly (policies["${INSTANCE}"].backup = 'none'): not touched`,
        resource: arn,
      });
    }
    expect(ofInstances(plan, instances)).toEqual([]);

    const base = standardWorkload();
    const waived = await standardPlan(noMethod, {
      ...base,
      policies: { ...base.policies, [INSTANCE]: { backup: 'none', liftProtection: true } },
    });
    expect(waived.retire?.findings.filter((finding) => finding.code === 'no-backup-method')).toEqual([]);
    const planned = ofInstances(waived.plan, waived.instances);
    expect(planned.filter((action) => action.kind === 'resource.delete')).toHaveLength(waived.instances.length);
    expect(planned.filter((action) => action.kind === 'backup.create')).toEqual([]);
  });

  it('the engine refuses a planned retirement once the inventory gives no traits for its type', async () => {
    const { engine, cloud, workload } = retireHarness({ source: { instances: paymentsInstances(1) } });
    cloud.clock.set(AFTER_DELETE_DATE);
    const plan = (await engine.plan())._unsafeUnwrap();
    const untyped = createEngine({
      checklist: retireInstancesChecklist(workload),
      providers: { ...cloud.providers, inventory: withTraits(cloud, withoutInstances) },
      journal: memoryJournal(),
    })._unsafeUnwrap();
    const run = (await untyped.apply(plan, { approve }))._unsafeUnwrap();
    const [stop] = recordsOf(run, 'resource.stop');
    expect(stop?.status).toBe('refused');
    expect(stop?.reason).toBe(
      `${stop?.action.key}: ${instanceArn('i-pay0')} is a ${INSTANCE}, of which the inventory gives no resource type traits (stoppable, holds data): not touched`,
    );
    expect(recordsOf(run, 'resource.delete').map((record) => record.status)).toEqual(['waiting']);
    expect(cloud.calls.of('StopInstances')).toEqual([]);
    expect(cloud.calls.of('TerminateInstances')).toEqual([]);
  });
});
