import {
  createEngine,
  decommissionChecklist,
  defineStep,
  defineWorkload,
  memoryJournal,
  verified,
  type Workload,
  type WorkloadInput,
} from '@decomkit/core';
import { createFakeCloud, type FakeCloudSeed } from '@decomkit/fake';
import { describe, expect, it } from 'vitest';
import { planHash } from '../src/model/plan.js';
import { standardSeed, standardWorkload } from './support/standard-world.js';

const NOW = '2026-12-16T00:00:00Z';
const GLUE_JOB = 'arn:aws:glue:eu-west-1:111122223333:job/payments-nightly';
const WEB2 = 'arn:aws:ec2:eu-west-1:111122223333:instance/i-web2';

/** The standard world with a resource no handler supports (a Glue job of the workload). */
function seed(): FakeCloudSeed {
  const base = standardSeed(NOW);
  return {
    ...base,
    source: {
      ...base.source,
      otherResources: [
        { type: 'AWS::Glue::Job', name: 'payments-nightly', arn: GLUE_JOB, tags: { workload: 'payments' } },
      ],
    },
  };
}

function withExceptions(exceptions: WorkloadInput['exceptions']): Workload {
  return defineWorkload({ ...standardWorkload(), exceptions } as WorkloadInput)._unsafeUnwrap();
}

async function run(workload: Workload) {
  const cloud = createFakeCloud(seed());
  const engine = createEngine({
    checklist: decommissionChecklist(workload),
    providers: cloud.providers,
    journal: memoryJournal(),
  })._unsafeUnwrap();
  const plan = (await engine.plan())._unsafeUnwrap();
  const report = (await engine.apply(plan, { approve: () => true }))._unsafeUnwrap();
  const retire = report.items.find((item) => item.item === 'retire');
  const findings = plan.steps.flatMap((step) => step.findings);
  return { cloud, plan, report, retire, findings };
}

