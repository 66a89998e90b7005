import { assert, okValue } from '../assertions.js';
import { serviceAction } from '../fixtures.js';
import type { ReplicationOracle } from '../oracles.js';
import type { ConformanceRunner } from '../runner.js';
import { REPLICATION_WORLD } from '../standard-world.js';
import { contextOf, type PortSubject, type SubjectFactory, withSubject } from '../subject.js';
import type { ReplicationWorld } from '../world-fixtures.js';

/**
 * What {@link replicationConformance} builds: the `replication` port and an oracle reading task status outside it.
 *
 * @example
 * ```ts
 * replicationConformance({ describe, it }, async (world): Promise<ReplicationSubject> => build(world));
 * ```
 */
export type ReplicationSubject = PortSubject<'replication', ReplicationOracle>;

/**
 * The `replication` port (DMS): tasks with their lag; a task stopped once,
 * reconciled by its status.
 *
 * @example
 * ```ts
 * replicationConformance({ describe, it }, async (world) => {
 *   const tasks = await seedTasks(world.replicationTasks);
 *   return { replication: myReplication(), oracle: { replicationArnOf: tasks.arnOf, replicationStatus: tasks.statusOf } };
 * });
 * ```
 */
export function replicationConformance(
  runner: ConformanceRunner,
  create: SubjectFactory<ReplicationWorld, ReplicationSubject>,
): void {
  runner.describe('replication', () => {
    runner.it('lists tasks with lag and tags, stops one, and reconciles by its status', () =>
      withSubject(create, REPLICATION_WORLD, async (subject) => {
        const { replication, oracle } = subject;
        const arn = oracle.replicationArnOf('payments-cdc');
        const task = okValue(await replication.listTasks(), 'listTasks').find((candidate) => candidate.arn === arn);
        assert.equal(task?.lagSeconds, 0);
        assert.equal(task?.tags.workload, 'payments');
        const stop = replication.handlers?.['replication.stop'];
        assert.ok(stop, 'handler replication.stop');
        const action = serviceAction('replication.stop', arn);
        const context = contextOf(subject, action);
        assert.equal(okValue(await stop.reconcile(action, context), 'reconcile before').status, 'absent');
        assert.equal(okValue(await stop.execute(action, context), 'stop').status, 'done');
        assert.equal(await oracle.replicationStatus('payments-cdc'), 'stopped');
        assert.equal(okValue(await stop.reconcile(action, context), 'reconcile after').status, 'done');
      }),
    );
  });
}
