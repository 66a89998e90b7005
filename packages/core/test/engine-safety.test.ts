import { createChecklist, createEngine, defineStep, memoryJournal, type Plan, verified } from '@decomkit/core';
import { createFakeCloud } from '@decomkit/fake';
import { describe, expect, it } from 'vitest';
import { planHash } from '../src/model/plan.js';
import { AFTER_DELETE_DATE, paymentsInstances, retireHarness } from './support/harness.js';
import { paymentsWorkload } from './support/workloads.js';

const approve = () => true;

describe('plan', () => {
  it('makes no mutating call and sees only resources in scope', async () => {
    const { cloud, engine } = retireHarness({
      source: {
        instances: [
          ...paymentsInstances(3),
          { id: 'i-lookalike', tags: { workload: 'payments-staging' } },
          { id: 'i-otherregion', tags: { workload: 'payments' }, region: 'us-east-1' },
          { id: 'i-otheraccount', tags: { workload: 'payments' }, accountId: '999988887777' },
        ],
      },
    });
    const plan = (await engine.plan())._unsafeUnwrap();
    expect(cloud.calls.all().length).toBeGreaterThan(0);
    expect(cloud.calls.mutating()).toEqual([]);
    expect(plan.inventory.map((resource) => resource.arn).sort()).toEqual(
      ['i-pay0', 'i-pay1', 'i-pay2'].map((id) => `arn:aws:ec2:eu-west-1:111122223333:instance/${id}`),
    );
    expect(plan.hash).toBe(planHash(plan));
  });

  it('refuses a step that proposes an action on a resource outside the scope', async () => {
    const cloud = createFakeCloud({ source: { instances: [{ id: 'i-stranger', tags: { workload: 'billing' } }] } });
    const rogue = defineStep({
      id: 'rogue',
      item: 'retire',
      title: 'Deletes something it should not',
      needs: ['retirement'],
      plan: ({ action }) => {
        const arn = 'arn:aws:ec2:eu-west-1:111122223333:instance/i-stranger';
        return { actions: [action({ kind: 'resource.delete', target: { ref: arn, arn } })] };
      },
      verify: () => verified('never'),
    });
    const engine = createEngine({
      checklist: createChecklist(paymentsWorkload(), [rogue]),
      providers: cloud.providers,
      journal: memoryJournal(),
    })._unsafeUnwrap();
    const plan = await engine.plan();
    expect(plan._unsafeUnwrapErr().code).toBe('InvalidInput');
    expect(plan._unsafeUnwrapErr().message).toContain('i-stranger');
    expect(cloud.calls.mutating()).toEqual([]);
  });

  it('hides action handlers and mutating methods from steps while they plan', async () => {
    const cloud = createFakeCloud();
    let seen: unknown = 'not called';
    let put: unknown = 'not called';
    const peek = defineStep({
      id: 'peek',
      item: 'retire',
      title: 'Looks for handlers',
      needs: ['retirement', 'artifacts'],
      plan: ({ ports }) => {
        seen = ports.retirement.handlers;
        put = ports.artifacts.put;
        return { actions: [] };
      },
      verify: () => verified('ok'),
    });
    const engine = createEngine({
      checklist: createChecklist(paymentsWorkload(), [peek]),
      providers: cloud.providers,
      journal: memoryJournal(),
    })._unsafeUnwrap();
    (await engine.plan())._unsafeUnwrap();
    expect(seen).toBeUndefined();
    expect(put).toBeUndefined();
    expect(cloud.providers.retirement.supportedTypes).toContain('AWS::EC2::Instance');
  });
});

