import { assert, okValue } from '../assertions.js';
import { instanceAction } from '../fixtures.js';
import type { ConfigInventoryOracle } from '../oracles.js';
import type { ConformanceRunner } from '../runner.js';
import { INSTANCES_WORLD } from '../standard-world.js';
import { contextOf, type PortSubject, type SubjectFactory, withSubject } from '../subject.js';
import type { InstancesWorld } from '../world-fixtures.js';

/**
 * What {@link configInventoryConformance} builds: the `configInventory` port,
 * and a `retirement` port when the suite should also delete an instance and
 * watch the recorder catch up.
 *
 * @example
 * ```ts
 * configInventoryConformance({ describe, it }, async (world): Promise<ConfigInventorySubject> => build(world));
 * ```
 */
export type ConfigInventorySubject = PortSubject<'configInventory', ConfigInventoryOracle>;

/**
 * The `configInventory` port (AWS Config): a live resource is recorded live;
 * a deleted one, deleted once the lag passes (checked when the subject has a
 * `retirement` port).
 *
 * @example
 * ```ts
 * configInventoryConformance({ describe, it }, async (world) => {
 *   const cloud = await seed(world.instances);
 *   return { configInventory: cloud.config, retirement: cloud.retirement, oracle: cloud.oracle };
 * });
 * ```
 */
export function configInventoryConformance(
  runner: ConformanceRunner,
  create: SubjectFactory<InstancesWorld, ConfigInventorySubject>,
): void {
  runner.describe('configInventory', () => {
    runner.it('records live resources as live and, after the lag, deleted ones as ResourceDeleted', () =>
      withSubject(create, INSTANCES_WORLD, async (subject) => {
        const { configInventory: config, oracle } = subject;
        const [live, doomed] = [oracle.arnOf('web-1'), oracle.arnOf('web-2')];
        const before = okValue(await config.records([live, doomed]), 'records');
        assert.ok(
          before.every((record) => record.status !== 'ResourceDeleted'),
          'nothing is deleted yet',
        );
        if (subject.retirement === undefined) return;
        const remove = subject.retirement.handlers?.['resource.delete'];
        assert.ok(remove);
        const deletion = instanceAction('resource.delete', oracle, 'web-2', INSTANCES_WORLD);
        okValue(await remove.execute(deletion, contextOf(subject, deletion)), 'delete');
        await oracle.advanceTime(24 * 3_600_000);
        const after = okValue(await config.records([live, doomed]), 'records after');
        assert.equal(after.find((record) => record.arn === doomed)?.status, 'ResourceDeleted');
        assert.notEqual(after.find((record) => record.arn === live)?.status, 'ResourceDeleted');
      }),
    );
  });
}
