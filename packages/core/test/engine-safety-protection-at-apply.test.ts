import {
  type ActionRecord,
  createChecklist,
  createEngine,
  defineStep,
  finalBackups,
  memoryJournal,
  type Plan,
  retireResources,
  verified,
  type Workload,
} from '@decomkit/core';
import { createFakeCloud, type FakeCloudSeed } from '@decomkit/fake';
import { describe, expect, it } from 'vitest';
import { AFTER_DELETE_DATE, instanceIdsIn, retireHarness } from './support/harness.js';
import { paymentsWorkload } from './support/workloads.js';

// The safety rule "protection is respected" when discovery did not read protection (the AWS provider's
// default: no per-instance reads at plan). engine-safety.test.ts keeps the case where it is read at plan.

const approve = () => true;
const tags = { workload: 'payments' };
const arnOf = (id: string) => `arn:aws:ec2:eu-west-1:111122223333:instance/${id}`;
const LIFT_ALLOWED = paymentsWorkload({ policies: { 'AWS::EC2::Instance': { liftProtection: true } } });

/** The cutover, verified by the test; it plans nothing. */
const cutover = defineStep({
  id: 'confirm-cutover-traffic',
  item: 'cutover',
  title: 'Cutover, as the test decides',
  needs: [],
  plan: () => ({ actions: [] }),
  verify: () => verified('test: traffic moved'),
});

/** A fake cloud past the delete date and an engine over the standard backup and retire steps. */
function world(seed: FakeCloudSeed, workload: Workload = paymentsWorkload()) {
  const cloud = createFakeCloud(seed);
  cloud.clock.set(AFTER_DELETE_DATE);
  const engine = createEngine({
    checklist: createChecklist(workload, [cutover, finalBackups, retireResources]),
    providers: cloud.providers,
    journal: memoryJournal(),
  })._unsafeUnwrap();
  return { cloud, engine };
}

/** Three payments instances, one termination-protected and one stop-protected, protection not read at plan. */
const UNREAD: FakeCloudSeed = {
  source: {
    instanceProtectionAtPlan: 'unknown',
    instances: [
      { id: 'i-pay0', tags },
      { id: 'i-pay1', tags },
      { id: 'i-protected', tags, terminationProtection: true },
      { id: 'i-nostop', tags, stopProtection: true },
    ],
  },
};

function retireStep(plan: Plan) {
  const step = plan.steps.find((candidate) => candidate.id === 'retire-resources');
  if (step === undefined) throw new Error('no retire-resources step');
  return step;
}

function recordsOf(run: { items: readonly { steps: readonly { actions: readonly ActionRecord[] }[] }[] }) {
  const records = run.items.flatMap((item) => item.steps.flatMap((step) => step.actions));
  return (id: string, kind: string) =>
    records.find((record) => record.action.target.arn === arnOf(id) && record.action.kind === kind);
}

describe('protection not read at plan, lifting not allowed', () => {
  it('plans the instance as unprotected and says what is checked at apply', async () => {
    const { engine, cloud } = world(UNREAD);
    const plan = (await engine.plan())._unsafeUnwrap();
    expect(cloud.calls.mutating()).toEqual([]);
    const step = retireStep(plan);
    expect(step.findings.filter((finding) => finding.severity === 'blocking')).toEqual([]);
    const checked = step.findings.find(
      (finding) => finding.code === 'protection-checked-at-apply' && finding.resource === arnOf('i-protected'),
    );
    expect(checked?.severity).toBe('info');
    expect(checked?.message).toContain('not read at plan');
    expect(checked?.message).toContain('its delete is refused and it stays, stopped by its scream test');
    expect(checked?.message).toContain('nothing is lifted');
    const kinds = step.actions
      .filter((action) => action.target.arn === arnOf('i-protected'))
      .map((action) => action.kind)
      .sort();
    expect(kinds).toEqual(['resource.delete', 'resource.stop']);
  });

  it('never terminates a termination-protected instance: its terminate fails typed, its stop is its only change, the others are retired', async () => {
    const { engine, cloud } = world(UNREAD);
    const run = (await engine.plan().andThen((plan) => engine.apply(plan, { approve })))._unsafeUnwrap();
    const about = recordsOf(run);

    expect(cloud.source.instance('i-protected').state).toBe('stopped');
    expect(cloud.source.instance('i-protected').terminationProtection).toBe(true);
    const terminate = about('i-protected', 'resource.delete');
    expect(terminate?.status).toBe('failed');
    expect(terminate?.error).toMatchObject({
      code: 'Conflict',
      resource: arnOf('i-protected'),
      protection: { flag: 'deletion', attribute: 'DisableApiTermination' },
    });
    expect(terminate?.error?.message).toContain('i-protected');
    expect(terminate?.error?.message).toContain('DisableApiTermination');
    expect(terminate?.error?.message).toContain('stays stopped');
    expect(about('i-protected', 'resource.stop')?.status).toBe('done');
    // Its stop is the only change it gets: no lift, and the one TerminateInstances naming it was refused.
    const touching = cloud.calls.mutating().filter((call) => instanceIdsIn([call]).includes('i-protected'));
    expect(touching.map((call) => call.operation)).not.toContain('ModifyInstanceAttribute');
    expect(new Set(touching.map((call) => call.operation))).toEqual(new Set(['StopInstances', 'TerminateInstances']));

    expect(cloud.source.instance('i-pay0').state).toBe('terminated');
    expect(cloud.source.instance('i-pay1').state).toBe('terminated');
    expect(run.items.find((item) => item.item === 'retire')?.checked).toBe(false);
    expect(run.status).toBe('failed');
  });

  it('never stops nor terminates a stop-protected instance: its stop fails typed and its delete waits', async () => {
    const { engine, cloud } = world(UNREAD);
    const run = (await engine.plan().andThen((plan) => engine.apply(plan, { approve })))._unsafeUnwrap();
    const about = recordsOf(run);
    expect(cloud.source.instance('i-nostop').state).toBe('running');
    expect(about('i-nostop', 'resource.stop')?.error).toMatchObject({
      code: 'Conflict',
      resource: arnOf('i-nostop'),
      protection: { flag: 'stop', attribute: 'DisableApiStop' },
    });
    expect(about('i-nostop', 'resource.delete')?.status).toBe('waiting');
    expect(cloud.calls.of('TerminateInstances').flatMap((call) => instanceIdsIn([call]))).not.toContain('i-nostop');
  });
});

