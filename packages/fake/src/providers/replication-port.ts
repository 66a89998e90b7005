import type { ActionHandler, DecomError, HandlerOutcome, ReplicationPort, ResultAsync } from '@decomkit/core';
import { decomError, errAsync, okAsync } from '@decomkit/core';
import { PORT_SPECIFICATION_VERSION } from '@decomkit/provider-kit';
import type { FakeReplicationTask } from '../services/services-state.js';
import type { FakeDms } from '../source/dms.js';
import { done } from './resource-kind.js';

const POLL_MILLISECONDS = 15_000;

/**
 * Port `replication` over the fake DMS. `replication.stop` stops the task
 * (StopReplicationTask) and, while it is `stopping`, waits through a
 * checkpoint until it is `stopped`; reconcile reads its status back
 * (running: absent; stopping: pending; stopped: done).
 */
export function fakeReplicationPort(dms: FakeDms): ReplicationPort {
  const outcomeOf = (task: FakeReplicationTask): HandlerOutcome =>
    task.status === 'stopped'
      ? done({ taskArn: task.arn, status: task.status, stoppedAt: task.stoppedAt })
      : { status: 'pending', checkpoint: { taskArn: task.arn }, pollAfterMilliseconds: POLL_MILLISECONDS };
  const describe = (arn: string): ResultAsync<FakeReplicationTask, DecomError> =>
    dms
      .describeReplicationTasks([arn])
      .andThen(([task]) =>
        task === undefined
          ? errAsync(decomError.notFound({ message: `ResourceNotFoundFault: replication task ${arn}`, resource: arn }))
          : okAsync(task),
      );
  const stop: ActionHandler<'replication.stop'> = {
    rateLimits: (action) => [
      {
        service: 'dms',
        bucket: 'default',
        accountId: action.target.accountId ?? '',
        region: action.target.region ?? '',
      },
    ],
    execute: (action) => dms.stopReplicationTask(action.target.ref).map(outcomeOf),
    poll: (action) =>
      describe(action.target.ref).andThen((task) =>
        task.status === 'running'
          ? errAsync(
              decomError.conflict({
                message: `replication task ${task.arn} is running again while it was being stopped`,
                resource: task.arn,
              }),
            )
          : okAsync(outcomeOf(task)),
      ),
    reconcile: (action) =>
      describe(action.target.ref).map((task) =>
        task.status === 'running' ? { status: 'absent' as const } : outcomeOf(task),
      ),
  };
  return {
    specificationVersion: PORT_SPECIFICATION_VERSION,
    handlers: { 'replication.stop': stop },
    listTasks: () =>
      dms
        .describeReplicationTasks()
        .map((tasks) =>
          tasks.map((task) => ({ arn: task.arn, status: task.status, lagSeconds: task.lagSeconds, tags: task.tags })),
        ),
  };
}
