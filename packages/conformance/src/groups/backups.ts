import { assert, okValue, portOf, withWorld } from '../assertions.js';
import { handlerContext, instanceAction, runToCompletion, STANDARD_WORLD } from '../fixtures.js';
import type { ConformanceRunner } from '../runner.js';
import type { ConformanceTarget } from '../target.js';

const PARAMS = { vault: 'decom-archive', retainDays: 30 };

/**
 * The `backups` port: backup.create waits to COMPLETED, is idempotent, and
 * reconciles by token; every recovery point names the identity of its resource.
 */
export function backupsGroup(runner: ConformanceRunner, target: ConformanceTarget): void {
  runner.describe('backups', () => {
    runner.it('backs an instance up to COMPLETED, once, even when asked twice with the same token', () =>
      withWorld(target, STANDARD_WORLD, async (subject) => {
        const backups = portOf(subject, 'backups');
        const handler = backups.handlers?.['backup.create'];
        assert.ok(handler);
        const action = instanceAction('backup.create', subject.oracle, 'web-1', STANDARD_WORLD, PARAMS);
        const context = handlerContext(subject.providers, action);
        assert.equal(okValue(await handler.reconcile(action, context), 'reconcile before').status, 'absent');
        const outcome = okValue(await runToCompletion(handler, action, context, subject.oracle), 'backup');
        assert.equal(outcome.status, 'done');
        assert.equal(await subject.oracle.completedBackups('web-1'), 1);
        const again = okValue(await runToCompletion(handler, action, context, subject.oracle), 'backup again');
        assert.equal(again.status, 'done');
        assert.equal(await subject.oracle.completedBackups('web-1'), 1, 'the same token must not make a second backup');
        assert.equal(okValue(await handler.reconcile(action, context), 'reconcile after').status, 'done');
        const points = okValue(await backups.listRecoveryPoints(subject.oracle.arnOf('web-1')), 'listRecoveryPoints');
        assert.ok(points.some((point) => point.status === 'COMPLETED'));
        assert.equal(await subject.oracle.completedBackups('web-2'), 0, 'nothing else was backed up');
      }),
    );
    runner.it('names, on every recovery point, the identity of the resource it was taken of', () =>
      withWorld(target, STANDARD_WORLD, async (subject) => {
        const backups = portOf(subject, 'backups');
        const handler = backups.handlers?.['backup.create'];
        assert.ok(handler);
        // The identity is the inventory's, where the target supplies one.
        const inventory = subject.providers.inventory;
        const identityOf = async (name: string) =>
          inventory === undefined
            ? undefined
            : okValue(await inventory.describe(subject.oracle.arnOf(name)), `describe ${name}`)?.resourceIdentity;
        const identity = await identityOf('web-1');
        if (inventory !== undefined) {
          assert.ok(identity !== undefined && identity !== '', 'the inventory names the identity of web-1');
          assert.notEqual(await identityOf('web-2'), identity, 'two resources have two identities');
        }
        // As the engine's final-backups step does: the planned identity rides along in the params.
        const action = instanceAction('backup.create', subject.oracle, 'web-1', STANDARD_WORLD, {
          ...PARAMS,
          ...(identity === undefined ? {} : { resourceIdentity: identity }),
        });
        const outcome = okValue(
          await runToCompletion(handler, action, handlerContext(subject.providers, action), subject.oracle),
          'backup',
        );
        assert.equal(outcome.status, 'done');
        const points = okValue(await backups.listRecoveryPoints(subject.oracle.arnOf('web-1')), 'listRecoveryPoints');
        const completed = points.filter((point) => point.status === 'COMPLETED');
        assert.ok(completed.length > 0);
        for (const point of completed) {
          // The backup gate accepts a point only for the resource whose identity it names: never web-2.
          assert.ok(
            typeof point.resourceIdentity === 'string' && point.resourceIdentity !== '',
            `${point.arn} names an identity`,
          );
          if (identity !== undefined)
            assert.equal(point.resourceIdentity, identity, `${point.arn} names web-1's identity`);
        }
      }),
    );
  });
}
