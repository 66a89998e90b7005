import { serviceNowCmdb } from '@decomkit/cmdb';
import {
  createChecklist,
  createEngine,
  defineStep,
  defineWorkload,
  memoryJournal,
  stillOpen,
  verified,
} from '@decomkit/core';
import { createFakeCloud } from '@decomkit/fake';
import { describe, expect, it } from 'vitest';
import { instancesClosedAfterEach, LEGACY_CHOICES, USER } from './support/instances.js';

const start = instancesClosedAfterEach();
const CLIENT = { clientId: 'decomkit-engine', clientSecret: 'engine-oauth-secret-3e2d1c' };

const workload = defineWorkload({
  id: 'payments',
  source: { accountId: '111122223333', regions: ['eu-west-1'], select: { tags: { workload: 'payments' } } },
  target: { subscriptionId: '00000000-0000-4000-8000-000000000000', resourceGroups: ['rg-payments'] },
  sunset: { stopAt: '2026-12-01', deleteAt: '2026-12-15' },
  backups: { vault: 'decom-archive', retainDays: 365 },
  cmdb: { ciIds: ['CI-AWS'], azureCiIds: ['CI-AZURE'] },
})._unsafeUnwrap();

/** The CMDB part of "Clean up artifacts", alone: retire the workload's CIs, verified by reading them back. */
const retireCis = defineStep({
  id: 'retire-cis',
  item: 'artifacts',
  title: 'Retire the CMDB CIs',
  needs: ['cmdb'],
  plan: ({ workload: planned, action }) => ({
    actions: (planned.cmdb?.ciIds ?? []).map((ciId) =>
      action({
        kind: 'cmdb.retire',
        target: { ref: ciId },
        params: { ciId, azureCiIds: planned.cmdb?.azureCiIds ?? [] },
      }),
    ),
  }),
  verify: async ({ ports, workload: planned }) => {
    for (const ciId of planned.cmdb?.ciIds ?? []) {
      const item = await ports.cmdb.getItem(ciId);
      if (item.isErr() || item.value?.retired !== true) return stillOpen(`CI ${ciId} is not retired`);
    }
    return verified('CIs retired');
  },
});

describe('serviceNowCmdb under the engine', () => {
  it('a run retires the CI once, with a work note naming the run; its journal and report hold no credential or token, on success and on refusal', async () => {
    const instance = await start(LEGACY_CHOICES, { oauthClients: [CLIENT] });
    const runWith = async (auth: Parameters<typeof serviceNowCmdb>[0]['auth']) => {
      const journal = memoryJournal();
      const cmdb = serviceNowCmdb({ instance: instance.url, auth, retry: { attempts: 1 } });
      const engine = createEngine({
        checklist: createChecklist(workload, [retireCis]),
        providers: { ...createFakeCloud().providers, cmdb },
        journal,
      })._unsafeUnwrap();
      const run = (await engine.plan().andThen((plan) => engine.apply(plan)))._unsafeUnwrap();
      return { run, text: `${JSON.stringify(run)}\n${JSON.stringify(journal.records(run.runId))}` };
    };
    const refused = await runWith({ kind: 'basic', username: USER.username, password: 'wrong-password-4f3e' });
    expect(refused.run.status).toBe('failed');
    expect(refused.text).toContain('AccessDenied');
    const done = await runWith({ kind: 'oauth-client-credentials', ...CLIENT });
    expect(done.run.status).toBe('completed');
    const again = await runWith({ kind: 'basic', ...USER });
    expect(again.run.status).toBe('completed');
    expect(instance.writes().map((write) => `${write.method} ${write.table}`)).toEqual([
      'PATCH cmdb_ci',
      'POST cmdb_rel_ci',
    ]);
    // The work note names the run that wrote it (a later run finds the marker and writes nothing).
    const notes = (instance.tables.sys_journal_field ?? []).map((note) => note.value ?? '');
    expect(notes).toHaveLength(1);
    expect(notes[0]).toContain(`Run: ${done.run.runId}.`);
    expect(notes[0]).not.toContain(again.run.runId);
    const tokens = instance.requests
      .map((request) => request.authorization.replace(/^(Basic|Bearer) /, ''))
      .filter(Boolean);
    for (const text of [refused.text, done.text, again.text])
      for (const secret of ['wrong-password-4f3e', USER.password, CLIENT.clientSecret, ...tokens])
        expect(text).not.toContain(secret);
  });
});
