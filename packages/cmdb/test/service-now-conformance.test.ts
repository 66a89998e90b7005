import { cmdbConformance } from '@decomkit/conformance';
import { describe, it } from 'vitest';
import { CSDM_CHOICES, ci, cmdbOn, LEGACY_CHOICES, startInstance } from './support/instances.js';

/** The `cmdb` suite on serviceNowCmdb against a loopback instance, legacy-only and CSDM-only. */
for (const [model, choices] of [
  ['legacy', LEGACY_CHOICES],
  ['CSDM', CSDM_CHOICES],
] as const)
  describe(`serviceNowCmdb on a ${model} instance`, () => {
    cmdbConformance({ describe, it }, async (world) => {
      const server = await startInstance(choices, { cis: world.configurationItems.map((id) => ci(id)) });
      const retired = (id: string) => {
        const row = server.tables.cmdb_ci?.find((candidate) => candidate.sys_id === id);
        if (row === undefined) return null;
        return model === 'legacy' ? row.install_status === '7' : row.life_cycle_stage_status === 'retired';
      };
      return {
        cmdb: cmdbOn(server),
        oracle: {
          mutatingCalls: async () => server.writes().length,
          configurationItem: async (id) => {
            const isRetired = retired(id);
            if (isRetired === null) return null;
            const links = (server.tables.cmdb_rel_ci ?? []).filter((relation) => relation.parent === id);
            return { retired: isRetired, links: links.map((relation) => relation.child ?? '') };
          },
        },
        dispose: () => server.close(),
      };
    });
  });
