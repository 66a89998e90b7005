import { createEngine, decommissionChecklist, memoryJournal, renderChecklist } from '@decomkit/core';
import { createFakeCloud } from '@decomkit/fake';
import { describe, expect, it } from 'vitest';
import { standardSeed, standardWorkload } from './support/standard-world.js';

const approve = () => true;

describe('the standard checklist on the fake cloud', () => {
  it('completes all eight items with evidence, waiting only where AWS makes it wait', async () => {
    const cloud = createFakeCloud(standardSeed('2026-12-16T00:00:00Z'));
    const engine = createEngine({
      checklist: decommissionChecklist(standardWorkload()),
      providers: cloud.providers,
      journal: memoryJournal(),
    })._unsafeUnwrap();
    const plan = (await engine.plan())._unsafeUnwrap();
    expect(cloud.calls.mutating()).toEqual([]);
    const first = (await engine.apply(plan, { approve }))._unsafeUnwrap();
    // AWS Config lags behind the deletions: the deletion check (and what follows it) waits for a resume.
    expect(first.items.find((item) => item.item === 'deletion-check')?.checked).toBe(false);
    cloud.clock.advance(3_600_000);
    const second = (await engine.resume(first.runId, { approve }))._unsafeUnwrap();
    const table = renderChecklist(second);
    expect(second.items.map((item) => [item.item, item.checked])).toEqual([
      ['cutover', true],
      ['backups', true],
      ['retire', true],
      ['deletion-check', true],
      ['artifacts', true],
      ['ttl', true],
      ['baseline', true],
      ['waf-assessment', true],
    ]);
    expect(second.status).toBe('completed');
    expect(table).toContain('☑ | Finalize data cutover');
    // The world: in scope retired, the look-alike untouched, RDS final snapshot kept, DNS and CMDB updated.
    expect(cloud.source.instance('i-billing').state).toBe('running');
    expect(
      cloud.source
        .instances()
        .filter((instance) => instance.tags.workload === 'payments')
        .every((instance) => instance.state === 'terminated'),
    ).toBe(true);
    expect(cloud.source.dbSnapshots().some((snapshot) => snapshot.status === 'available')).toBe(true);
    const evidence = second.items.flatMap((item) => item.steps.map((step) => [step.id, step.evidence?.summary]));
    expect(Object.fromEntries(evidence)).toMatchObject({
      'reset-ttl': '1 TTLs read back at their original values',
      'finalize-cutover': '1 replication tasks stopped',
    });
  });

  it('leaves everything alone while the source still serves traffic', async () => {
    const cloud = createFakeCloud(standardSeed('2026-12-16T00:00:00Z', 250));
    const engine = createEngine({
      checklist: decommissionChecklist(standardWorkload()),
      providers: cloud.providers,
      journal: memoryJournal(),
    })._unsafeUnwrap();
    const run = (await engine.plan().andThen((plan) => engine.apply(plan, { approve })))._unsafeUnwrap();
    expect(run.status).toBe('waiting');
    expect(cloud.calls.mutating()).toEqual([]);
    expect(run.items[0]?.reasons.join(' ')).toContain('source still serves traffic');
  });
});
