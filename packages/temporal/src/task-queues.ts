import { AWS_DEFAULT_RATE_LIMITS } from '@decomkit/core';

/** The task queue the run workflows are polled from (their control logic; no AWS call is made there). */
export const DEFAULT_WORKFLOW_QUEUE = 'decomkit.runs';

/**
 * The activities a second an account's task queue allows by default: EC2's
 * mutating refill rate (5 a second), since nearly every action of a run makes
 * one mutating call. The server enforces it across every worker of the queue.
 */
export const DEFAULT_ACTIVITIES_PER_SECOND = AWS_DEFAULT_RATE_LIMITS['ec2:mutating']?.refillPerSecond ?? 5;

/**
 * The task queue of one AWS account and region: every action of every run in
 * that account and region is an activity on it, so one rate limit set on the
 * queue holds across the whole fleet.
 *
 * @example
 * ```ts
 * accountTaskQueue('111122223333', 'eu-west-1'); // 'decomkit.111122223333.eu-west-1'
 * ```
 */
export function accountTaskQueue(accountId: string, region: string): string {
  return `decomkit.${accountId}.${region}`;
}

/** The workflow id of a run: the workload and the run id, so the server refuses a second runner of one run. */
export function runWorkflowId(workloadId: string, runId: string): string {
  return `decomkit/${workloadId}/${runId}`;
}
