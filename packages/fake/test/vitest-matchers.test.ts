import type { RunReport } from '@decomkit/core';
import { createEngine, memoryJournal } from '@decomkit/core';
import { createFakeCloud, type FakeCloud, FakeInputError } from '@decomkit/fake';
import { fakeCloudMatchers } from '@decomkit/fake/vitest';
import { describe, expect, it } from 'vitest';
import { retireInstancesChecklist } from '../../../examples/retire-instances-steps.js';
import { paymentsWorkload } from './retire-run.js';

expect.extend(fakeCloudMatchers);

const KEEP = 'i-0a1b2c3d4e5f60009';
const GO = 'i-0a1b2c3d4e5f60001';
const arnOf = (id: string) => `arn:aws:ec2:eu-west-1:111122223333:instance/${id}`;

async function retired(): Promise<{ cloud: FakeCloud; run: RunReport }> {
  const cloud = createFakeCloud({
    source: {
      instances: [
        { id: GO, tags: { workload: 'payments' } },
        { id: KEEP, tags: { workload: 'billing' } },
      ],
    },
  });
  const engine = createEngine({
    checklist: retireInstancesChecklist(paymentsWorkload()),
    providers: cloud.providers,
    journal: memoryJournal(),
    onEvent: cloud.calls.recordEngineEvent,
  })._unsafeUnwrap();
  const plan = (await engine.plan())._unsafeUnwrap();
  cloud.clock.set('2026-12-16T00:00:00Z');
  const run = (await engine.apply(plan, { approve: () => true }))._unsafeUnwrap();
  return { cloud, run };
}

/** The message a failing assertion gives. */
function failureOf(assertion: () => void): string {
  try {
    assertion();
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
  throw new Error('expected the assertion to fail');
}

describe('@decomkit/fake/vitest', () => {
  it('passes on a run that retired its instance and left the other alone, with no mutation during plan', async () => {
    const { cloud, run } = await retired();
    expect(run).toHaveRetired(arnOf(GO));
    expect(run).not.toHaveRetired(arnOf(KEEP));
    expect(cloud).toHaveNoMutationsDuringPlan();
    expect(cloud).toHaveCalled('ec2:TerminateInstances', { times: 1, target: GO });
    expect(cloud).toHaveCalled('backup:StartBackupJob');
    expect(cloud).not.toHaveCalled('rds:DeleteDBInstance');
    expect(cloud).toHaveLeftUntouched(arnOf(KEEP));
    expect(cloud).not.toHaveLeftUntouched(arnOf(GO));
  });

  it('fails with messages that say what happened instead', async () => {
    const { cloud, run } = await retired();
    expect(failureOf(() => expect(run).toHaveRetired(arnOf(KEEP)))).toContain(
      `to have retired ${arnOf(KEEP)}, but: no action of the run targets it`,
    );
    expect(failureOf(() => expect(cloud).toHaveCalled('ec2:StopInstances', { times: 3 }))).toMatch(
      /expected 3 call\(s\) of ec2:StopInstances, but there was 1: #\d+ ec2:StopInstances on i-0a1b2c3d4e5f60001/,
    );
    expect(failureOf(() => expect(cloud).toHaveCalled('rds:DeleteDBInstance'))).toMatch(
      /but there were 0; the rds calls made: .*DescribeDBInstances/,
    );
    expect(failureOf(() => expect(cloud).toHaveLeftUntouched(arnOf(GO)))).toMatch(
      /to be left untouched, but: #\d+ backup:StartBackupJob on arn:\S+, #\d+ ec2:StopInstances on i-0a1b2c3d4e5f60001, #\d+ ec2:TerminateInstances/,
    );
  });

  it('names the failed delete when a run did not retire what it planned to', async () => {
    const cloud = createFakeCloud({ source: { instances: [{ id: GO, tags: { workload: 'payments' } }] } });
    cloud.faults.on('ec2:TerminateInstances').fail({ code: 'UnauthorizedOperation' });
    const engine = createEngine({
      checklist: retireInstancesChecklist(paymentsWorkload()),
      providers: cloud.providers,
      journal: memoryJournal(),
    })._unsafeUnwrap();
    cloud.clock.set('2026-12-16T00:00:00Z');
    const run = (await engine.plan().andThen((plan) => engine.apply(plan, { approve: () => true })))._unsafeUnwrap();
    expect(failureOf(() => expect(run).toHaveRetired(arnOf(GO)))).toMatch(
      /resource\.delete failed \(.*UnauthorizedOperation/,
    );
  });

  it('sees a mutating call made while a plan runs', async () => {
    const cloud = createFakeCloud({ source: { instances: [{ id: GO, tags: { workload: 'payments' } }] } });
    cloud.calls.recordEngineEvent({ type: 'plan.started' });
    await cloud.aws.ec2.stopInstances([GO]);
    cloud.calls.recordEngineEvent({ type: 'plan.finished' });
    await cloud.aws.ec2.terminateInstances([GO]);
    expect(failureOf(() => expect(cloud).toHaveNoMutationsDuringPlan())).toMatch(
      /expected no mutating call during plan, but there were 1: #1 ec2:StopInstances on i-0a1b2c3d4e5f60001$/,
    );
  });

  it('refuses to pass on nothing: no plan seen, a Result instead of a report, a malformed operation', async () => {
    const cloud = createFakeCloud();
    expect(() => expect(cloud).toHaveNoMutationsDuringPlan()).toThrow(FakeInputError);
    expect(() => expect(cloud).not.toHaveNoMutationsDuringPlan()).toThrow(/recordEngineEvent/);
    const { run } = await retired();
    expect(() => expect({ value: run }).not.toHaveRetired(arnOf(GO))).toThrow(/expected a run report/);
    expect(() => expect(run).toHaveRetired('')).toThrow(/toHaveRetired\.arn/);
    expect(() => expect(cloud).toHaveCalled('StopInstances')).toThrow(/"service:Operation"/);
    expect(() => expect(cloud).toHaveCalled('ec2:StopInstances', { times: -1 })).toThrow(/toHaveCalled\.times/);
    expect(() => expect(run).toHaveLeftUntouched(arnOf(GO))).toThrow(/expected a fake cloud/);
  });
});
