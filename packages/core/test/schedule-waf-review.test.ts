import { type AdvisorPort, createEngine, decommissionChecklist, memoryJournal, okAsync } from '@decomkit/core';
import { createFakeCloud } from '@decomkit/fake';
import { describe, expect, it } from 'vitest';
import { standardSeed, standardWorkload } from './support/standard-world.js';

const NOW = '2026-12-16T00:00:00Z';

async function snapshotWith(advisor: (fake: AdvisorPort) => AdvisorPort) {
  const cloud = createFakeCloud(standardSeed(NOW));
  const engine = createEngine({
    checklist: decommissionChecklist(standardWorkload()),
    providers: { ...cloud.providers, advisor: advisor(cloud.providers.advisor) },
    journal: memoryJournal(),
  })._unsafeUnwrap();
  const plan = (await engine.plan())._unsafeUnwrap();
  const put = plan.steps
    .find((step) => step.id === 'schedule-waf-review')
    ?.actions.find((action) => action.kind === 'artifact.put');
  const body = put?.params.body;
  return JSON.parse(typeof body === 'string' ? body : '{}');
}

describe('schedule-waf-review', () => {
  it('keeps the per-pillar Advisor scores in the snapshot when the provider reads them', async () => {
    const scores = [
      { pillar: 'Reliability' as const, score: 71, impactedResourceCount: 3, refreshedAt: '2026-12-15T08:00:00Z' },
      { pillar: 'Advisor' as const, score: 64, impactedResourceCount: 9, refreshedAt: '2026-12-15T08:00:00Z' },
    ];
    const snapshot = await snapshotWith((fake) => ({ ...fake, scores: () => okAsync(scores) }));
    expect(snapshot.scores).toEqual(scores);
    expect(Object.keys(snapshot.pillars).sort()).toEqual(['Cost', 'Reliability', 'Security']);
  });

  it('says the scores were not read when the provider has none, instead of leaving them out silently', async () => {
    const snapshot = await snapshotWith((fake) => {
      const { scores: _none, ...withoutScores } = fake;
      return withoutScores;
    });
    expect(snapshot.scores).toEqual({ notMeasured: 'the advisor provider gives no Advisor scores' });
  });
});
