import { assert, okValue, portOf, withWorld } from '../assertions.js';
import { handlerContext, oracleMethod, STANDARD_WORLD, serviceAction } from '../fixtures.js';
import type { ConformanceRunner } from '../runner.js';
import type { ConformanceTarget } from '../target.js';

/** The `replication` port (DMS): tasks with their lag; a task stopped once, reconciled by its status. */
export function replicationGroup(runner: ConformanceRunner, target: ConformanceTarget): void {
  runner.describe('replication', () => {
    runner.it('lists tasks with lag and tags, stops one, and reconciles by its status', () =>
      withWorld(target, STANDARD_WORLD, async (subject) => {
        const replication = portOf(subject, 'replication');
        const arn = oracleMethod(subject.oracle, 'replicationArnOf')('payments-cdc');
        const task = okValue(await replication.listTasks(), 'listTasks').find((candidate) => candidate.arn === arn);
        assert.equal(task?.lagSeconds, 0);
        assert.equal(task?.tags.workload, 'payments');
        const stop = replication.handlers?.['replication.stop'];
        assert.ok(stop, 'handler replication.stop');
        const action = serviceAction('replication.stop', arn);
        const context = handlerContext(subject.providers, action);
        assert.equal(okValue(await stop.reconcile(action, context), 'reconcile before').status, 'absent');
        assert.equal(okValue(await stop.execute(action, context), 'stop').status, 'done');
        assert.equal(await oracleMethod(subject.oracle, 'replicationStatus')('payments-cdc'), 'stopped');
        assert.equal(okValue(await stop.reconcile(action, context), 'reconcile after').status, 'done');
      }),
    );
  });
}
