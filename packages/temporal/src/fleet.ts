import { type DecomError, decomError, errAsync, type InputIssue, type Plan, ResultAsync } from '@decomkit/core';
import { type Client, WorkflowExecutionAlreadyStartedError } from '@temporalio/client';
import type { RunInput, RunOutcome, RunProgress } from './run-types.js';
import { TEMPORAL_SEARCH_ATTRIBUTES } from './search-attributes.js';
import { accountTaskQueue, DEFAULT_WORKFLOW_QUEUE, runWorkflowId } from './task-queues.js';

/** One run of a fleet: a reviewed plan, and its run id (default: the workload id and the plan's hash). */
export interface FleetRun {
  readonly plan: Plan;
  readonly runId?: string;
}

/** Options of {@link startFleet}. */
export interface StartFleetOptions {
  /** Names the fleet (search attribute `DecomkitFleet`): what {@link fleetStatus} lists. */
  readonly fleetId: string;
  /** The workflow task queue; default {@link DEFAULT_WORKFLOW_QUEUE}, as the workers'. */
  readonly workflowQueue?: string;
  /** See {@link RunInput}. */
  readonly activityTimeoutMilliseconds?: number;
  /** See {@link RunInput}: an integer from 1,000 (one second) up; default 30,000. */
  readonly heartbeatTimeoutMilliseconds?: number;
  /** See {@link RunInput}. */
  readonly recheckMilliseconds?: number;
  /** See {@link RunInput}. */
  readonly approvalTimeoutMilliseconds?: number;
}

/** A run of the fleet and its workflow. */
export interface FleetRunRef {
  readonly runId: string;
  readonly workloadId: string;
  readonly workflowId: string;
}

/** What {@link startFleet} did: runs started, and runs the server refused (already running). */
export interface FleetStart {
  readonly started: readonly FleetRunRef[];
  readonly refused: readonly (FleetRunRef & { readonly error: DecomError })[];
}

const FLEET_ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;
const RUN_ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;
const START_CONCURRENCY = 16;

/**
 * Starts one `decommissionRun` workflow per plan. The workflow id is the
 * workload and the run id, so the server refuses a second workflow of a run
 * that is running (it is listed in `refused` with a `Conflict`); the other
 * runs start regardless. A run whose workflow has closed (cancelled, failed,
 * ended waiting for an approval) may be started again: the new workflow
 * resumes the run's journal where it stands (a completed run ends at once).
 * Every input is checked before anything starts.
 *
 * @example
 * ```ts
 * const client = new Client({ connection: await Connection.connect({ address }) });
 * const fleet = (await startFleet(client, plans.map((plan) => ({ plan })), { fleetId: 'wave-3' }))._unsafeUnwrap();
 * console.log(`${fleet.started.length} runs started`);
 * ```
 */
export function startFleet(
  client: Client,
  runs: readonly FleetRun[],
  options: StartFleetOptions,
): ResultAsync<FleetStart, DecomError> {
  const checked = checkFleet(runs, options);
  if (!Array.isArray(checked)) return errAsync(checked);
  return ResultAsync.fromPromise(startAll(client, checked, options), (cause) =>
    decomError.providerFailure({
      message: `could not start the fleet: ${cause instanceof Error ? cause.message : String(cause)}`,
      retryable: true,
      cause,
    }),
  );
}

interface CheckedRun extends FleetRunRef {
  readonly plan: Plan;
  readonly accountId: string;
  readonly region: string;
}

