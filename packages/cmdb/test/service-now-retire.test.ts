import { actionMarker } from '@decomkit/cmdb';
import { describe, expect, it } from 'vitest';
import { execute, reconcile, retireAction } from './support/actions.js';
import {
  CSDM_CHOICES,
  ci,
  cmdbOn,
  instancesClosedAfterEach,
  LEGACY_CHOICES,
  startInstance,
} from './support/instances.js';
import type { Row, TableApiServer } from './support/table-api-server.js';

const start = instancesClosedAfterEach();
const row = (instance: TableApiServer, table: string, sysId: string) =>
  instance.tables[table]?.find((candidate) => candidate.sys_id === sysId);
const writesTo = (instance: TableApiServer, table: string) =>
  instance.writes().filter((write) => write.table === table);

describe('serviceNowCmdb: cmdb.retire', () => {
  it('on a legacy-only instance sets install_status and operational_status to their Retired choices, relates the Azure CI, notes the action', async () => {
    const instance = await start(LEGACY_CHOICES);
    const cmdb = cmdbOn(instance);
    const outcome = (await execute(cmdb, retireAction()))._unsafeUnwrap();
    expect(outcome).toMatchObject({
      status: 'done',
      result: { ciId: 'CI-AWS', status: 'Retired / Retired', links: ['CI-AZURE'] },
    });
    expect(row(instance, 'cmdb_ci', 'CI-AWS')).toMatchObject({
      install_status: '7',
      operational_status: '6',
      life_cycle_stage: 'operational',
    });
    expect(instance.tables.cmdb_rel_ci).toEqual([
      expect.objectContaining({ parent: 'CI-AWS', child: 'CI-AZURE', type: 'rel-replaced' }),
    ]);
    const [note] = instance.tables.sys_journal_field ?? [];
    expect(note).toMatchObject({ element_id: 'CI-AWS', element: 'work_notes' });
    expect(note?.value).toContain(actionMarker(retireAction()));
    expect(note?.value).toContain('clean-up-artifacts:cmdb.retire:CI-AWS');
    expect(note?.value).toContain('deletion-check');
    const patch = writesTo(instance, 'cmdb_ci')[0];
    expect(patch?.query.get('sysparm_fields')).toBe('sys_id,name,install_status,operational_status');
    expect((await cmdb.getItem('CI-AWS'))._unsafeUnwrap()).toEqual({
      id: 'CI-AWS',
      name: 'payments-api',
      status: 'Retired / Retired',
      retired: true,
      links: ['CI-AZURE'],
    });
    expect((await cmdb.getItem('CI-AZURE'))._unsafeUnwrap()?.retired).toBe(false);
  });

  it('on a CSDM-only instance sets life_cycle_stage and life_cycle_stage_status and leaves the legacy fields alone', async () => {
    const instance = await start(CSDM_CHOICES);
    const cmdb = cmdbOn(instance);
    expect((await cmdb.getItem('CI-AWS'))._unsafeUnwrap()?.status).toBe('Operational / In Use');
    (await execute(cmdb, retireAction()))._unsafeUnwrap();
    expect(row(instance, 'cmdb_ci', 'CI-AWS')).toMatchObject({
      life_cycle_stage: 'end_of_life',
      life_cycle_stage_status: 'retired',
      install_status: '1',
      operational_status: '1',
    });
    expect(JSON.parse(writesTo(instance, 'cmdb_ci')[0]?.body ?? '{}')).not.toHaveProperty('install_status');
    expect((await cmdb.getItem('CI-AWS'))._unsafeUnwrap()).toMatchObject({
      status: 'End of Life / Retired',
      retired: true,
    });
  });

  it("writes the instance's own retired value from custom choice lists, never a hard-coded one", async () => {
    const custom: Row[] = [
      {
        name: 'cmdb_ci',
        element: 'install_status',
        value: '1',
        label: 'In production',
        language: 'en',
        inactive: 'false',
      },
      {
        name: 'cmdb_ci',
        element: 'install_status',
        value: '7',
        label: 'Pending install',
        language: 'en',
        inactive: 'false',
      },
      {
        name: 'cmdb_ci',
        element: 'install_status',
        value: '42',
        label: 'Retired (decommissioned)',
        language: 'en',
        inactive: 'false',
      },
      { name: 'cmdb_ci', element: 'install_status', value: '43', label: 'Retired', language: 'de', inactive: 'false' },
    ];
    const instance = await start(custom);
    (await execute(cmdbOn(instance), retireAction()))._unsafeUnwrap();
    expect(row(instance, 'cmdb_ci', 'CI-AWS')).toMatchObject({ install_status: '42', operational_status: '1' });
  });

  it("on a CI class table, uses the class's own choice list, or the one it inherits from cmdb_ci", async () => {
    // The Azure CI is of another class: it is only in the base table.
    const inherited = await start(LEGACY_CHOICES, { tables: { cmdb_ci_vm_instance: [ci('CI-AWS')] } });
    (await execute(cmdbOn(inherited, { tables: { ci: 'cmdb_ci_vm_instance' } }), retireAction()))._unsafeUnwrap();
    expect(row(inherited, 'cmdb_ci_vm_instance', 'CI-AWS')).toMatchObject({ install_status: '7' });
    const own: Row = {
      name: 'cmdb_ci_vm_instance',
      element: 'install_status',
      value: '70',
      label: 'Retired VM',
      language: 'en',
      inactive: 'false',
    };
    const overridden = await start([...LEGACY_CHOICES, own], {
      tables: { cmdb_ci_vm_instance: [ci('CI-AWS'), ci('CI-AZURE')] },
    });
    (await execute(cmdbOn(overridden, { tables: { ci: 'cmdb_ci_vm_instance' } }), retireAction()))._unsafeUnwrap();
    expect(row(overridden, 'cmdb_ci_vm_instance', 'CI-AWS')).toMatchObject({
      install_status: '70',
      operational_status: '6',
    });
  });

  it('refuses, writing nothing, an instance whose choice lists have no retired value', async () => {
    const noRetired = LEGACY_CHOICES.filter((choice) => choice.element !== 'install_status' || choice.value !== '7');
    const instance = await start(noRetired);
    const error = (await execute(cmdbOn(instance), retireAction()))._unsafeUnwrapErr();
    expect(error).toMatchObject({ code: 'Conflict', resource: 'cmdb_ci.install_status' });
    expect(error.message).toContain('no retired value (choices: Installed, Absent)');
    const csdm = await startInstance(CSDM_CHOICES.filter((choice) => choice.value !== 'retired'));
    const csdmError = (await execute(cmdbOn(csdm), retireAction()))._unsafeUnwrapErr();
    expect(csdmError).toMatchObject({ code: 'Conflict', resource: 'cmdb_ci.life_cycle_stage_status' });
    expect([...instance.writes(), ...csdm.writes()]).toEqual([]);
    await csdm.close();
  });

  it('a missing relationship type is NotFound before any write, and is not needed when there is no Azure CI', async () => {
    const instance = await start(LEGACY_CHOICES, { tables: { cmdb_rel_type: [] } });
    const cmdb = cmdbOn(instance);
    expect((await execute(cmdb, retireAction()))._unsafeUnwrapErr()).toMatchObject({
      code: 'NotFound',
      message: expect.stringContaining('no relationship type named "Replaced by::Replaces"'),
    });
    expect(instance.writes()).toEqual([]);
    expect((await execute(cmdb, retireAction('CI-AWS', [])))._unsafeUnwrap().status).toBe('done');
  });

  it('retiring twice is one write of the CI and one relation; a relation that already exists is not duplicated', async () => {
    const instance = await start(LEGACY_CHOICES, {
      cis: [ci('CI-AWS'), ci('CI-AZURE'), ci('CI-AZURE-DB')],
      tables: { cmdb_rel_ci: [{ parent: 'CI-AWS', child: 'CI-AZURE', type: 'rel-replaced' }] },
    });
    const action = retireAction('CI-AWS', ['CI-AZURE', 'CI-AZURE-DB']);
    (await execute(cmdbOn(instance), action))._unsafeUnwrap();
    (await execute(cmdbOn(instance), action))._unsafeUnwrap();
    expect(writesTo(instance, 'cmdb_ci')).toHaveLength(1);
    expect(writesTo(instance, 'cmdb_rel_ci')).toHaveLength(1);
    expect(instance.tables.cmdb_rel_ci?.map((relation) => relation.child)).toEqual(['CI-AZURE', 'CI-AZURE-DB']);
    expect(instance.tables.sys_journal_field).toHaveLength(1);
  });

  it('a crash between the write and the journal: a fresh provider reconciles it as done and writes nothing again', async () => {
    const instance = await start(LEGACY_CHOICES);
    const action = retireAction();
    expect((await reconcile(cmdbOn(instance), action))._unsafeUnwrap()).toEqual({ status: 'absent' });
    (await execute(cmdbOn(instance), action))._unsafeUnwrap(); // the process dies before journaling `done`
    const restarted = cmdbOn(instance);
    const found = (await reconcile(restarted, action))._unsafeUnwrap();
    expect(found).toMatchObject({ status: 'done', result: { marker: actionMarker(action), links: ['CI-AZURE'] } });
    const writes = instance.writes().length;
    (await execute(restarted, action))._unsafeUnwrap();
    expect(instance.writes()).toHaveLength(writes);
  });

  it('a write whose answer is lost (connection dropped after it landed) is found by reading back, not sent twice', async () => {
    const instance = await start(LEGACY_CHOICES);
    instance.crashAfterWrite('PATCH', 'cmdb_ci');
    const cmdb = cmdbOn(instance);
    expect((await execute(cmdb, retireAction()))._unsafeUnwrap().status).toBe('done');
    instance.crashAfterWrite('POST', 'cmdb_rel_ci');
    const other = retireAction('CI-AZURE', ['CI-AWS']);
    expect((await execute(cmdb, other))._unsafeUnwrap().status).toBe('done');
    expect(writesTo(instance, 'cmdb_ci')).toHaveLength(2);
    expect(writesTo(instance, 'cmdb_rel_ci')).toHaveLength(2);
    expect(instance.tables.sys_journal_field).toHaveLength(2);
  });

  it('reconcile reports absent while a relation is missing, and execute then adds only that relation', async () => {
    const instance = await start(LEGACY_CHOICES);
    const action = retireAction();
    const cmdb = cmdbOn(instance);
    (await execute(cmdb, action))._unsafeUnwrap();
    instance.tables.cmdb_rel_ci?.splice(0);
    expect((await reconcile(cmdb, action))._unsafeUnwrap()).toEqual({ status: 'absent' });
    (await execute(cmdb, action))._unsafeUnwrap();
    expect(writesTo(instance, 'cmdb_ci')).toHaveLength(1);
    expect(writesTo(instance, 'cmdb_rel_ci')).toHaveLength(2);
    expect((await reconcile(cmdb, action))._unsafeUnwrap().status).toBe('done');
  });
});
