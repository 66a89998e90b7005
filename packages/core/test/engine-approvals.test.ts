import { type ApprovalRequest, type RunOptions, type RunReport, renderChecklist } from '@decomkit/core';
import { describe, expect, it } from 'vitest';
import { approvalCoverage } from '../src/engine/approvals.js';
import { newRunState } from '../src/engine/run-state.js';
import { AFTER_DELETE_DATE, paymentsInstances, retireHarness } from './support/harness.js';
import { paymentsWorkload } from './support/workloads.js';

const recordsOf = (run: RunReport, kind: string) =>
  run.items
    .flatMap((item) => item.steps.flatMap((step) => step.actions))
    .filter((record) => record.action.kind === kind);

/** A run of five instances past the delete date whose `retire` approval was denied. */
async function deniedRun() {
  const harness = retireHarness({ source: { instances: paymentsInstances(5) } });
  harness.cloud.clock.set(AFTER_DELETE_DATE);
  const plan = (await harness.engine.plan())._unsafeUnwrap();
  const denied = (await harness.engine.apply(plan, { approve: () => false }))._unsafeUnwrap();
  const decisions = () =>
    harness.journal
      .records(denied.runId)
      .filter((record) => record.entry.type.startsWith('approval.'))
      .map((record) => ({ type: record.entry.type, at: record.at }));
  return { ...harness, denied, decisions };
}

describe('approval denials', () => {
  it('journals a denial and reports the approval as denied, with its time', async () => {
    const { denied, decisions, cloud } = await deniedRun();
    expect(denied.status).toBe('waiting');
    const [decision] = decisions();
    expect(decision?.type).toBe('approval.denied');
    expect(denied.approvals).toEqual([{ name: 'retire', status: 'denied', at: decision?.at }]);
    const deletes = recordsOf(denied, 'resource.delete');
    expect(deletes).toHaveLength(5);
    for (const record of deletes) {
      expect(record.status).toBe('waiting');
      expect(record.reason).toContain(`approval "retire" was denied at ${decision?.at}`);
      expect(record.reason).not.toContain('waits for approval');
    }
    const table = renderChecklist(denied);
    expect(table).toContain(`Approval "retire": denied at ${decision?.at}`);
    expect(table).toContain('was denied');
    expect(cloud.calls.of('TerminateInstances')).toEqual([]);
  });

  it('does not ask a denied approval again on resume', async () => {
    const { engine, denied, decisions, cloud } = await deniedRun();
    const asked: ApprovalRequest[] = [];
    const resumed = (
      await engine.resume(denied.runId, {
        approve: (request) => {
          asked.push(request);
          return true;
        },
      })
    )._unsafeUnwrap();
    expect(asked).toEqual([]);
    expect(resumed.status).toBe('waiting');
    expect(resumed.approvals.map((approval) => approval.status)).toEqual(['denied']);
    expect(decisions().map((decision) => decision.type)).toEqual(['approval.denied']);
    expect(recordsOf(resumed, 'resource.delete').every((record) => record.reason?.includes('denied'))).toBe(true);
    expect(cloud.calls.of('TerminateInstances')).toEqual([]);
    // A status read replays the same answer.
    expect((await engine.status(denied.runId))._unsafeUnwrap().approvals).toEqual(resumed.approvals);
  });

  it('asks a denied approval again when the caller names it in askAgain', async () => {
    const { engine, denied, decisions, cloud } = await deniedRun();
    const asked: string[] = [];
    const resumed = (
      await engine.resume(denied.runId, {
        askAgain: ['retire'],
        approve: (request) => {
          asked.push(request.name);
          return true;
        },
      })
    )._unsafeUnwrap();
    expect(asked).toEqual(['retire']);
    expect(resumed.status).toBe('completed');
    expect(decisions().map((decision) => decision.type)).toEqual(['approval.denied', 'approval.granted']);
    expect(resumed.approvals).toEqual([{ name: 'retire', status: 'granted', at: decisions()[1]?.at }]);
    expect(cloud.calls.of('TerminateInstances').length).toBeGreaterThan(0);
  });

  it('refuses malformed approval options with InvalidInput, approving nothing', async () => {
    const { engine, cloud } = retireHarness({ source: { instances: paymentsInstances(1) } });
    cloud.clock.set(AFTER_DELETE_DATE);
    const plan = (await engine.plan())._unsafeUnwrap();
    const options = { approve: () => true, askAgain: 'retire', approvalTargetLimit: -1 } as unknown as RunOptions;
    const run = (await engine.apply(plan, options))._unsafeUnwrap();
    expect(run.status).toBe('failed');
    const [record] = recordsOf(run, 'resource.delete');
    expect(record?.error?.code).toBe('InvalidInput');
    expect(record?.error?.code === 'InvalidInput' && record.error.issues.map((issue) => issue.path)).toEqual([
      'askAgain',
      'approvalTargetLimit',
    ]);
    expect(run.approvals).toEqual([{ name: 'retire', status: 'pending', at: null }]);
    expect(cloud.calls.of('TerminateInstances')).toEqual([]);
  });

  it('reports an approval nobody has answered yet as pending', async () => {
    const { engine, cloud } = retireHarness({ source: { instances: paymentsInstances(1) } });
    cloud.clock.set(AFTER_DELETE_DATE);
    const run = (await engine.plan().andThen((plan) => engine.apply(plan)))._unsafeUnwrap();
    expect(run.approvals).toEqual([{ name: 'retire', status: 'pending', at: null }]);
    expect(recordsOf(run, 'resource.delete')[0]?.reason).toBe('waits for approval "retire"');
  });
});