async function startAll(client: Client, runs: readonly CheckedRun[], options: StartFleetOptions): Promise<FleetStart> {
  const started: FleetRunRef[] = [];
  const refused: (FleetRunRef & { error: DecomError })[] = [];
  let next = 0;
  const startOne = async (run: CheckedRun) => {
    const { plan, accountId, region, ...ref } = run;
    const input: RunInput = {
      run: { runId: run.runId, workload: plan.workload },
      plan,
      taskQueue: accountTaskQueue(accountId, region),
      ...(options.activityTimeoutMilliseconds === undefined
        ? {}
        : { activityTimeoutMilliseconds: options.activityTimeoutMilliseconds }),
      ...(options.heartbeatTimeoutMilliseconds === undefined
        ? {}
        : { heartbeatTimeoutMilliseconds: options.heartbeatTimeoutMilliseconds }),
      ...(options.recheckMilliseconds === undefined ? {} : { recheckMilliseconds: options.recheckMilliseconds }),
      ...(options.approvalTimeoutMilliseconds === undefined
        ? {}
        : { approvalTimeoutMilliseconds: options.approvalTimeoutMilliseconds }),
    };
    try {
      await client.workflow.start('decommissionRun', {
        taskQueue: options.workflowQueue ?? DEFAULT_WORKFLOW_QUEUE,
        workflowId: run.workflowId,
        // A closed run (cancelled, failed, ended waiting) may be started again: its new workflow resumes the journal.
        workflowIdReusePolicy: 'ALLOW_DUPLICATE',
        args: [input],
        typedSearchAttributes: [
          { key: TEMPORAL_SEARCH_ATTRIBUTES.fleet, value: options.fleetId },
          { key: TEMPORAL_SEARCH_ATTRIBUTES.account, value: accountId },
          { key: TEMPORAL_SEARCH_ATTRIBUTES.workload, value: plan.workload.id },
        ],
      });
      started.push(ref);
    } catch (error) {
      if (!(error instanceof WorkflowExecutionAlreadyStartedError)) throw error;
      refused.push({
        ...ref,
        error: decomError.conflict({
          message: `run ${run.runId} of ${run.workloadId} is already running (${run.workflowId})`,
          resource: run.workflowId,
        }),
      });
    }
  };
  const lanes = Array.from({ length: Math.min(START_CONCURRENCY, runs.length) }, async () => {
    while (next < runs.length) {
      const run = runs[next] as CheckedRun;
      next += 1;
      await startOne(run);
    }
  });
  await Promise.all(lanes);
  return { started, refused };
}

function checkFleet(runs: readonly FleetRun[], options: StartFleetOptions): CheckedRun[] | DecomError {
  const issues: InputIssue[] = [];
  if (options === null || typeof options !== 'object' || !FLEET_ID.test(String(options.fleetId))) {
    issues.push({ path: 'options.fleetId', message: 'must match [A-Za-z0-9][A-Za-z0-9._-]{0,127}' });
  }
  const heartbeatTimeout = options?.heartbeatTimeoutMilliseconds;
  if (heartbeatTimeout !== undefined && !(Number.isSafeInteger(heartbeatTimeout) && heartbeatTimeout >= 1_000)) {
    issues.push({
      path: 'options.heartbeatTimeoutMilliseconds',
      message: `must be an integer of at least 1000 (milliseconds), got ${String(heartbeatTimeout)}`,
    });
  }
  if (!Array.isArray(runs)) issues.push({ path: 'runs', message: 'must be an array of { plan, runId? }' });
  const checked: CheckedRun[] = [];
  const seen = new Set<string>();
  (Array.isArray(runs) ? runs : []).forEach((run, index) => {
    const path = `runs[${index}]`;
    const plan = run?.plan;
    const workload = plan?.workload;
    if (typeof plan?.hash !== 'string' || typeof workload?.id !== 'string' || !Array.isArray(plan.steps)) {
      issues.push({ path: `${path}.plan`, message: 'must be a plan made by engine.plan()' });
      return;
    }
    const runId = run.runId ?? `${workload.id}-${plan.hash.slice(0, 16)}`;
    if (!RUN_ID.test(runId)) issues.push({ path: `${path}.runId`, message: `invalid run id "${runId}"` });
    const workflowId = runWorkflowId(workload.id, runId);
    if (seen.has(workflowId))
      issues.push({ path: `${path}.runId`, message: `run ${runId} of ${workload.id} is given twice` });
    seen.add(workflowId);
    const region = workload.source?.regions?.[0];
    if (region === undefined) issues.push({ path: `${path}.plan.workload.source.regions`, message: 'is empty' });
    checked.push({
      runId,
      workloadId: workload.id,
      workflowId,
      plan,
      accountId: workload.source.accountId,
      region: region ?? '',
    });
  });
  if (issues.length === 0) return checked;
  const shown = issues
    .slice(0, 5)
    .map((issue) => `${issue.path}: ${issue.message}`)
    .join('; ');
  return decomError.invalidInput(
    `invalid fleet: ${shown}${issues.length > 5 ? `; and ${issues.length - 5} more` : ''}`,
    issues,
  );
}

