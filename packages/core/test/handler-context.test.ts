import {
  type ActionHandler,
  type CmdbPort,
  createChecklist,
  createEngine,
  defineStep,
  memoryJournal,
  verified,
} from '@decomkit/core';
import { createFakeCloud } from '@decomkit/fake';
import { describe, expect, it } from 'vitest';
import { paymentsWorkload } from './support/workloads.js';

/** Retires the workload's CIs, nothing else. */
const retireCis = defineStep({
  id: 'retire-cis',
  item: 'artifacts',
  title: 'Retire the CMDB CIs',
  needs: ['cmdb'],
  plan: ({ workload, action }) => ({
    actions: (workload.cmdb?.ciIds ?? []).map((ciId) =>
      action({ kind: 'cmdb.retire', target: { ref: ciId }, params: { ciId, azureCiIds: [] } }),
    ),
  }),
  verify: () => verified('CIs retired'),
});

describe('the handler context', () => {
  it('names the run: the same id on every call of a run and its resume, another run another id', async () => {
    const cloud = createFakeCloud({ services: { cmdb: { items: [{ id: 'CI-1' }, { id: 'CI-2' }] } } });
    const seen: (string | undefined)[] = [];
    const fakeCmdb = cloud.providers.cmdb;
    const retire = fakeCmdb.handlers['cmdb.retire'];
    // The first CI fails once, so the run fails and its resume calls the handler again.
    let failOnce = true;
    const recording: ActionHandler<'cmdb.retire'> = {
      execute: (action, context) => {
        seen.push(context.runId);
        if (action.params.ciId === 'CI-1' && failOnce) {
          failOnce = false;
          return retire.execute({ ...action, params: { ciId: 'CI-NONE', azureCiIds: [] } }, context);
        }
        return retire.execute(action, context);
      },
      reconcile: (action, context) => {
        seen.push(context.runId);
        return retire.reconcile(action, context);
      },
    };
    const cmdb: CmdbPort = { ...fakeCmdb, handlers: { ...fakeCmdb.handlers, 'cmdb.retire': recording } };
    const workload = paymentsWorkload({ cmdb: { ciIds: ['CI-1', 'CI-2'], azureCiIds: [] } });
    const engine = createEngine({
      checklist: createChecklist(workload, [retireCis]),
      providers: { ...cloud.providers, cmdb },
      journal: memoryJournal(),
    })._unsafeUnwrap();
    const plan = (await engine.plan())._unsafeUnwrap();
    const first = (await engine.apply(plan))._unsafeUnwrap();
    expect(first.status).toBe('failed');
    const resumed = (await engine.resume(first.runId))._unsafeUnwrap();
    expect(resumed.status).toBe('completed');
    expect(seen.length).toBeGreaterThanOrEqual(3);
    expect(new Set(seen)).toEqual(new Set([first.runId]));
    const second = (await engine.apply(plan))._unsafeUnwrap();
    expect(second.runId).not.toBe(first.runId);
    expect(seen.at(-1)).toBe(second.runId);
  });
});
