import { cmdbConformance } from '@decomkit/conformance';
import { describe, it } from 'vitest';
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