/** One run of a fleet as {@link fleetStatus} reports it. */
export interface FleetRunStatus {
  readonly workflowId: string;
  readonly workloadId: string | null;
  readonly accountId: string | null;
  /** The workflow's status: `RUNNING`, `COMPLETED`, `FAILED`, `CANCELLED`, `TERMINATED`, `TIMED_OUT`… */
  readonly workflow: string;
  /** Where a running run stands (its `decomkit.progress` query); null once closed. */
  readonly progress: RunProgress | null;
  /** How a completed workflow ended; null otherwise. */
  readonly outcome: RunOutcome | null;
}

/** Every run of a fleet, and how many are in each workflow status. */
export interface FleetStatus {
  readonly runs: readonly FleetRunStatus[];
  readonly byWorkflowStatus: Readonly<Record<string, number>>;
  /** Completed workflows by the run status they ended with (`completed`, `waiting`, `failed`…). */
  readonly byRunStatus: Readonly<Record<string, number>>;
}

/**
 * Lists the runs of a fleet (by its search attribute) with where each stands:
 * the progress query of the running ones, the outcome of the completed.
 *
 * @example
 * ```ts
 * const status = (await fleetStatus(client, 'wave-3'))._unsafeUnwrap();
 * console.log(status.byWorkflowStatus, status.byRunStatus);
 * ```
 */
export function fleetStatus(client: Client, fleetId: string): ResultAsync<FleetStatus, DecomError> {
  if (!FLEET_ID.test(String(fleetId))) {
    return errAsync(
      decomError.invalidInput(`invalid fleet id ${JSON.stringify(fleetId)}`, [
        { path: 'fleetId', message: 'must match [A-Za-z0-9][A-Za-z0-9._-]{0,127}' },
      ]),
    );
  }
  return ResultAsync.fromPromise(listFleet(client, fleetId), (cause) =>
    decomError.providerFailure({
      message: `could not read fleet ${fleetId}: ${cause instanceof Error ? cause.message : String(cause)}`,
      retryable: true,
      cause,
    }),
  );
}

async function listFleet(client: Client, fleetId: string): Promise<FleetStatus> {
  const runs: FleetRunStatus[] = [];
  const query = `${TEMPORAL_SEARCH_ATTRIBUTES.fleet.name} = '${fleetId}'`;
  for await (const execution of client.workflow.list({ query })) {
    const handle = client.workflow.getHandle(execution.workflowId, execution.runId);
    const status = execution.status.name;
    const attributes = execution.typedSearchAttributes;
    runs.push({
      workflowId: execution.workflowId,
      workloadId: attributes.get(TEMPORAL_SEARCH_ATTRIBUTES.workload) ?? null,
      accountId: attributes.get(TEMPORAL_SEARCH_ATTRIBUTES.account) ?? null,
      workflow: status,
      progress: status === 'RUNNING' ? await handle.query<RunProgress>('decomkit.progress').catch(() => null) : null,
      outcome: status === 'COMPLETED' ? ((await handle.result()) as RunOutcome) : null,
    });
  }
  runs.sort((left, right) => left.workflowId.localeCompare(right.workflowId));
  const count = (values: readonly string[]) => {
    const counts: Record<string, number> = {};
    for (const value of values) counts[value] = (counts[value] ?? 0) + 1;
    return counts;
  };
  return {
    runs,
    byWorkflowStatus: count(runs.map((run) => run.workflow)),
    byRunStatus: count(runs.flatMap((run) => (run.outcome === null ? [] : [run.outcome.status]))),
  };
}

/**
 * Answers an approval gate of a running run (the `decomkit.approve` signal);
 * the answer is journaled by the next activity that meets the gate.
 *
 * @example
 * ```ts
 * await approveRun(client, { workloadId: 'payments', runId }, 'retire', true);
 * ```
 */
export function approveRun(
  client: Client,
  run: { readonly workloadId: string; readonly runId: string },
  name: string,
  granted: boolean,
): ResultAsync<void, DecomError> {
  return ResultAsync.fromPromise(
    client.workflow.getHandle(runWorkflowId(run.workloadId, run.runId)).signal('decomkit.approve', { name, granted }),
    (cause) =>
      decomError.providerFailure({
        message: `could not signal approval "${name}" to run ${run.runId}: ${cause instanceof Error ? cause.message : String(cause)}`,
        retryable: true,
        cause,
      }),
  );
}
