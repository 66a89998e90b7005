import type { ActionHandler, ReplicationPort } from '@decomkit/core';
import type { FakeDms } from '../source/dms.js';
import { done } from './resource-kind.js';

/**
 * Port `replication` over the fake DMS. `replication.stop` stops the task
 * (StopReplicationTask); reconcile reads its status back: stopped is done.
 */
export function fakeReplicationPort(dms: FakeDms): ReplicationPort {
  const stop: ActionHandler = {
    rateLimits: (action) => [
      {
        service: 'dms',
        bucket: 'default',
        accountId: action.target.accountId ?? '',
        region: action.target.region ?? '',
      },
    ],
    execute: (action) =>
      dms
        .stopReplicationTask(action.target.ref)
        .map((task) => done({ taskArn: task.arn, status: task.status, stoppedAt: task.stoppedAt })),
    reconcile: (action) =>
      dms
        .describeReplicationTasks([action.target.ref])
        .map(([task]) =>
          task !== undefined && task.status !== 'running'
            ? done({ taskArn: task.arn, status: task.status, stoppedAt: task.stoppedAt })
            : { status: 'absent' as const },
        ),
  };
  return {
    handlers: { 'replication.stop': stop },
    listTasks: () =>
      dms
        .describeReplicationTasks()
        .map((tasks) =>
          tasks.map((task) => ({ arn: task.arn, status: task.status, lagSeconds: task.lagSeconds, tags: task.tags })),
        ),
  };
}