describe('protection not read at plan, lifting allowed', () => {
  it('lifts before the stop, reading the flags at apply: the protected one is lifted and retired, the other has nothing to lift', async () => {
    const { engine, cloud } = world(
      {
        source: {
          instanceProtectionAtPlan: 'unknown',
          instances: [
            { id: 'i-pay0', tags },
            { id: 'i-protected', tags, terminationProtection: true },
          ],
        },
      },
      LIFT_ALLOWED,
    );
    const plan = (await engine.plan())._unsafeUnwrap();
    const step = retireStep(plan);
    const lift = step.actions.find(
      (action) => action.kind === 'protection.lift' && action.target.arn === arnOf('i-pay0'),
    );
    const stop = step.actions.find(
      (action) => action.kind === 'resource.stop' && action.target.arn === arnOf('i-pay0'),
    );
    expect(lift?.gates.map((gate) => gate.kind).sort()).toEqual([
      'approval',
      'backupCompleted',
      'cutoverConfirmed',
      'notBefore',
    ]);
    expect(stop?.dependsOn).toContain(lift?.key);
    const run = (await engine.apply(plan, { approve }))._unsafeUnwrap();
    const about = recordsOf(run);
    expect(run.status).toBe('completed');
    expect(cloud.source.instance('i-protected').state).toBe('terminated');
    expect(cloud.source.instance('i-pay0').state).toBe('terminated');
    expect(about('i-protected', 'protection.lift')?.result).toMatchObject({
      protection: 'lifted',
      lifted: ['DisableApiTermination'],
    });
    expect(about('i-pay0', 'protection.lift')?.result).toMatchObject({ protection: 'nothing to lift', lifted: [] });
    expect(cloud.calls.of('ModifyInstanceAttribute').map((call) => call.target)).toEqual(['i-protected']);
  });
});

describe('protection read at plan (the fake by default)', () => {
  it('blocks a protected instance the workload does not allow lifting at plan: never touched', async () => {
    const { engine, cloud } = world({
      source: {
        instances: [
          { id: 'i-pay0', tags },
          { id: 'i-protected', tags, terminationProtection: true },
        ],
      },
    });
    const plan = (await engine.plan())._unsafeUnwrap();
    const step = retireStep(plan);
    expect(
      step.findings.find((finding) => finding.severity === 'blocking' && finding.resource === arnOf('i-protected'))
        ?.code,
    ).toBe('protected');
    expect(step.actions.some((action) => action.target.arn === arnOf('i-protected'))).toBe(false);
    (await engine.apply(plan, { approve }))._unsafeUnwrap();
    expect(cloud.source.instance('i-protected').state).toBe('running');
    expect(cloud.calls.mutating().filter((call) => instanceIdsIn([call]).includes('i-protected'))).toEqual([]);
    expect(cloud.source.instance('i-pay0').state).toBe('terminated');
  });
});

describe('a step of your own that tests the flags', () => {
  it("counts 'unknown' as protected (the example steps): blocked at plan where lifting is not allowed, never touched", async () => {
    const { engine, cloud } = retireHarness(UNREAD);
    cloud.clock.set(AFTER_DELETE_DATE);
    const plan = (await engine.plan())._unsafeUnwrap();
    const step = plan.steps.find((candidate) => candidate.id === 'retire-instances');
    expect(step?.findings.filter((finding) => finding.code === 'protected').map((finding) => finding.resource)).toEqual(
      ['i-pay0', 'i-pay1', 'i-protected', 'i-nostop'].map(arnOf),
    );
    (await engine.apply(plan, { approve }))._unsafeUnwrap();
    expect(cloud.calls.of('StopInstances')).toEqual([]);
    expect(cloud.calls.of('TerminateInstances')).toEqual([]);
  });
});
