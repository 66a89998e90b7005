import { cmdbConformance } from '@decomkit/conformance';
import { describe, expect, it } from 'vitest';
import { InMemoryCmdbStore, inMemoryCmdb } from './in-memory-cmdb.js';

// The suite seeds the world's CIs through this factory, then reads them back through the oracle,
// outside the port: a provider cannot pass by agreeing with itself.
cmdbConformance({ describe, it }, (world) => {
  const store = new InMemoryCmdbStore(world.configurationItems);
  const oracle = {
    configurationItem: async (id: string) => {
      const item = store.items.get(id);
      return item === undefined ? null : { retired: item.retired, links: item.links };
    },
    mutatingCalls: async () => store.writes,
  };
  return { ...inMemoryCmdb(store), oracle };
});

// The provider in use, asserted here as well as by the suite: a retire writes once and links the Azure CI;
// an unknown CI is NotFound and writes nothing.
describe('inMemoryCmdb', () => {
  it('retires a CI once, linked to its Azure CI, and refuses an unknown one', async () => {
    const store = new InMemoryCmdbStore(['CI0042', 'CI0077']);
    const { cmdb } = inMemoryCmdb(store);
    const retire = cmdb.handlers['cmdb.retire'];
    const action = {
      key: 'clean-up-artifacts:cmdb.retire:CI0042',
      kind: 'cmdb.retire',
      target: { ref: 'CI0042' },
      params: { ciId: 'CI0042', azureCiIds: ['CI0077'] },
      gates: [],
      dependsOn: [],
    } as unknown as Parameters<typeof retire.execute>[0];
    const context = { idempotencyToken: 'dk-1' } as unknown as Parameters<typeof retire.execute>[1];
    expect((await retire.reconcile(action, context))._unsafeUnwrap().status).toBe('absent');
    expect((await retire.execute(action, context))._unsafeUnwrap().status).toBe('done');
    expect((await retire.execute(action, context))._unsafeUnwrap().status).toBe('done');
    expect(store.writes).toBe(1);
    expect(store.items.get('CI0042')).toMatchObject({ retired: true, links: ['CI0077'] });
    const ghost = { ...action, params: { ciId: 'CI9999', azureCiIds: [] } } as typeof action;
    expect((await retire.execute(ghost, context))._unsafeUnwrapErr().code).toBe('NotFound');
    expect(store.writes).toBe(1);
  });
});
