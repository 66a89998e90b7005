import { createEngine, decommissionChecklist, type InventoryPort, memoryJournal, type Resource } from '@decomkit/core';
import { createFakeCloud, type FakeCloud } from '@decomkit/fake';
import { describe, expect, it } from 'vitest';
import { standardSeed, standardWorkload } from './support/standard-world.js';

const NOW = '2026-12-16T00:00:00Z';
const WEB_1 = 'arn:aws:ec2:eu-west-1:111122223333:instance/i-web1';
const WEB_2 = 'arn:aws:ec2:eu-west-1:111122223333:instance/i-web2';
const BILLING = 'arn:aws:ec2:eu-west-1:111122223333:instance/i-billing';

/** The fake's inventory, with `retiredOnlyWith` added to the resources `extra` names (as a VPC's subnets carry it). */
function withRetiredOnlyWith(cloud: FakeCloud, extra: Readonly<Record<string, readonly string[]>>): InventoryPort {
  const inventory = cloud.providers.inventory;
  const add = (resource: Resource): Resource =>
    extra[resource.arn] === undefined ? resource : { ...resource, retiredOnlyWith: extra[resource.arn] };
  return {
    specificationVersion: inventory.specificationVersion,
    capabilities: inventory.capabilities,
    resourceTypes: inventory.resourceTypes,
    async *discover(source) {
      for await (const page of inventory.discover(source)) yield page.map((resources) => resources.map(add));
    },
    describe: (arn) => inventory.describe(arn).map((resource) => (resource === null ? null : add(resource))),
  };
}

async function planWith(extra: Readonly<Record<string, readonly string[]>>) {
  const cloud = createFakeCloud(standardSeed(NOW));
  const engine = createEngine({
    checklist: decommissionChecklist(standardWorkload()),
    providers: { ...cloud.providers, inventory: withRetiredOnlyWith(cloud, extra) },
    journal: memoryJournal(),
  })._unsafeUnwrap();
  const plan = (await engine.plan())._unsafeUnwrap();
  const step = plan.steps.find((candidate) => candidate.id === 'retire-resources');
  const deleted = (step?.actions ?? []).filter((action) => action.kind === 'resource.delete');
  return { findings: step?.findings ?? [], deleted: deleted.map((action) => action.target.ref), cloud };
}

describe('retiredOnlyWith: resources retired only together with others', () => {
  it('blocks a resource retired only together with one out of scope, naming it, and plans nothing for it', async () => {
    const { findings, deleted, cloud } = await planWith({ [WEB_1]: [WEB_2, BILLING] });
    expect(findings).toContainEqual({
      severity: 'blocking',
      code: 'retired-only-together',
      message: `${WEB_1} is retired only together with what is not being retired: ${BILLING}; not touched`,
      resource: WEB_1,
    });
    expect(deleted).not.toContain(WEB_1);
    expect(deleted).toContain(WEB_2);
    expect(cloud.calls.mutating()).toEqual([]);
  });

  it('blocks in turn what is retired only together with a blocked resource', async () => {
    const { findings, deleted } = await planWith({ [WEB_1]: [BILLING], [WEB_2]: [WEB_1] });
    expect(findings).toContainEqual(
      expect.objectContaining({
        code: 'retired-only-together',
        resource: WEB_2,
        message: expect.stringContaining(WEB_1),
      }),
    );
    expect(deleted).not.toContain(WEB_2);
  });

  it('plans a resource retired only together with others that are all being retired', async () => {
    const { findings, deleted } = await planWith({ [WEB_1]: [WEB_2], [WEB_2]: [WEB_1] });
    expect(findings.filter((finding) => finding.code === 'retired-only-together')).toEqual([]);
    expect(deleted).toEqual(expect.arrayContaining([WEB_1, WEB_2]));
  });
});
