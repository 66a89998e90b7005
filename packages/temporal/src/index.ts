/**
 * decomkit on Temporal: hundreds of decommissioning runs across many AWS
 * accounts, each run a durable workflow, each action an activity on its
 * account's task queue, whose rate the server holds across the whole fleet.
 * Core stays unaware of Temporal: the activities drive the same engine, on
 * the same journal, under the same rules.
 *
 * @example
 * ```ts
 * import { createFleetWorker, startFleet, fleetStatus, approveRun } from '@decomkit/temporal';
 * ```
 * @packageDocumentation
 */
export { createRunActivities, type RunActivityOptions } from './activities.js';
export {
  approveRun,
  type FleetRun,
  type FleetRunRef,
  type FleetRunStatus,
  type FleetStart,
  type FleetStatus,
  fleetStatus,
  type StartFleetOptions,
  startFleet,
} from './fleet.js';
export {
  type AccountQueue,
  createFleetWorker,
  type FleetWorker,
  type FleetWorkerOptions,
  workflowsPath,
} from './fleet-worker.js';
export type {
  ActionView,
  ApprovalAnswer,
  RunActivities,
  RunInput,
  RunOutcome,
  RunProgress,
  RunRef,
  RunSnapshot,
} from './run-types.js';
export { type DecomkitSearchAttributeKey, TEMPORAL_SEARCH_ATTRIBUTES } from './search-attributes.js';
export {
  accountTaskQueue,
  DEFAULT_ACTIVITIES_PER_SECOND,
  DEFAULT_WORKFLOW_QUEUE,
  runWorkflowId,
} from './task-queues.js';
