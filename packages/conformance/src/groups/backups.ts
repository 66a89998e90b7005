import { assert, okValue } from '../assertions.js';
import { instanceAction, runToCompletion } from '../fixtures.js';
import type { BackupsOracle } from '../oracles.js';
import type { ConformanceRunner } from '../runner.js';
import { INSTANCES_WORLD } from '../standard-world.js';
import { contextOf, type PortSubject, type SubjectFactory, withSubject } from '../subject.js';
import type { InstancesWorld } from '../world-fixtures.js';

const PARAMS = { vault: 'decom-archive', retainDays: 30 };

/**
 * What {@link backupsConformance} builds: the `backups` port, and the
 * `inventory` where the provider has one (its resource identities are then
 * checked against the recovery points).
 *
 * @example
 * ```ts
 * backupsConformance({ describe, it }, async (world): Promise<BackupsSubject> => build(world));
 * ```
 */
export type BackupsSubject = PortSubject<'backups', BackupsOracle>;

/**
 * The `backups` port: backup.create waits to COMPLETED, is idempotent, and
 * reconciles by token; every recovery point names the identity of its resource.
 * The world is EC2 instances.
 *
 * @example
 * ```ts
 * backupsConformance({ describe, it }, async (world) => {
 *   const cloud = await seed(world.instances);
 *   return { backups: cloud.backups, inventory: cloud.inventory, oracle: cloud.backupOracle };
 * });
 * ```
 */
export function backupsConformance(
  runner: ConformanceRunner,
  create: SubjectFactory<InstancesWorld, BackupsSubject>,
): void {
  runner.describe('backups', () => {
    runner.it('backs an instance up to COMPLETED, once, even when asked twice with the same token', () =>
      withSubject(create, INSTANCES_WORLD, async (subject) => {
        const { backups, oracle } = subject;
        const handler = backups.handlers?.['backup.create'];
        assert.ok(handler);
        const action = instanceAction('backup.create', oracle, 'web-1', INSTANCES_WORLD, PARAMS);
        const context = contextOf(subject, action);
        assert.equal(okValue(await handler.reconcile(action, context), 'reconcile before').status, 'absent');
        const outcome = okValue(await runToCompletion(handler, action, context, oracle), 'backup');
        assert.equal(outcome.status, 'done');
        assert.equal(await oracle.completedBackups('web-1'), 1);
        const again = okValue(await runToCompletion(handler, action, context, oracle), 'backup again');
        assert.equal(again.status, 'done');
        assert.equal(await oracle.completedBackups('web-1'), 1, 'the same token must not make a second backup');
        assert.equal(okValue(await handler.reconcile(action, context), 'reconcile after').status, 'done');
        const points = okValue(await backups.listRecoveryPoints(oracle.arnOf('web-1')), 'listRecoveryPoints');
        assert.ok(points.some((point) => point.status === 'COMPLETED'));
        assert.equal(await oracle.completedBackups('web-2'), 0, 'nothing else was backed up');
      }),
    );
    runner.it('names, on every recovery point, the identity of the resource it was taken of', () =>
      withSubject(create, INSTANCES_WORLD, async (subject) => {
        const { backups, oracle } = subject;
        const handler = backups.handlers?.['backup.create'];
        assert.ok(handler);
        // The identity is the inventory's, where the target supplies one.
        const inventory = subject.inventory;
        const identityOf = async (name: string) =>
          inventory === undefined
            ? undefined
            : okValue(await inventory.describe(oracle.arnOf(name)), `describe ${name}`)?.resourceIdentity;
        const identity = await identityOf('web-1');
        if (inventory !== undefined) {
          assert.ok(identity !== undefined && identity !== '', 'the inventory names the identity of web-1');
          assert.notEqual(await identityOf('web-2'), identity, 'two resources have two identities');
        }
        // As the engine's final-backups step does: the planned identity rides along in the params.
        const action = instanceAction('backup.create', oracle, 'web-1', INSTANCES_WORLD, {
          ...PARAMS,
          ...(identity === undefined ? {} : { resourceIdentity: identity }),
        });
        const outcome = okValue(await runToCompletion(handler, action, contextOf(subject, action), oracle), 'backup');
        assert.equal(outcome.status, 'done');
        const points = okValue(await backups.listRecoveryPoints(oracle.arnOf('web-1')), 'listRecoveryPoints');
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
