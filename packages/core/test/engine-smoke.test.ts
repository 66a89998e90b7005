import { createEngine, memoryJournal, renderChecklist } from '@decomkit/core';
import { createFakeCloud } from '@decomkit/fake';
import { describe, expect, it } from 'vitest';
import { retireInstancesChecklist } from '../../../examples/retire-instances-steps.js';
import { paymentsWorkload } from './support/workloads.js';

describe('engine end to end on the fake', () => {
  it('backs up, waits for the sunset, then retires only what is in scope', async () => {
    const cloud = createFakeCloud({
      source: {
        instances: [
          { id: 'i-1', tags: { workload: 'payments' } },
          { id: 'i-2', tags: { workload: 'payments' } },
          { id: 'i-3', tags: { workload: 'billing' } },
        ],
      },
    });
    const journal = memoryJournal();
    const engine = createEngine({
      checklist: retireInstancesChecklist(paymentsWorkload()),
      providers: cloud.providers,
      journal,
    })._unsafeUnwrap();
    const plan = (await engine.plan())._unsafeUnwrap();
    expect(cloud.calls.mutating()).toEqual([]);
    expect(plan.steps.flatMap((step) => step.actions).map((action) => action.kind)).toEqual([
      'backup.create',
      'backup.create',
      'resource.stop',
      'resource.delete',
      'resource.stop',
      'resource.delete',
    ]);
    const first = (await engine.apply(plan, { approve: () => true }))._unsafeUnwrap();
    expect(first.status).toBe('waiting');
    expect(cloud.source.instance('i-1').state).toBe('running');
    expect(cloud.source.recoveryPoints()).toHaveLength(2);
    cloud.clock.set('2026-12-15T00:00:00Z');
    const second = (await engine.resume(first.runId, { approve: () => true }))._unsafeUnwrap();
    expect(second.status).toBe('completed');
    expect(cloud.source.instance('i-1').state).toBe('terminated');
    expect(cloud.source.instance('i-2').state).toBe('terminated');
    expect(cloud.source.instance('i-3').state).toBe('running');
    const table = renderChecklist(second);
    expect(table).toContain('☑ | Take final backups and snapshots');
    expect(table).toContain('☑ | Retire AWS resources');
    expect(table).toContain('☐ | Reset TTL');
  });
});
