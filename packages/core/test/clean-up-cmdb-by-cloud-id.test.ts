import {
  type CmdbPort,
  createEngine,
  decomError,
  decommissionChecklist,
  errAsync,
  memoryJournal,
  okAsync,
  type Plan,
} from '@decomkit/core';
import { createFakeCloud, type FakeCloudSeed } from '@decomkit/fake';
import { describe, expect, it } from 'vitest';
import { standardSeedWithCis, standardWorkload } from './support/standard-world.js';

const approve = () => true;
const NOW = '2026-12-16T00:00:00Z';
const ARN = {
  web1: 'arn:aws:ec2:eu-west-1:111122223333:instance/i-web1',
  web2: 'arn:aws:ec2:eu-west-1:111122223333:instance/i-web2',
  billing: 'arn:aws:ec2:eu-west-1:111122223333:instance/i-billing',
  db: 'arn:aws:rds:eu-west-1:111122223333:db:payments-db',
  volume: 'arn:aws:ec2:eu-west-1:111122223333:volume/vol-web1',
};

/** The standard world, with CIs Cloud Discovery created for some resources (in scope and not). */
function seedWithDiscoveredCis(): FakeCloudSeed {
  return standardSeedWithCis(NOW, [
    { id: 'ci-aws-payments', name: 'payments (AWS)' },
    // The Azure CI carries (wrongly) the ARN of an in-scope instance: never retired.
    { id: 'ci-azure-payments', name: 'payments (Azure)', cloudIds: [ARN.web2] },
    { id: 'ci-web1', name: 'web-1', cloudIds: ['i-web1', ARN.web1] },
    { id: 'ci-db', name: 'payments-db', cloudIds: [ARN.db] },
    { id: 'ci-billing', name: 'billing', cloudIds: [ARN.billing] },
    { id: 'ci-volume', name: 'vol-web1', status: '7', cloudIds: [ARN.volume] },
  ]);
}

const cleanUpOf = (plan: Plan) => plan.steps.find((step) => step.id === 'clean-up-artifacts');

async function engineOn(cloud: ReturnType<typeof createFakeCloud>, cmdb: CmdbPort = cloud.providers.cmdb) {
  return createEngine({
    checklist: decommissionChecklist(standardWorkload()),
    providers: { ...cloud.providers, cmdb },
    journal: memoryJournal(),
  })._unsafeUnwrap();
}

