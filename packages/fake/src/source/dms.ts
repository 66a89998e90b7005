import { type DecomError, err, ok, type ResultAsync } from '@decomkit/core';
import type { FakeReplicationTask, ServicesState } from '../services/services-state.js';
import type { FakeWorld } from '../world.js';
import { awsError } from './aws-errors.js';

/** Moves `stopping` tasks whose stop time has come to `stopped`. */
export function settleReplicationTasks(services: ServicesState, now: string): void {
  for (const task of services.replicationTasks) {
    if (task.status === 'stopping' && task.stoppedAt !== null && task.stoppedAt <= now) task.status = 'stopped';
  }
}

/**
 * The fake AWS DMS: replication tasks with their status and CDC latency.
 * StopReplicationTask moves a running task to `stopping`, and to `stopped`
 * after the seeded `replicationStopSeconds` (at once by default). Stopping a
 * task that is not running is `InvalidResourceStateFault`, an unknown ARN
 * `ResourceNotFoundFault`, as in AWS.
 */
export class FakeDms {
  constructor(private readonly world: FakeWorld) {}

  /** DescribeReplicationTasks, optionally filtered by `replication-task-arn`. */
  describeReplicationTasks(arns?: readonly string[]): ResultAsync<FakeReplicationTask[], DecomError> {
    return this.world.call('dms', 'DescribeReplicationTasks', false, arns?.join(',') ?? null, () => {
      settleReplicationTasks(this.world.state.services, this.world.nowIso());
      const tasks = this.world.state.services.replicationTasks.filter(
        (task) => arns === undefined || arns.includes(task.arn),
      );
      if (arns !== undefined && tasks.length === 0)
        return err(
          awsError.notFound('ResourceNotFoundFault', `no replication task ${arns.join(', ')}`, arns.join(',')),
        );
      return ok(structuredClone(tasks));
    });
  }

  /** StopReplicationTask. */
  stopReplicationTask(arn: string): ResultAsync<FakeReplicationTask, DecomError> {
    return this.world.call('dms', 'StopReplicationTask', true, arn, () => {
      if (!arn.startsWith('arn:'))
        return err(
          awsError.invalid(
            'InvalidParameterValueException',
            `"${arn}" is not a replication task ARN`,
            'ReplicationTaskArn',
          ),
        );
      settleReplicationTasks(this.world.state.services, this.world.nowIso());
      const task = this.world.state.services.replicationTasks.find((candidate) => candidate.arn === arn);
      if (task === undefined) return err(awsError.notFound('ResourceNotFoundFault', `replication task ${arn}`, arn));
      if (task.status !== 'running')
        return err(awsError.conflict('InvalidResourceStateFault', `replication task ${arn} is ${task.status}`, arn));
      const seconds = this.world.state.services.replicationStopSeconds ?? 0;
      task.stoppedAt = new Date(this.world.clock.now().getTime() + seconds * 1000).toISOString();
      task.status = seconds > 0 ? 'stopping' : 'stopped';
      return ok(structuredClone(task));
    });
  }
}
