import {
  createChecklist,
  createEngine,
  finalBackups,
  type InventoryPort,
  memoryJournal,
  ok,
  type Plan,
  type Resource,
  type RetirementPort,
  retireResources,
} from '@decomkit/core';
import { createFakeCloud } from '@decomkit/fake';
import { describe, expect, it } from 'vitest';
import { instanceArn } from './support/plan-edits.js';
import { paymentsWorkload } from './support/workloads.js';

const STACK_TYPE = 'AWS::CloudFormation::Stack';
const stackArn = (name: string) => `arn:aws:cloudformation:eu-west-1:111122223333:stack/${name}/0a1b2c`;
const inStack = (name: string) => ({ workload: 'payments', 'aws:cloudformation:stack-name': name });

/** A CloudFormation stack of the payments workload, listing `members` (id → retained). */
function stack(name: string, members: Readonly<Record<string, boolean>>): Resource {
  return {
    arn: stackArn(name),
    type: STACK_TYPE,
    accountId: '111122223333',
    region: 'eu-west-1',
    name,
    tags: { workload: 'payments' },
    state: 'CREATE_COMPLETE',
    protection: { deletion: false, stop: false },
    dependsOn: [],
    stackResources: Object.entries(members).map(([id, retained]) => ({
      arn: instanceArn(id),
      logicalId: `Logical${id}`,
      retained,
    })),
  };
}

/** The fake cloud's ports, with `stacks` added to discovery and their type to the traits and handlers. */
async function planWith(instances: { id: string; tags: Record<string, string> }[], stacks: Resource[]): Promise<Plan> {
  const cloud = createFakeCloud({ source: { instances } });
  const { discoverScopes: _scopesOnly, ...base } = cloud.providers.inventory;
  const inventory: InventoryPort = {
    ...base,
    resourceTypes: [
      ...base.resourceTypes,
      { type: STACK_TYPE, matchesArn: (arn) => arn.includes(':stack/'), stoppable: false, holdsData: false },
    ],
    async *discover(source) {
      yield* base.discover(source);
      yield ok(stacks);
    },
  };
  const retirement: RetirementPort = {
    ...cloud.providers.retirement,
    supportedTypes: [...cloud.providers.retirement.supportedTypes, STACK_TYPE],
  };
  const engine = createEngine({
    checklist: createChecklist(paymentsWorkload(), [finalBackups, retireResources]),
    providers: { ...cloud.providers, inventory, retirement },
    journal: memoryJournal(),
  })._unsafeUnwrap();
  return (await engine.plan())._unsafeUnwrap();
}

describe('retire-resources and CloudFormation stacks', () => {
  it("retires a stack's resources by deleting the stack: taken along with their backups, the retained ones reported, none deleted one by one", async () => {
    const plan = await planWith(
      [
        { id: 'i-web', tags: { ...inStack('payments'), ManagedBy: 'Terraform' } },
        { id: 'i-kept', tags: inStack('payments') },
      ],
      [stack('payments', { 'i-web': false, 'i-kept': true })],
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
    const plan = await planWith(
      [
        { id: 'i-shared', tags: inStack('mixed') },
        { id: 'i-orphan', tags: inStack('elsewhere') },
        { id: 'i-free', tags: { workload: 'payments' } },
      ],
      // i-stranger belongs to the stack but not to the workload (not discovered).
      [stack('mixed', { 'i-shared': false, 'i-stranger': false })],
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