describe('clean-up-artifacts retires the CIs of what is deleted, found by cloud id', () => {
  it('plans the in-scope resources’ CIs (with a finding naming the resource), retires them, and touches no other CI', async () => {
    const cloud = createFakeCloud(seedWithDiscoveredCis());
    const engine = await engineOn(cloud);
    const plan = (await engine.plan())._unsafeUnwrap();
    const cleanUp = cleanUpOf(plan);
    const retired = cleanUp?.actions.filter((action) => action.kind === 'cmdb.retire') ?? [];
    expect(retired.map((action) => action.target.ref)).toEqual(['ci-aws-payments', 'ci-web1', 'ci-db']);
    expect(retired.every((action) => action.gates.some((gate) => gate.kind === 'itemVerified'))).toBe(true);
    expect(cleanUp?.findings.filter((finding) => finding.code === 'cmdb-ci-found-by-cloud-id')).toEqual([
      expect.objectContaining({ severity: 'info', resource: ARN.web1, message: expect.stringContaining('ci-web1') }),
      expect.objectContaining({ severity: 'info', resource: ARN.db, message: expect.stringContaining('ci-db') }),
    ]);
    expect(cloud.calls.mutating()).toEqual([]);
    const run = (await engine.apply(plan, { approve }))._unsafeUnwrap();
    cloud.clock.advance(3_600_000);
    const later = (await engine.resume(run.runId, { approve }))._unsafeUnwrap();
    const step = later.items.flatMap((item) => item.steps).find((candidate) => candidate.id === 'clean-up-artifacts');
    expect(step?.status).toBe('verified');
    expect(step?.evidence?.summary).toContain('3 CMDB CIs retired');
    const status = (id: string) => cloud.cmdb.item(id).status;
    expect(['ci-aws-payments', 'ci-web1', 'ci-db'].map(status)).toEqual(['7', '7', '7']);
    expect(status('ci-billing')).toBe('1');
    expect(status('ci-azure-payments')).toBe('1');
    const patched = cloud.calls.of('PatchItem').map((call) => call.target);
    expect(new Set(patched)).toEqual(new Set(['ci-aws-payments', 'ci-web1', 'ci-db']));
  });

  it('ignores a CI the CMDB answers with for a cloud id that was not asked for (out of scope)', async () => {
    const cloud = createFakeCloud(seedWithDiscoveredCis());
    const asked: string[][] = [];
    const loose: CmdbPort = {
      ...cloud.providers.cmdb,
      findByCloudIds: (cloudIds) => {
        asked.push([...cloudIds]);
        return okAsync([
          { cloudId: ARN.billing, id: 'ci-billing', name: 'billing', status: 'Installed', retired: false },
          { cloudId: ARN.web1, id: 'ci-web1', name: 'web-1', status: 'Installed', retired: false },
        ]);
      },
    };
    const plan = (await (await engineOn(cloud, loose)).plan())._unsafeUnwrap();
    expect(asked).toHaveLength(1);
    expect(asked[0]).toContain(ARN.web1);
    expect(asked[0]).not.toContain(ARN.billing);
    const refs = cleanUpOf(plan)
      ?.actions.filter((action) => action.kind === 'cmdb.retire')
      .map((action) => action.target.ref);
    expect(refs).toEqual(['ci-aws-payments', 'ci-web1']);
  });

  it('a CMDB that cannot be searched keeps the item open (blocking finding); the listed CIs are still planned', async () => {
    const cloud = createFakeCloud(seedWithDiscoveredCis());
    const failing: CmdbPort = {
      ...cloud.providers.cmdb,
      findByCloudIds: () => errAsync(decomError.accessDenied({ message: 'ServiceNow cmdb_ci: 403 Forbidden' })),
    };
    const plan = (await (await engineOn(cloud, failing)).plan())._unsafeUnwrap();
    const cleanUp = cleanUpOf(plan);
    expect(
      cleanUp?.actions.filter((action) => action.kind === 'cmdb.retire').map((action) => action.target.ref),
    ).toEqual(['ci-aws-payments']);
    expect(cleanUp?.findings).toContainEqual(
      expect.objectContaining({
        severity: 'blocking',
        code: 'cmdb-search-failed',
        message: expect.stringContaining('AccessDenied: ServiceNow cmdb_ci: 403 Forbidden'),
      }),
    );
  });

  it('matches a bare id only when EC2 generated it; a name (a function) only inside its ARN', async () => {
    const seed = seedWithDiscoveredCis();
    const tags = { workload: 'payments' };
    const cloud = createFakeCloud({
      ...seed,
      source: {
        ...seed.source,
        instances: [...(seed.source?.instances ?? []), { id: 'i-0c0ffee0c0ffee001', tags }],
        functions: [{ functionName: 'payments-deadbeef', tags }],
      },
      services: {
        ...seed.services,
        cmdb: {
          items: [
            { id: 'ci-aws-payments' },
            { id: 'ci-azure-payments' },
            { id: 'ci-hex', cloudIds: ['i-0c0ffee0c0ffee001'] },
            // Another account's function of the same name: its CI carries the bare name only.
            { id: 'ci-function-elsewhere', cloudIds: ['payments-deadbeef'] },
          ],
        },
      },
    });
    const plan = (await (await engineOn(cloud)).plan())._unsafeUnwrap();
    expect(plan.inventory.map((resource) => resource.arn)).toEqual(
      expect.arrayContaining([
        'arn:aws:ec2:eu-west-1:111122223333:instance/i-0c0ffee0c0ffee001',
        'arn:aws:lambda:eu-west-1:111122223333:function:payments-deadbeef',
      ]),
    );
    const refs = cleanUpOf(plan)
      ?.actions.filter((action) => action.kind === 'cmdb.retire')
      .map((action) => action.target.ref);
    expect(refs).toEqual(['ci-aws-payments', 'ci-hex']);
  });
});
