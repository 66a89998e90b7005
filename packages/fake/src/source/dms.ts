import { type DecomError, decomError, err, ok, type ResultAsync } from '@decomkit/core';
import type { FakeWorld } from '../world.js';
import type { FakeReplicationTask } from './services-state.js';

/** The fake AWS DMS: replication tasks; stopping a stopped task is `InvalidResourceStateFault`. */
export class FakeDms {
  constructor(private readonly world: FakeWorld) {}

  describeReplicationTasks(): ResultAsync<FakeReplicationTask[], DecomError> {
    return this.world.call('dms', 'DescribeReplicationTasks', false, null, () =>
      ok(structuredClone(this.world.state.services.replicationTasks)),
    );
  }

  stopReplicationTask(arn: string): ResultAsync<FakeReplicationTask, DecomError> {
    return this.world.call('dms', 'StopReplicationTask', true, arn, () => {
      const task = this.world.state.services.replicationTasks.find((candidate) => candidate.arn === arn);
      if (task === undefined)
        return err(decomError.notFound({ message: `ResourceNotFoundFault: replication task ${arn}`, resource: arn }));
      if (task.status !== 'running') {
        return err(
          decomError.conflict({
            message: `InvalidResourceStateFault: replication task ${arn} is ${task.status}`,
            resource: arn,
          }),
        );
      }
      task.status = 'stopped';
      task.stoppedAt = this.world.nowIso();
      return ok(structuredClone(task));
    });
  }
}
