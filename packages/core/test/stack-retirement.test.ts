import {
  createChecklist,
  createEngine,
  defineStep,
  finalBackups,
  memoryJournal,
  type Plan,
  retireResources,
  verified,
} from '@decomkit/core';
import { createFakeCloud, LOGICAL_ID_TAG } from '@decomkit/fake';
import { describe, expect, it } from 'vitest';
import { instanceArn } from './support/plan-edits.js';
import { paymentsWorkload } from './support/workloads.js';

const inStack = (name: string) => ({ workload: 'payments', 'aws:cloudformation:stack-name': name });

/** A CloudFormation stack of the payments workload: its resources carry its name, `retain` lists those it keeps. */
interface StackSeed {
  readonly name: string;
  readonly retain?: readonly string[];
}

/** An instance, as the test names it: its logical id in its stack is `Logical<id>`. */
function instanceSeed(instance: { id: string; tags: Record<string, string> }) {
  return { ...instance, tags: { ...instance.tags, [LOGICAL_ID_TAG]: `Logical${instance.id}` } };
}

/** The fake cloud with `instances` and `stacks` (its CloudFormation kind), and its engine over the plan's two steps. */
function stackWorld(instances: { id: string; tags: Record<string, string> }[], stacks: StackSeed[]) {
  const cloud = createFakeCloud({
    source: {
      instances: instances.map(instanceSeed),
      stacks: stacks.map((stack) => ({
        stackName: stack.name,
        tags: { workload: 'payments' },
        retain: (stack.retain ?? []).map((id) => `Logical${id}`),
      })),
    },
  });
  // The cutover, verified by the test (the backups wait for it); it plans nothing.
  const cutover = defineStep({
    id: 'confirm-cutover-traffic',
    item: 'cutover',
    title: 'Cutover, as the test decides',
    needs: [],
    plan: () => ({ actions: [] }),
    verify: () => verified('test: traffic moved'),
  });
  const engine = createEngine({
    checklist: createChecklist(paymentsWorkload(), [cutover, finalBackups, retireResources]),
    providers: cloud.providers,
    journal: memoryJournal(),
  })._unsafeUnwrap();
  /** The ARN of the seeded stack `name`. */
  const stackArn = (name: string): string => {
    const found = cloud.source.stacks().find((stack) => stack.stackName === name);
    if (found === undefined) throw new Error(`no stack ${name}`);
    return found.arn;
  };
  return { cloud, engine, stackArn };
}

/** The plan of a world of `instances` and `stacks`, and its stacks' ARNs. */
async function planWith(
  instances: { id: string; tags: Record<string, string> }[],
  stacks: StackSeed[],
): Promise<{ plan: Plan; stackArn: (name: string) => string }> {
  const { engine, stackArn } = stackWorld(instances, stacks);
  return { plan: (await engine.plan())._unsafeUnwrap(), stackArn };
}