describe('workload exceptions', () => {
  it('keep an unhandled resource open until it is excepted; then the retire item is checked and lists it', async () => {
    const without = await run(standardWorkload());
    expect(without.retire?.checked).toBe(false);
    expect(without.findings).toContainEqual(expect.objectContaining({ code: 'unhandled', resource: GLUE_JOB }));

    const excepted = await run(
      withExceptions([{ arn: GLUE_JOB, reason: 'shared with the billing workload', approvedBy: 'jane@example.com' }]),
    );
    expect(excepted.retire?.checked, excepted.retire?.reasons.join('; ')).toBe(true);
    expect(excepted.plan.excepted).toEqual([
      {
        arn: GLUE_JOB,
        type: 'AWS::Glue::Job',
        reason: 'shared with the billing workload',
        approvedBy: 'jane@example.com',
        dependsOn: [],
      },
    ]);
    expect(excepted.plan.inventory.map((resource) => resource.arn)).not.toContain(GLUE_JOB);
    expect(excepted.findings).toContainEqual({
      severity: 'info',
      code: 'excepted',
      message: `${GLUE_JOB} (AWS::Glue::Job) stays on purpose: shared with the billing workload (approved by jane@example.com); never touched`,
      resource: GLUE_JOB,
    });
    const evidence = excepted.report.items.flatMap((item) => item.steps).find((step) => step.id === 'retire-resources');
    expect(evidence?.evidence?.summary).toMatch(/; 1 kept on purpose \(workload exceptions\)$/);
  });

  it('never touches an excepted resource that a handler supports: excepted by type, every instance stays', async () => {
    const { cloud, plan } = await run(
      withExceptions([
        { arn: GLUE_JOB, reason: 'shared', approvedBy: 'jane@example.com' },
        { type: 'AWS::EC2::Instance', reason: 'kept for the legal hold', approvedBy: 'legal@example.com' },
      ]),
    );
    const targets = plan.steps.flatMap((step) => step.actions).flatMap((action) => action.target.arn ?? []);
    expect(targets.filter((arn) => arn.includes(':instance/'))).toEqual([]);
    expect(cloud.source.instance('i-web1').state).toBe('running');
    expect(cloud.source.instance('i-web2').state).toBe('running');
    // The instance's DeleteOnTermination volume would go with it: its own deletion is held, never taken around it.
    expect(plan.steps.flatMap((step) => step.findings)).toContainEqual(
      expect.objectContaining({ code: 'held-by-unretired', resource: expect.stringContaining('vol-web1') }),
    );
  });

  it('makes the engine refuse a custom step that plans an action on an excepted resource', async () => {
    const workload = withExceptions([{ arn: WEB2, reason: 'kept', approvedBy: 'jane@example.com' }]);
    const rogue = defineStep({
      id: 'stop-web2',
      item: 'retire',
      title: 'Stop web-2 anyway',
      needs: [],
      plan: ({ action }) => ({
        actions: [
          action({ kind: 'resource.stop', target: { ref: WEB2, arn: WEB2, resourceType: 'AWS::EC2::Instance' } }),
        ],
      }),
      verify: () => verified('stopped'),
    });
    const cloud = createFakeCloud(seed());
    const engine = createEngine({
      checklist: decommissionChecklist(workload).append(rogue),
      providers: cloud.providers,
      journal: memoryJournal(),
    })._unsafeUnwrap();
    const failure = (await engine.plan())._unsafeUnwrapErr();
    expect(failure.code).toBe('InvalidInput');
    expect(failure.message).toContain(WEB2);
  });

  it('refuses a plan edited to put an excepted resource back, with its hash recomputed', async () => {
    const workload = withExceptions([{ arn: WEB2, reason: 'kept', approvedBy: 'jane@example.com' }]);
    const cloud = createFakeCloud(seed());
    const engine = createEngine({
      checklist: decommissionChecklist(workload),
      providers: cloud.providers,
      journal: memoryJournal(),
    })._unsafeUnwrap();
    const plan = (await engine.plan())._unsafeUnwrap();
    // The excepted instance as an unexcepted plan of the same world has it, and a stop like web-1's.
    const other = (await run(standardWorkload())).plan;
    const web2 = other.inventory.find((resource) => resource.arn === WEB2);
    const retire = plan.steps.find((step) => step.id === 'retire-resources');
    const stop = retire?.actions.find((action) => action.kind === 'resource.stop');
    expect(web2 !== undefined && retire !== undefined && stop !== undefined).toBe(true);
    if (web2 === undefined || retire === undefined || stop === undefined) return;
    const stopWeb2 = {
      ...stop,
      key: `${stop.key}-web2`,
      target: { ...stop.target, ref: WEB2, arn: WEB2 },
      dependsOn: [],
    };
    const steps = plan.steps.map((step) =>
      step === retire ? { ...step, actions: [...step.actions, stopWeb2] } : step,
    );
    const { hash: _hash, ...content } = { ...plan, steps, inventory: [...plan.inventory, web2] };
    const edited = { ...content, hash: planHash(content) };
    const failure = (await engine.apply(edited, { approve: () => true }))._unsafeUnwrapErr();
    expect(failure.code).toBe('InvalidInput');
    expect(failure.message).toContain(`targets ${WEB2}, which the workload's exceptions keep`);
    expect(cloud.source.instance('i-web2').state).toBe('running');
    expect(cloud.calls.mutating()).toEqual([]);
  });

  it('refuses an exception that names both an ARN and a type, or neither, or gives no reason', () => {
    const both = defineWorkload({
      ...standardWorkload(),
      exceptions: [{ arn: GLUE_JOB, type: 'AWS::Glue::Job', reason: 'x', approvedBy: 'y' }],
    } as WorkloadInput);
    expect(both._unsafeUnwrapErr().message).toMatch(/exceptions\.0.*give exactly one of arn, type or dependent/);
    const neither = defineWorkload({
      ...standardWorkload(),
      exceptions: [{ reason: 'x', approvedBy: 'y' }],
    } as WorkloadInput);
    expect(neither._unsafeUnwrapErr().message).toMatch(/give exactly one of arn, type or dependent/);
    const noReason = defineWorkload({
      ...standardWorkload(),
      exceptions: [{ arn: GLUE_JOB, reason: ' ', approvedBy: 'y' }],
    } as WorkloadInput);
    expect(noReason._unsafeUnwrapErr().message).toMatch(/exceptions\.0\.reason/);
  });
});
