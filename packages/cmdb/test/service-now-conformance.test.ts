import { type ConformanceRunner, cmdbConformance } from '@decomkit/conformance';
import { describe, expect, it } from 'vitest';
import { CSDM_CHOICES, ci, cmdbOn, LEGACY_CHOICES, startInstance } from './support/instances.js';

/** The checks the `cmdb` suite registers (per instance model), so this file cannot pass with none. */
const CMDB_SUITE_CHECKS = 4;

/** Every check the suite registered here, and those whose body ran to the end (their assertions all held). */
const registered: string[] = [];
const completed = new Set<string>();

/** vitest's `describe` and `it`, recording each check the suite registers and each that completes. */
function recordingRunner(model: string): ConformanceRunner {
  return {
    describe,
    it: (name, body, timeoutMilliseconds) => {
      const check = `${model}: ${name}`;
      registered.push(check);
      it(
        name,
        async () => {
          await body();
          completed.add(check);
        },
        timeoutMilliseconds,
      );
    },
  };
}

/** The `cmdb` suite (with `findByCloudIds`) on serviceNowCmdb against a loopback instance, legacy-only and CSDM-only. */
for (const [model, choices] of [
  ['legacy', LEGACY_CHOICES],
  ['CSDM', CSDM_CHOICES],
] as const)
  describe(`serviceNowCmdb on a ${model} instance`, () => {
    cmdbConformance(
      recordingRunner(model),
      async (world) => {
        // Cloud Discovery's fields: the first cloud id in object_id, the second in correlation_id.
        const cis = world.configurationItems.map((id) => {
          const [objectId = '', correlationId = ''] = world.cloudIds?.[id] ?? [];
          return { ...ci(id), object_id: objectId, correlation_id: correlationId };
        });
        const server = await startInstance(choices, { cis });
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
      },
      { findByCloudIds: true },
    );
  });

// Runs after the suites above (a file's tests run in order): the suite's checks were registered and each passed here.
describe('the cmdb suite as registered in this file', () => {
  it('registered its checks for both instance models, and every one of them ran to the end', () => {
    expect(registered).toHaveLength(2 * CMDB_SUITE_CHECKS);
    expect(registered.filter((check) => check.startsWith('legacy: '))).toHaveLength(CMDB_SUITE_CHECKS);
    expect([...completed].sort()).toEqual([...registered].sort());
  });
});
