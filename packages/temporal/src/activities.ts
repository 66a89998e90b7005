import type {
  ActionRecord,
  DecomError,
  Engine,
  JsonObject,
  Result,
  RunOptions,
  RunReport,
  Workload,
} from '@decomkit/core';
import { isRetryable } from '@decomkit/core';
import { Context } from '@temporalio/activity';
import { ApplicationFailure } from '@temporalio/common';
import type { ActionView, RunActivities, RunRef, RunSnapshot } from './run-types.js';
import { accountTaskQueue } from './task-queues.js';

/** What the activities of a run need from the fleet's workers. */
export interface RunActivityOptions {
  /**
   * Builds the engine of a run: the checklist for `run.workload`, providers
   * with that account's credentials, and a journal that every worker of the
   * fleet reaches (a `fileJournal` on a shared volume, or your own `Journal`
   * over a database): each activity of a run may run on another worker.
   * Called once per activity; cache what is costly.
   */
  readonly engineFor: (run: RunRef) => Engine | Promise<Engine>;
  /**
   * How often a running activity heartbeats (it must, to hear of a cancellation), in milliseconds. Default
   * 5,000. The details are `{ runId, what, checkpoint }`: the action's key and its last journaled checkpoint.
   */
  readonly heartbeatMilliseconds?: number;
}

/**
 * The activities of the `decommissionRun` workflow, for a worker of each
 * account's task queue. Each is one engine session on the run's journal:
 * the engine's rules all apply (the account guard, gates, the fresh read of
 * the target, the hidden-dependency check, intent journaled before the call,
 * reconcile after a crash), so an activity Temporal runs twice does no action
 * twice. A session holds the run's journal lease; a worker killed mid-session
 * leaves its lease to expire (the journal's lease timeout), and Temporal's
 * retry waits for that (`Conflict` is retried): a live holder is never
 * taken over.
 *
 * @example
 * ```ts
 * const activities = createRunActivities({
 *   engineFor: ({ workload }) =>
 *     createEngine({
 *       checklist: decommissionChecklist(workload),
 *       providers: { ...awsSource({ region: workload.source.regions[0] }), ...azureTarget({ credential }) },
 *       journal: fileJournal('/mnt/decomkit-journals'),
 *     })._unsafeUnwrap(),
 * });
 * ```
 */
export function createRunActivities(options: RunActivityOptions): RunActivities {
  const heartbeat = options.heartbeatMilliseconds ?? 5_000;
  const session = async (
    run: RunRef,
    what: string,
    call: (engine: Engine, signal: AbortSignal) => PromiseLike<Result<RunReport, DecomError>>,
  ): Promise<RunReport> => {
    const context = Context.current();
    const engine = await engineOf(options, run);
    // The heartbeat carries the action's last checkpoint as its journal has it (a job id while a backup
    // runs): for whoever looks at the activity. The journal stays the one record a retry goes by.
    let reading = false;
    const beat = setInterval(() => {
      if (reading) return;
      reading = true;
      const last = what === 'open' || what === 'finish' ? Promise.resolve(null) : checkpointOf(engine, run.runId, what);
      void last
        .then((checkpoint) => context.heartbeat({ runId: run.runId, what, checkpoint }))
        .finally(() => {
          reading = false;
        });
    }, heartbeat);
    try {
      context.heartbeat({ runId: run.runId, what, checkpoint: null });
      const outcome = await call(engine, context.cancellationSignal);
      if (context.cancellationSignal.aborted) throw context.cancellationSignal.reason;
      if (outcome.isErr()) throw failureOf(outcome.error);
      return outcome.value;
    } finally {
      clearInterval(beat);
    }
  };
  return {
    async openRun({ run, plan }) {
      const report = await session(run, 'open', async (engine, signal) => {
        const existing = await engine.status(run.runId);
        if (existing.isOk()) return engine.resume(run.runId, { only: [], signal });
        if (existing.error.code !== 'NotFound') return existing;
        return engine.apply(plan, { runId: run.runId, only: [], signal });
      });
      return snapshotOf(report, run.workload, null);
    },
    async carryOut({ run, key, answers, askAgain }) {
      const report = await session(run, key, (engine, signal) =>
        engine.resume(run.runId, { only: [key], signal, askAgain, approve: answerFrom(answers) }),
      );
      return snapshotOf(report, run.workload, key);
    },
    async finishRun({ run, answers }) {
      const report = await session(run, 'finish', (engine, signal) =>
        engine.resume(run.runId, { only: [], signal, approve: answerFrom(answers) }),
      );
      return snapshotOf(report, run.workload, null);
    },
  };
}

/** The last checkpoint the journal holds for action `key` (null: none, or the journal could not be read). */
async function checkpointOf(engine: Engine, runId: string, key: string): Promise<JsonObject | null> {
  const status = await engine.status(runId);
  if (status.isErr()) return null;
  for (const item of status.value.items) {
    for (const step of item.steps) {
      const record = step.actions.find((candidate) => candidate.action.key === key);
      if (record !== undefined) return record.checkpoint;
    }
  }
  return null;
}

async function engineOf(options: RunActivityOptions, run: RunRef): Promise<Engine> {
  try {
    return await options.engineFor(run);
  } catch (cause) {
    const message = cause instanceof Error ? cause.message : String(cause);
    throw ApplicationFailure.create({
      type: 'InvalidInput',
      message: `engineFor(${run.runId}) failed: ${message}`,
      nonRetryable: true,
    });
  }
}

/** The signalled answers as an `approve` callback: no answer yet is `undefined` (the gate waits). */
function answerFrom(answers: Readonly<Record<string, boolean>>): NonNullable<RunOptions['approve']> {
  return (request) => (Object.hasOwn(answers, request.name) ? answers[request.name] : undefined);
}

/**
 * A run-level error as a Temporal failure: retried when waiting may help (a
 * lease still held by a killed worker, throttling, a provider failure that
 * says so), final otherwise (invalid input, the account guard, a corrupt
 * journal…). The type is the error's code.
 */
function failureOf(error: DecomError): ApplicationFailure {
  const retry = error.code === 'Conflict' || isRetryable(error);
  return ApplicationFailure.create({
    type: error.code,
    message: error.message,
    nonRetryable: !retry,
    details: [{ code: error.code }],
  });
}

/** The report's actions as the workflow tracks them: all of them, or only `key`. */
function snapshotOf(report: RunReport, workload: Workload, key: string | null): RunSnapshot {
  const actions: ActionView[] = [];
  for (const item of report.items) {
    for (const step of item.steps) {
      for (const record of step.actions) {
        if (key === null || record.action.key === key) actions.push(viewOf(record, workload));
      }
    }
  }
  return {
    status: report.status,
    actions,
    items: report.items.map((item) => ({ item: item.item, checked: item.checked })),
  };
}

function viewOf(record: ActionRecord, workload: Workload): ActionView {
  const { action } = record;
  return {
    key: action.key,
    step: action.step,
    item: action.item,
    dependsOn: action.dependsOn,
    taskQueue: accountTaskQueue(workload.source.accountId, regionOf(action.target.arn, workload)),
    status: record.status,
    reason: record.reason,
    gate: record.gate,
  };
}

/** The region an action acts in: its target's ARN's, else the workload's first (global resources, no target). */
function regionOf(arn: string | undefined, workload: Workload): string {
  const region = arn?.split(':')[3];
  return region !== undefined && region.length > 0 ? region : (workload.source.regions[0] ?? 'global');
}
