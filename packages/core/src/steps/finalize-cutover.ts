import { err } from 'neverthrow';
import { stillOpen, verified } from '../model/evidence.js';
import { gate } from '../model/gate.js';
import { defineStep } from '../model/step.js';
import { tagValue } from '../model/tags.js';

/** The tag that ties a replication task to a workload when the selector has no tags. */
const WORKLOAD_TAG = 'workload';

/**
 * Cutover, part two: once traffic has moved, stop continuous replication —
 * each task only when its lag is zero (Azure has the authoritative copy).
 */
export const finalizeCutover = defineStep({
  id: 'finalize-cutover',
  item: 'cutover',
  title: 'Stop replication once Azure has the authoritative copy',
  needs: ['replication'],
  after: ['confirm-cutover-traffic'],
  plan: async ({ ports, workload, action }) => {
    const tasks = await ports.replication.listTasks();
    if (tasks.isErr()) return err(tasks.error);
    const wanted = Object.entries(workload.source.select.tags ?? { [WORKLOAD_TAG]: workload.id });
    const mine = tasks.value.filter((task) => wanted.every(([key, value]) => tagValue(task.tags, key) === value));
    return {
      actions: mine
        .filter((task) => task.status !== 'stopped')
        .map((task) =>
          action({ kind: 'replication.stop', target: { ref: task.arn }, gates: [gate.replicationCaughtUp(task.arn)] }),
        ),
      findings:
        mine.length === 0
          ? [
              {
                severity: 'info' as const,
                code: 'no-replication',
                message: 'no replication task carries the workload tags',
              },
            ]
          : [],
    };
  },
  verify: async ({ ports, actions }) => {
    const tasks = await ports.replication.listTasks();
    return tasks.map((all) => {
      const stopped = actions.map((record) => record.action.target.ref);
      const running = all.filter((task) => stopped.includes(task.arn) && task.status !== 'stopped');
      if (running.length > 0)
        return stillOpen(`replication still running: ${running.map((task) => task.arn).join(', ')}`);
      return verified(stopped.length === 0 ? 'no replication to stop' : `${stopped.length} replication tasks stopped`, {
        stoppedTasks: stopped,
      });
    });
  },
});
