import {
  createEngine,
  type DecomError,
  decomError,
  decommissionChecklist,
  errAsync,
  type HiddenDependencyScan,
  memoryJournal,
  okAsync,
  type ResultAsync,
} from '@decomkit/core';
import { createFakeCloud } from '@decomkit/fake';
import { describe, expect, it } from 'vitest';
import { standardSeed, standardWorkload } from './support/standard-world.js';

// What outside the workload depends on a resource is a fact the cloud can confirm: the engine asks
// again just before deleting, and a dependency that appeared since the plan keeps the resource.
const NOW = '2026-12-16T00:00:00Z';
const WEB_1 = 'arn:aws:ec2:eu-west-1:111122223333:instance/i-web1';
const WEB_2 = 'arn:aws:ec2:eu-west-1:111122223333:instance/i-web2';
const RECORD = 'arn:aws:route53:::hostedzone/Z1/recordset/api.example.com./A';
const NOTHING: HiddenDependencyScan = { dependencies: [], unchecked: [] };
const RECORD_ON_WEB_1: HiddenDependencyScan = {
  dependencies: [
    { resource: WEB_1, check: 'dns-record', dependent: RECORD, evidence: 'A api.example.com → 203.0.113.10' },
  ],
  unchecked: [],
};

/** The standard world, whose inventory's `findDependents` answers `scans[i]` at its i-th call (the last one after). */
function worldAnswering(scans: readonly (() => ResultAsync<HiddenDependencyScan, DecomError>)[]) {
  const cloud = createFakeCloud(standardSeed(NOW));
  let calls = 0;
  const inventory = {
    ...cloud.providers.inventory,
    findDependents: () => {
      const scan = scans[Math.min(calls, scans.length - 1)] ?? (() => okAsync(NOTHING));
      calls += 1;
      return scan();
    },
  };
  const engine = createEngine({
    checklist: decommissionChecklist(standardWorkload()),
    providers: { ...cloud.providers, inventory },
    journal: memoryJournal(),
  })._unsafeUnwrap();
  return { cloud, engine, scans: () => calls };
}

const deletesOf = (run: { items: readonly { steps: readonly { actions: readonly unknown[] }[] }[] }) =>
  run.items
    .flatMap((item) => item.steps.flatMap((step) => step.actions))
    .map((record) => record as { action: { kind: string; target: { ref: string } }; status: string; reason: string })
    .filter((record) => record.action.kind === 'resource.delete');

describe('hidden dependencies, checked again just before deleting', () => {
  it('keeps a resource something came to depend on since the plan: its delete fails Conflict, the others go', async () => {
    const { cloud, engine, scans } = worldAnswering([() => okAsync(NOTHING), () => okAsync(RECORD_ON_WEB_1)]);
    const plan = (await engine.plan())._unsafeUnwrap();
    const planned = plan.steps.flatMap((step) => step.actions).filter((action) => action.kind === 'resource.delete');
    expect(planned.map((action) => action.target.ref)).toContain(WEB_1);

    const run = (await engine.apply(plan, { approve: () => true }))._unsafeUnwrap();
    const web1 = deletesOf(run).find((record) => record.action.target.ref === WEB_1);
    expect(web1?.status).toBe('failed');
    expect(web1?.reason).toContain(`${RECORD} depends on ${WEB_1} (dns-record: A api.example.com → 203.0.113.10)`);
    expect(cloud.source.instance('i-web1').state).not.toBe('terminated');
    expect(cloud.source.instance('i-web2').state).toBe('terminated');
    expect(deletesOf(run).find((record) => record.action.target.ref === WEB_2)?.status).toBe('done');
    // One scan at plan, one for every deletion of the apply.
    expect(scans()).toBe(2);
  });

  it('deletes it on a resume once the dependency is gone', async () => {
    const { cloud, engine } = worldAnswering([
      () => okAsync(NOTHING),
      () => okAsync(RECORD_ON_WEB_1),
      () => okAsync(NOTHING),
    ]);
    const plan = (await engine.plan())._unsafeUnwrap();
    const first = (await engine.apply(plan, { approve: () => true }))._unsafeUnwrap();
    expect(cloud.source.instance('i-web1').state).not.toBe('terminated');
    const resumed = (await engine.resume(first.runId, { approve: () => true }))._unsafeUnwrap();
    expect(deletesOf(resumed).find((record) => record.action.target.ref === WEB_1)?.status).toBe('done');
    expect(cloud.source.instance('i-web1').state).toBe('terminated');
  });

  it('fails closed: a check that cannot be made now, or a scan that fails, deletes nothing it covers', async () => {
    const unchecked = worldAnswering([
      () => okAsync(NOTHING),
      () =>
        okAsync({
          dependencies: [],
          unchecked: [
            { check: 'dns-record', reason: 'route53:ListResourceRecordSets: AccessDenied', resources: [WEB_1] },
          ],
        }),
    ]);
    const plan = (await unchecked.engine.plan())._unsafeUnwrap();
    const run = (await unchecked.engine.apply(plan, { approve: () => true }))._unsafeUnwrap();
    expect(deletesOf(run).find((record) => record.action.target.ref === WEB_1)?.reason).toContain(
      'the dns-record check could not be made',
    );
    expect(unchecked.cloud.source.instance('i-web1').state).not.toBe('terminated');
    expect(unchecked.cloud.source.instance('i-web2').state).toBe('terminated');

    const failing = worldAnswering([
      () => okAsync(NOTHING),
      () => errAsync(decomError.accessDenied({ message: 'route53:ListHostedZones: AccessDenied' })),
    ]);
    const failingPlan = (await failing.engine.plan())._unsafeUnwrap();
    const failed = (await failing.engine.apply(failingPlan, { approve: () => true }))._unsafeUnwrap();
    // Every delete failed with the scan's error, or waits on one that did (an Auto Scaling group's instances).
    const deletes = deletesOf(failed);
    expect(deletes.length).toBeGreaterThan(0);
    expect(deletes.filter((record) => record.status === 'done')).toEqual([]);
    expect(deletes.filter((record) => record.status === 'failed').map((record) => record.reason)).toContainEqual(
      expect.stringContaining('route53:ListHostedZones: AccessDenied'),
    );
    expect(failing.cloud.source.instances().filter((instance) => instance.state === 'terminated')).toEqual([]);
  });
});