describe('account guard', () => {
  it('refuses to plan or apply with credentials for another account', async () => {
    const { engine, cloud } = retireHarness({
      accountId: '999988887777',
      source: { instances: paymentsInstances(1, { accountId: '111122223333' }) },
    });
    const plan = await engine.plan();
    expect(plan._unsafeUnwrapErr()).toMatchObject({ code: 'GuardRefused', guard: 'account' });
    expect(plan._unsafeUnwrapErr().message).toContain('999988887777');
    expect(cloud.calls.mutating()).toEqual([]);
  });

  it('refuses an account on the deny list and a wrong alias', async () => {
    const denied = paymentsWorkload({ guards: { deniedAccounts: ['444455556666'] } });
    const deniedHarness = retireHarness({ accountId: '444455556666', source: { instances: [] } }, denied);
    expect((await deniedHarness.engine.plan())._unsafeUnwrapErr()).toMatchObject({
      code: 'GuardRefused',
      guard: 'deniedAccount',
    });

    const aliased = paymentsWorkload({ guards: { deniedAccounts: [], requiredAccountAlias: 'payments-prod' } });
    const wrongAlias = retireHarness(
      { accountAlias: 'payments-dev', source: { instances: paymentsInstances(1) } },
      aliased,
    );
    expect((await wrongAlias.engine.plan())._unsafeUnwrapErr()).toMatchObject({
      code: 'GuardRefused',
      guard: 'accountAlias',
    });
    const rightAlias = retireHarness(
      { accountAlias: 'payments-prod', source: { instances: paymentsInstances(1) } },
      aliased,
    );
    expect((await rightAlias.engine.plan()).isOk()).toBe(true);
  });

  it('checks the guard again at apply time and journals the refusal', async () => {
    const { engine, cloud, journal } = retireHarness({ source: { instances: paymentsInstances(2) } });
    const plan = (await engine.plan())._unsafeUnwrap();
    const other = createFakeCloud({
      accountId: '999988887777',
      source: { instances: cloud.source.instances().map((instance) => ({ ...instance, name: undefined })) },
    });
    const engineOnOtherAccount = createEngine({
      checklist: (await import('../../../examples/retire-instances-steps.js')).retireInstancesChecklist(
        paymentsWorkload(),
      ),
      providers: other.providers,
      journal,
    })._unsafeUnwrap();
    const run = await engineOnOtherAccount.apply(plan, { approve, runId: 'wrong-account' });
    expect(run._unsafeUnwrapErr().code).toBe('GuardRefused');
    expect(other.calls.mutating()).toEqual([]);
    const status = (await engineOnOtherAccount.status('wrong-account'))._unsafeUnwrap();
    expect(status.status).toBe('refused');
    expect(status.refusal).toContain('999988887777');
  });
});

