import { serviceNowAccess } from '@decomkit/cmdb';
import { defineWorkload, type Plan } from '@decomkit/core';
import { describe, expect, it } from 'vitest';
import { execute, retireAction, reviewAction } from './support/actions.js';
import { cmdbOn, instancesClosedAfterEach, LEGACY_CHOICES } from './support/instances.js';

const start = instancesClosedAfterEach();

function planOf(kinds: readonly ('cmdb.retire' | 'review.schedule')[]): Plan {
  const workload = defineWorkload({
    id: 'payments',
    source: { accountId: '111122223333', regions: ['eu-west-1'], select: { tags: { workload: 'payments' } } },
    target: { subscriptionId: '6f1c2a0e-3b1d-4c59-9d2e-0b6a8e4f7c11', resourceGroups: ['rg-payments'] },
    sunset: { stopAt: '2020-01-01', deleteAt: '2020-01-02' },
    backups: { vault: 'decom-archive', retainDays: 30 },
  })._unsafeUnwrap();
  const actions = kinds.map((kind) => (kind === 'cmdb.retire' ? retireAction() : reviewAction()));
  const step = { id: 'cmdb', item: 'retire', title: 'CMDB', needs: [], after: [], actions, findings: [] };
  return { schemaVersion: 1, createdAt: '', workload, caller: null, steps: [step], inventory: [], hash: '' } as Plan;
}

const OPERATION_OF_METHOD: Readonly<Record<string, string>> = { GET: 'read', POST: 'create', PATCH: 'write' };

describe('serviceNowAccess', () => {
  it('allows every Table API request the port makes to read, retire and schedule a review', async () => {
    const instance = await start(LEGACY_CHOICES);
    const cmdb = cmdbOn(instance);
    (await cmdb.getItem('CI-AWS'))._unsafeUnwrap();
    (await cmdb.findByCloudIds?.(['arn:aws:ec2:eu-west-1:111122223333:instance/i-0123456789abcdef0']))?._unsafeUnwrap();
    (await execute(cmdb, retireAction()))._unsafeUnwrap();
    (await execute(cmdb, reviewAction()))._unsafeUnwrap();
    const made = [
      ...new Set(
        instance.requests
          .filter((request) => request.table !== null)
          .map((request) => `${request.table}:${OPERATION_OF_METHOD[request.method] ?? request.method}`),
      ),
    ];
    expect(made).toEqual(expect.arrayContaining(['cmdb_ci:write', 'cmdb_rel_ci:create', 'task:create']));
    const access = serviceNowAccess(planOf(['cmdb.retire', 'review.schedule']));
    const allowed = new Set(
      access?.tables.flatMap(({ table, operations }) => operations.map((op) => `${table}:${op}`)),
    );
    expect(made.filter((request) => !allowed.has(request))).toEqual([]);
    expect(access?.roles).toEqual(['sn_cmdb_editor', 'itil']);
  });

  it('grants writes only for the planned kinds, names the configured tables, and is null without CMDB actions', () => {
    const reviewOnly = serviceNowAccess(planOf(['review.schedule']), { ci: 'cmdb_ci_vm_instance', review: 'u_review' });
    expect(reviewOnly?.tables).toEqual([
      { table: 'cmdb_ci_vm_instance', operations: ['read'] },
      { table: 'cmdb_rel_ci', operations: ['read'] },
      { table: 'cmdb_rel_type', operations: ['read'] },
      { table: 'sys_choice', operations: ['read'] },
      { table: 'sys_journal_field', operations: ['read'] },
      { table: 'u_review', operations: ['read', 'create'] },
    ]);
    expect(serviceNowAccess(planOf([]))).toBeNull();
  });
});
