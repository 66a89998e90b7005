import { createFakeCloud } from '@decomkit/fake';
import { describe, expect, it } from 'vitest';
import { SUBSCRIPTION } from './service-support.js';

const OTHER = '11111111-2222-3333-4444-555555555555';
const idOf = (group: string, name: string) =>
  `/subscriptions/${SUBSCRIPTION}/resourceGroups/${group}/providers/Microsoft.Web/sites/${name}`;

function cloud() {
  return createFakeCloud({
    services: {
      azureResources: [
        ...Array.from({ length: 250 }, (_, index) => ({
          id: idOf(index % 2 === 0 ? 'rg-a' : 'RG-B', `site-${String(index).padStart(3, '0')}`),
          tags: { workload: index < 10 ? 'payments' : 'other' },
        })),
        {
          id: `/subscriptions/${SUBSCRIPTION}/resourceGroups/rg-a/providers/Microsoft.Sql/servers/payments-sql`,
          location: 'northeurope',
          tags: { workload: 'payments' },
        },
        { id: `/subscriptions/${OTHER}/resourceGroups/rg-a/providers/Microsoft.Web/sites/elsewhere` },
      ],
      advisor: [
        {
          category: 'HighAvailability',
          impact: 'High',
          resourceId: idOf('rg-a', 'site-000'),
          problem: 'Use zone redundancy',
        },
        { category: 'Cost', resourceId: idOf('rg-a', 'site-002') },
        {
          category: 'Security',
          impact: 'Low',
          resourceId: `/subscriptions/${OTHER}/resourceGroups/rg-a/providers/Microsoft.Web/sites/elsewhere`,
        },
        { id: 'op-1', category: 'OperationalExcellence', resourceId: idOf('RG-B', 'site-001') },
        { category: 'Performance', resourceId: idOf('RG-B', 'site-003') },
      ],
    },
  });
}

describe('fake Resource Graph (targetResources)', () => {
  it('derives name, type, group and subscription from the id; follows every $skipToken page', async () => {
    const fake = cloud();
    const all = (await fake.providers.targetResources.list({ subscriptionId: SUBSCRIPTION }))._unsafeUnwrap();
    expect(all).toHaveLength(251);
    expect(fake.calls.of('Resources')).toHaveLength(3);
    expect(all.find((resource) => resource.name === 'payments-sql')).toEqual({
      id: `/subscriptions/${SUBSCRIPTION}/resourceGroups/rg-a/providers/Microsoft.Sql/servers/payments-sql`,
      name: 'payments-sql',
      type: 'microsoft.sql/servers',
      location: 'northeurope',
      resourceGroup: 'rg-a',
      tags: { workload: 'payments' },
    });
    expect(new Set(all.map((resource) => resource.id)).size).toBe(251);
  });

  it('narrows by resource group (case-insensitive) and by a KQL query; refuses what it cannot run', async () => {
    const fake = cloud();
    const list = async (scope: { resourceGroups?: string[]; query?: string }) =>
      (await fake.providers.targetResources.list({ subscriptionId: SUBSCRIPTION, ...scope }))._unsafeUnwrap();
    expect(await list({ resourceGroups: ['rg-b'] })).toHaveLength(125);
    expect(await list({ query: "Resources | where tags['workload'] == 'payments'" })).toHaveLength(11);
    expect(
      await list({
        query: "Resources | where tags['workload'] == 'payments' and type =~ 'Microsoft.Web/sites'",
        resourceGroups: ['RG-A'],
      }),
    ).toHaveLength(5);
    expect(await list({ query: "Resources | where name startswith 'site-00' | project id, name" })).toHaveLength(10);
    expect(await list({ query: "Resources | where location in~ ('NorthEurope')" })).toHaveLength(1);
    for (const query of [
      'Resources | summarize count() by type',
      "ResourceContainers | where name == 'x'",
      'Resources | where sku.name == "S1"',
    ]) {
      const refused = await fake.providers.targetResources.list({ subscriptionId: SUBSCRIPTION, query });
      expect(refused._unsafeUnwrapErr().code, query).toBe('InvalidInput');
    }
    const page = await fake.services.resourceGraph.resources({
      subscriptions: [SUBSCRIPTION],
      query: 'Resources',
      options: { $skipToken: 'not-a-token' },
    });
    expect(page._unsafeUnwrapErr().code).toBe('InvalidInput');
    const top = await fake.services.resourceGraph.resources({
      subscriptions: [SUBSCRIPTION],
      query: 'Resources',
      options: { $top: 5000 },
    });
    expect(top._unsafeUnwrapErr().code).toBe('InvalidInput');
  });
});

describe('fake Advisor', () => {
  it("maps Advisor's categories to Well-Architected pillars, per subscription, with seeded defaults", async () => {
    const fake = cloud();
    const found = (await fake.providers.advisor.recommendations(SUBSCRIPTION))._unsafeUnwrap();
    expect(found.map((recommendation) => [recommendation.pillar, recommendation.impact])).toEqual([
      ['Reliability', 'High'],
      ['Cost', 'Medium'],
      ['OperationalExcellence', 'Medium'],
      ['Performance', 'Medium'],
    ]);
    expect(found[0]).toEqual({
      id: 'advisor-1',
      pillar: 'Reliability',
      impact: 'High',
      resourceId: idOf('rg-a', 'site-000'),
      summary: 'Use zone redundancy',
    });
    expect(
      (await fake.providers.advisor.recommendations(OTHER))
        ._unsafeUnwrap()
        .map((recommendation) => recommendation.pillar),
    ).toEqual(['Security']);
    expect((await fake.providers.advisor.recommendations('not-a-subscription'))._unsafeUnwrapErr().code).toBe(
      'InvalidInput',
    );
    expect(fake.target.advisorRecommendations()).toHaveLength(5);
  });
});