describe('apply executes the plan and nothing else', () => {
  it('refuses a plan edited after it was made', async () => {
    const { engine, cloud } = retireHarness({ source: { instances: paymentsInstances(1) } });
    const plan = (await engine.plan())._unsafeUnwrap();
    const edited: Plan = {
      ...plan,
      steps: plan.steps.map((step) => ({ ...step, actions: step.actions.map((action) => ({ ...action, gates: [] })) })),
    };
    const run = await engine.apply(edited, { approve });
    expect(run._unsafeUnwrapErr().code).toBe('InvalidInput');
    expect(run._unsafeUnwrapErr().message).toContain('hash');
    expect(cloud.calls.mutating()).toEqual([]);
  });

  it('refuses a plan made for another workload', async () => {
    const { engine } = retireHarness({ source: { instances: paymentsInstances(1) } });
    const otherWorkload = paymentsWorkload({
      id: 'billing',
      source: { accountId: '111122223333', regions: ['eu-west-1'], select: { tags: { workload: 'billing' } } },
    });
    const other = retireHarness(
      { source: { instances: [{ id: 'i-b', tags: { workload: 'billing' } }] } },
      otherWorkload,
    );
    const otherPlan = (await other.engine.plan())._unsafeUnwrap();
    expect((await engine.apply(otherPlan))._unsafeUnwrapErr().message).toContain('another workload');
  });

  it('skips a target that is gone, refuses one that left the scope, reports new ones and touches none of them', async () => {
    const { engine, cloud } = retireHarness({ source: { instances: paymentsInstances(3) } });
    const plan = (await engine.plan())._unsafeUnwrap();
    // After planning: i-pay0 is terminated by someone else, i-pay1 is re-tagged to another workload, i-new appears.
    const state = cloud.snapshot();
    const gone = state.instances.find((instance) => instance.id === 'i-pay0');
    if (gone === undefined) throw new Error('fixture');
    gone.state = 'terminated';
    const retagged = state.instances.find((instance) => instance.id === 'i-pay1');
    if (retagged === undefined) throw new Error('fixture');
    retagged.tags = { workload: 'billing' };
    state.instances.push({
      ...structuredClone(retagged),
      id: 'i-new',
      arn: retagged.arn.replace('i-pay1', 'i-new'),
      tags: { workload: 'payments' },
    });
    const { restoreFakeCloud } = await import('@decomkit/fake');
    const drifted = restoreFakeCloud(state);
    drifted.clock.set(AFTER_DELETE_DATE);
    const driftedEngine = createEngine({
      checklist: (await import('../../../examples/retire-instances-steps.js')).retireInstancesChecklist(
        paymentsWorkload(),
      ),
      providers: drifted.providers,
      journal: memoryJournal(),
    })._unsafeUnwrap();
    const run = (await driftedEngine.apply(plan, { approve }))._unsafeUnwrap();
    const records = run.items.flatMap((item) => item.steps.flatMap((step) => step.actions));
    const about = (id: string, kind: string) =>
      records.find((record) => record.action.target.ref.endsWith(`/${id}`) && record.action.kind === kind);
    expect(about('i-pay0', 'backup.create')?.status).toBe('skipped');
    expect(about('i-pay0', 'backup.create')?.reason).toContain('no longer exists');
    expect(about('i-pay1', 'backup.create')?.status).toBe('refused');
    expect(about('i-pay1', 'backup.create')?.reason).toContain('out of scope');
    expect(about('i-pay2', 'backup.create')?.status).toBe('done');
    // The backups step cannot be verified with a refused action, so retirement waits for it: fail closed.
    expect(about('i-pay2', 'resource.delete')?.status).toBe('waiting');
    expect(about('i-pay2', 'resource.delete')?.reason).toContain('snapshot-instances');
    expect(drifted.source.instance('i-pay2').state).toBe('running');
    expect(run.drift).toEqual(['arn:aws:ec2:eu-west-1:111122223333:instance/i-new']);
    expect(drifted.source.instance('i-pay1').state).toBe('running');
    expect(drifted.source.instance('i-new').state).toBe('running');
    expect(
      drifted.calls.mutating().filter((call) => call.target?.includes('i-pay1') || call.target?.includes('i-new')),
    ).toEqual([]);
    expect(run.status).toBe('failed');
  });

  it('never deletes without a completed backup', async () => {
    const { engine, cloud } = retireHarness({ source: { instances: paymentsInstances(2) } });
    cloud.clock.set(AFTER_DELETE_DATE);
    cloud.faults.inject({ service: 'backup', operation: 'StartBackupJob', error: 'access-denied' });
    const run = (await engine.plan().andThen((plan) => engine.apply(plan, { approve })))._unsafeUnwrap();
    expect(cloud.calls.of('TerminateInstances')).toEqual([]);
    expect(cloud.source.instances().every((instance) => instance.state === 'running')).toBe(true);
    const retire = run.items.find((item) => item.item === 'retire');
    expect(retire?.checked).toBe(false);
    expect(retire?.reasons.join(' ')).toContain('snapshot-instances');
    expect(run.status).toBe('failed');
  });

  it('leaves protected instances and unreadable tags alone, keeping the retire item open', async () => {
    const { engine, cloud } = retireHarness({
      source: {
        instances: [
          ...paymentsInstances(1),
          { id: 'i-protected', tags: { workload: 'payments' }, terminationProtection: true },
          { id: 'i-secrettags', tags: { workload: 'payments' }, tagsReadable: false },
        ],
      },
    });
    cloud.clock.set(AFTER_DELETE_DATE);
    const plan = (await engine.plan())._unsafeUnwrap();
    const retireStep = plan.steps.find((step) => step.id === 'retire-instances');
    expect(retireStep?.findings.map((finding) => finding.code).sort()).toEqual(['protected', 'tags-unreadable']);
    expect(
      retireStep?.actions.some(
        (action) => action.target.ref.includes('i-protected') || action.target.ref.includes('i-secrettags'),
      ),
    ).toBe(false);
    const run = (await engine.apply(plan, { approve }))._unsafeUnwrap();
    expect(cloud.source.instance('i-pay0').state).toBe('terminated');
    expect(cloud.source.instance('i-protected').state).toBe('running');
    expect(cloud.source.instance('i-secrettags').state).toBe('running');
    expect(run.items.find((item) => item.item === 'retire')?.checked).toBe(false);
    expect(run.items.find((item) => item.item === 'retire')?.reasons.join(' ')).toContain('blocking findings');
    // Every action settled, yet the item cannot be checked: the run is incomplete, not waiting.
    expect(run.status).toBe('incomplete');
  });

  it('lifts protection as its own journaled action where the workload allows it', async () => {
    const workload = paymentsWorkload({ policies: { 'AWS::EC2::Instance': { liftProtection: true } } });
    const { engine, cloud, journal } = retireHarness(
      { source: { instances: [{ id: 'i-protected', tags: { workload: 'payments' }, terminationProtection: true }] } },
      workload,
    );
    cloud.clock.set(AFTER_DELETE_DATE);
    const run = (await engine.plan().andThen((plan) => engine.apply(plan, { approve })))._unsafeUnwrap();
    expect(run.status).toBe('completed');
    expect(cloud.source.instance('i-protected').state).toBe('terminated');
    const kinds = cloud.calls.mutating().map((call) => call.operation);
    expect(kinds.indexOf('ModifyInstanceAttribute')).toBeLessThan(kinds.indexOf('TerminateInstances'));
    const intents = journal.records(run.runId).filter((record) => record.entry.type === 'action.intent');
    expect(intents.map((record) => (record.entry as { key: string }).key)).toContain(
      'retire-instances:protection.lift:arn:aws:ec2:eu-west-1:111122223333:instance/i-protected',
    );
  });
});