describe('approval requests', () => {
  /** Thirty instances, the first ten protected from termination (their lift needs `retire` too). */
  const thirtyInstances = () =>
    paymentsInstances(30).map((instance, index) => ({ ...instance, terminationProtection: index < 10 }));
  const liftingWorkload = () => paymentsWorkload({ policies: { 'AWS::EC2::Instance': { liftProtection: true } } });

  it('lists how many actions of which kinds it covers and the first 20 targets', async () => {
    const { engine, cloud } = retireHarness({ source: { instances: thirtyInstances() } }, liftingWorkload());
    cloud.clock.set(AFTER_DELETE_DATE);
    const plan = (await engine.plan())._unsafeUnwrap();
    const gated = plan.steps
      .flatMap((step) => step.actions)
      .filter((action) => action.gates.some((gate) => gate.kind === 'approval' && gate.name === 'retire'));
    const requests: ApprovalRequest[] = [];
    const run = (
      await engine.apply(plan, {
        approve: (request) => {
          requests.push(request);
          return false;
        },
      })
    )._unsafeUnwrap();
    expect(run.status).toBe('waiting');
    expect(requests).toHaveLength(1);
    const [request] = requests;
    expect(request?.covers).toEqual({ total: 40, byKind: { 'protection.lift': 10, 'resource.delete': 30 } });
    expect(request?.targets).toHaveLength(20);
    expect(request?.targets).toEqual(
      gated.slice(0, 20).map((action) => ({
        key: action.key,
        kind: action.kind,
        ref: action.target.ref,
        arn: action.target.arn,
      })),
    );
    expect(gated.map((action) => action.key)).toContain(request?.action.key);
  });

  it('lists as many targets as approvalTargetLimit says, and is not asked once granted', async () => {
    const { engine, cloud } = retireHarness({ source: { instances: thirtyInstances() } }, liftingWorkload());
    cloud.clock.set(AFTER_DELETE_DATE);
    const plan = (await engine.plan())._unsafeUnwrap();
    const first = (await engine.apply(plan, { approve: () => false }))._unsafeUnwrap();
    const requests: ApprovalRequest[] = [];
    const approve = (request: ApprovalRequest) => {
      requests.push(request);
      return true;
    };
    const resumed = (
      await engine.resume(first.runId, { askAgain: ['retire'], approvalTargetLimit: 3, approve })
    )._unsafeUnwrap();
    expect(resumed.status).toBe('completed');
    expect(requests.map((request) => request.targets.length)).toEqual([3]);
    expect(requests[0]?.covers.total).toBe(40);
    await engine.resume(first.runId, { askAgain: ['retire'], approve });
    expect(requests).toHaveLength(1);
  });

  it('covers only the actions that are not settled yet', async () => {
    const { engine, cloud } = retireHarness({ source: { instances: thirtyInstances() } }, liftingWorkload());
    const plan = (await engine.plan())._unsafeUnwrap();
    const state = newRunState('coverage', plan, AFTER_DELETE_DATE);
    const deletes = [...state.actions.values()].filter((action) => action.action.kind === 'resource.delete');
    for (const action of deletes.slice(0, 25)) action.status = 'done';
    for (const action of deletes.slice(25, 27)) action.status = 'failed';
    const coverage = approvalCoverage(state, 'retire', 4);
    expect(coverage.covers).toEqual({ total: 15, byKind: { 'protection.lift': 10, 'resource.delete': 5 } });
    expect(coverage.targets.map((target) => target.kind)).toEqual(Array(4).fill('protection.lift'));
    expect(approvalCoverage(state, 'other', 4).covers).toEqual({ total: 0, byKind: {} });
    expect(cloud.calls.mutating()).toEqual([]);
  });
});
