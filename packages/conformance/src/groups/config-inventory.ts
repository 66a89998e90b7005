import { assert, okValue, portOf, withWorld } from '../assertions.js';
import { handlerContext, instanceAction, STANDARD_WORLD } from '../fixtures.js';
import type { ConformanceRunner } from '../runner.js';
import type { ConformanceTarget } from '../target.js';

/** The `configInventory` port (AWS Config): a live resource is recorded live; a deleted one, deleted once the lag passes. */
export function configInventoryGroup(runner: ConformanceRunner, target: ConformanceTarget): void {
  runner.describe('configInventory', () => {
    runner.it('records live resources as live and, after the lag, deleted ones as ResourceDeleted', () =>
      withWorld(target, STANDARD_WORLD, async (subject) => {
        const config = portOf(subject, 'configInventory');
        const [live, doomed] = [subject.oracle.arnOf('web-1'), subject.oracle.arnOf('web-2')];
        const before = okValue(await config.records([live, doomed]), 'records');
        assert.ok(
          before.every((record) => record.status !== 'ResourceDeleted'),
          'nothing is deleted yet',
        );
        if (!target.capabilities.retirement) return;
        const remove = portOf(subject, 'retirement').handlers?.['resource.delete'];
        assert.ok(remove);
        const deletion = instanceAction('resource.delete', subject.oracle, 'web-2', STANDARD_WORLD);
        okValue(await remove.execute(deletion, handlerContext(subject.providers, deletion)), 'delete');
        await subject.oracle.advanceTime(24 * 3_600_000);
        const after = okValue(await config.records([live, doomed]), 'records after');
        assert.equal(after.find((record) => record.arn === doomed)?.status, 'ResourceDeleted');
        assert.notEqual(after.find((record) => record.arn === live)?.status, 'ResourceDeleted');
      }),
    );
  });
}