describe('retire-resources and CloudFormation stacks', () => {
  it("retires a stack's resources by deleting the stack: taken along with their backups, the retained ones reported, none deleted one by one", async () => {
    const { plan, stackArn } = await planWith(
      [
        { id: 'i-web', tags: { ...inStack('payments'), ManagedBy: 'Terraform' } },
        { id: 'i-kept', tags: inStack('payments') },
      ],
      [{ name: 'payments', retain: ['i-kept'] }],
    );
    const retire = plan.steps.find((step) => step.id === 'retire-resources');
    const actions = retire?.actions ?? [];
    const deletes = actions.filter((action) => action.kind === 'resource.delete');
    expect(deletes.map((action) => action.target.arn)).toEqual([stackArn('payments')]);
    const [stackDelete] = deletes;
    // Taken along: the stack's resource it deletes, after its backup and its scream test.
    expect(stackDelete?.params.dependentArns).toEqual([instanceArn('i-web')]);
    expect(stackDelete?.gates).toContainEqual({ kind: 'backupCompleted', arn: instanceArn('i-web') });
    expect(stackDelete?.gates).not.toContainEqual({ kind: 'backupCompleted', arn: instanceArn('i-kept') });
    const stop = actions.find(
      (action) => action.kind === 'resource.stop' && action.target.arn === instanceArn('i-web'),
    );
    expect(stackDelete?.dependsOn).toContain(stop?.key);
    const findings = retire?.findings ?? [];
    expect(findings).toContainEqual({
      severity: 'info',
      code: 'retained-by-stack',
      message: expect.stringContaining('DeletionPolicy: Retain'),
      resource: instanceArn('i-kept'),
    });
    expect(findings).toContainEqual({
      severity: 'info',
      code: 'terraform-managed',
      message: expect.stringContaining('ManagedBy=Terraform'),
      resource: instanceArn('i-web'),
    });
    expect(findings.filter((finding) => finding.severity === 'blocking')).toEqual([]);
  });

  it('blocks a stack holding a resource out of scope, its resources with it, and a stack resource whose stack is not in the inventory', async () => {
    const { plan, stackArn } = await planWith(
      [
        { id: 'i-shared', tags: inStack('mixed') },
        { id: 'i-orphan', tags: inStack('elsewhere') },
        { id: 'i-free', tags: { workload: 'payments' } },
        // i-stranger belongs to the stack but not to the workload (not discovered).
        { id: 'i-stranger', tags: { 'aws:cloudformation:stack-name': 'mixed' } },
      ],
      [{ name: 'mixed' }],
    );
    const retire = plan.steps.find((step) => step.id === 'retire-resources');
    const blocking = (retire?.findings ?? []).filter((finding) => finding.severity === 'blocking');
    expect(blocking).toContainEqual({
      severity: 'blocking',
      code: 'stack-resource-out-of-scope',
      message: expect.stringContaining(`Logicali-stranger (${instanceArn('i-stranger')})`),
      resource: stackArn('mixed'),
    });
    expect(blocking).toContainEqual(
      expect.objectContaining({ code: 'held-by-unretired', resource: instanceArn('i-shared') }),
    );
    expect(blocking).toContainEqual({
      severity: 'blocking',
      code: 'stack-not-retired',
      message: expect.stringContaining('CloudFormation stack elsewhere'),
      resource: instanceArn('i-orphan'),
    });
    const touched = new Set((retire?.actions ?? []).map((action) => action.target.arn));
    expect([...touched]).toEqual([instanceArn('i-free')]);
  });
});

describe('a CloudFormation stack retired on the fake cloud', () => {
  it("applies: the stack's instance is backed up first, DeleteStack then deletes it, the retained one stays, and the stack's events are the evidence", async () => {
    const { cloud, engine, stackArn } = stackWorld(
      [
        { id: 'i-web', tags: inStack('payments') },
        { id: 'i-kept', tags: inStack('payments') },
      ],
      [{ name: 'payments', retain: ['i-kept'] }],
    );
    cloud.clock.set('2026-12-16T00:00:00Z');
    const plan = (await engine.plan())._unsafeUnwrap();
    let run = (await engine.apply(plan, { approve: () => true }))._unsafeUnwrap();
    for (let turn = 0; run.status === 'waiting' && turn < 20; turn += 1) {
      cloud.clock.advance(15 * 60_000);
      run = (await engine.resume(run.runId, { approve: () => true }))._unsafeUnwrap();
    }
    expect(run.status).toBe('completed');
    expect(cloud.source.instance('i-web').state).toBe('terminated');
    // Retained: it stays in the world (the scream test stopped it like every in-scope instance).
    expect(cloud.source.instance('i-kept').state).toBe('stopped');
    // Deleted by the stack alone, after a completed backup of its instance.
    expect(cloud.calls.of('TerminateInstances')).toEqual([]);
    const [deleteStack] = cloud.calls.of('DeleteStack');
    const backup = cloud.source.backupJobs().find((job) => job.resourceArn === instanceArn('i-web'));
    expect(backup?.state).toBe('COMPLETED');
    expect(Date.parse(backup?.completesAt ?? '')).toBeLessThanOrEqual(Date.parse(deleteStack?.at ?? ''));
    const record = run.items
      .flatMap((item) => item.steps.flatMap((step) => step.actions))
      .find((entry) => entry.action.kind === 'resource.delete');
    expect(record?.action.target.arn).toBe(stackArn('payments'));
    expect(record?.result).toMatchObject({ state: 'deleted', retained: ['Logicali-kept'] });
  });
});
