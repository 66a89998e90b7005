import { createEngine, decommissionChecklist, memoryJournal } from '@decomkit/core';
import { createFakeCloud } from '@decomkit/fake';
import { describe, expect, it } from 'vitest';
import { standardSeed, standardWorkload } from './support/standard-world.js';

/** Applies the standard checklist at `now`, resumes an hour later, and returns the clean-up step's report. */
async function cleanUpAt(now: string) {
  const cloud = createFakeCloud(standardSeed(now));
  const engine = createEngine({
    checklist: decommissionChecklist(standardWorkload()),
    providers: cloud.providers,
    journal: memoryJournal(),
  })._unsafeUnwrap();
  const plan = (await engine.plan())._unsafeUnwrap();
  const first = (await engine.apply(plan, { approve: () => true }))._unsafeUnwrap();
  // AWS Config confirms the deletions an hour later; then the clean-up step runs and verifies.
  cloud.clock.advance(3_600_000);
  const report = (await engine.resume(first.runId, { approve: () => true }))._unsafeUnwrap();
  return report.items.flatMap((item) => item.steps).find((step) => step.id === 'clean-up-artifacts');
}

describe('the clean-up step reads the AWS cost since deletion in whole days', () => {
  it('verifies on the deletion day itself, saying when the cost becomes measurable (Cost Explorer refuses a same-day window)', async () => {
    // The workload's deleteAt is 2026-12-15: retirement runs that morning, and the step verifies the same day.
    const step = await cleanUpAt('2026-12-15T10:00:00Z');
    expect(step?.status, step?.reason ?? '').toBe('verified');
    expect(step?.evidence?.summary).toContain(
      'AWS cost since deletion measurable after 2026-12-15 (Cost Explorer counts whole days)',
    );
    expect(step?.evidence?.details.cost).toBeNull();
  });

  it('reports the cost from the deletion date once a whole day has passed', async () => {
    const step = await cleanUpAt('2026-12-17T10:00:00Z');
    expect(step?.status, step?.reason ?? '').toBe('verified');
    expect(step?.evidence?.details.cost).toMatchObject({ window: { start: '2026-12-15T00:00:00.000Z' } });
    expect(step?.evidence?.summary).toMatch(/AWS cost since deletion \d/);
  });
});
