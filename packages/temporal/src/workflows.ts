/**
 * The workflow of one decommissioning run. Workflow code: deterministic, no
 * I/O, bundled by the Temporal worker; it imports only `@temporalio/workflow`
 * and types. Every fact about the cloud is established by the activities,
 * through the engine (`createRunActivities`); the workflow only decides what
 * to carry out next and how long to wait:
 *
 * - one action per activity, one at a time per run (the run's journal has one
 *   writer), on the task queue of the account and region it acts in;
 * - a `notBefore` gate is a durable timer (weeks are fine);
 * - an approval gate waits for the `decomkit.approve` signal, at most
 *   `approvalTimeoutMilliseconds`;
 * - any other wait (a backup still running, a step not yet verified) is tried
 *   again after progress, or after `recheckMilliseconds`;
 * - cancelling the workflow cancels the running activity, which stops the
 *   engine where its journal can be resumed.
 */
import {
  ActivityCancellationType,
  condition,
  continueAsNew,
  defineQuery,
  defineSignal,
  isCancellation,
  proxyActivities,
  setHandler,
  upsertSearchAttributes,
  workflowInfo,
} from '@temporalio/workflow';
import type {
  ActionView,
  ApprovalAnswer,
  RunActivities,
  RunInput,
  RunOutcome,
  RunProgress,
  RunSnapshot,
} from './run-types.js';
import { TEMPORAL_SEARCH_ATTRIBUTES } from './search-attributes.js';

/** Answers an approval gate of a running run: `handle.signal(approveSignal, { name, granted })`. */
export const approveSignal = defineSignal<[ApprovalAnswer]>('decomkit.approve');
/** Where a run stands: `handle.query(progressQuery)`. */
export const progressQuery = defineQuery<RunProgress>('decomkit.progress');

const MINUTE = 60_000;
const DEFAULT_ACTIVITY_TIMEOUT = 30 * MINUTE;
const DEFAULT_HEARTBEAT_TIMEOUT = 30_000;
const DEFAULT_RECHECK = 15 * MINUTE;
const DEFAULT_APPROVAL_TIMEOUT = 14 * 24 * 60 * MINUTE;
/** Past this many history events the workflow continues as new, carrying its approval answers. */
const HISTORY_LIMIT = 8_000;
const SETTLED = new Set(['done', 'skipped']);
const FINAL = new Set(['failed', 'refused']);

/** The workflow of one run: see the module's description. */
export async function decommissionRun(input: RunInput): Promise<RunOutcome> {
  const answers: Record<string, boolean> = { ...(input.answers ?? {}) };
  let answersSeen = 0;
  let answersReceived = 0;
  const views = new Map<string, ActionView>();
  let items: RunSnapshot['items'] = [];
  let phase: RunProgress['phase'] = 'opening';
  let wakesAt: string | null = null;
  let awaiting: string[] = [];

  setHandler(approveSignal, (answer) => {
    if (typeof answer?.name !== 'string' || typeof answer.granted !== 'boolean') return;
    answers[answer.name] = answer.granted;
    answersReceived += 1;
  });
  setHandler(progressQuery, () => ({
    runId: input.run.runId,
    workloadId: input.run.workload.id,
    phase,
    counts: countsOf(views),
    awaitingApprovals: awaiting,
    wakesAt,
    items,
  }));

  const timeout = input.activityTimeoutMilliseconds ?? DEFAULT_ACTIVITY_TIMEOUT;
  const heartbeatTimeout = input.heartbeatTimeoutMilliseconds ?? DEFAULT_HEARTBEAT_TIMEOUT;
  const queues = new Map<string, RunActivities>();
  const activitiesOn = (taskQueue: string): RunActivities => {
    let activities = queues.get(taskQueue);
    if (activities === undefined) {
      activities = proxyActivities<RunActivities>({
        taskQueue,
        startToCloseTimeout: timeout,
        heartbeatTimeout,
        cancellationType: ActivityCancellationType.WAIT_CANCELLATION_COMPLETED,
        retry: { initialInterval: 1_000, backoffCoefficient: 2, maximumInterval: 5 * MINUTE },
      });
      queues.set(taskQueue, activities);
    }
    return activities;
  };
  const control = activitiesOn(input.taskQueue);
  let itemsSearched = '';
  /** Takes what an activity saw; true when any action or item changed. */
  const take = (snapshot: RunSnapshot): boolean => {
    let changed = false;
    for (const view of snapshot.actions) {
      const before = views.get(view.key);
      if (before?.status !== view.status || before.reason !== view.reason) changed = true;
      views.set(view.key, view);
    }
    if (snapshot.items.some((item, index) => item.checked !== items[index]?.checked)) changed = true;
    items = snapshot.items;
    const open = [...new Set([...views.values()].filter((view) => !SETTLED.has(view.status)).map((view) => view.item))];
    const searched = open.sort().join(',');
    if (searched !== itemsSearched) {
      itemsSearched = searched;
      upsertSearchAttributes([{ key: TEMPORAL_SEARCH_ATTRIBUTES.item, value: open }]);
    }
    return changed;
  };

  /** The last session (acting on nothing: steps verified, status ended), then the outcome. */
  const finish = async (reason: (status: RunSnapshot['status']) => string | null): Promise<RunOutcome> => {
    phase = 'finishing';
    const finished = await control.finishRun({ run: input.run, answers });
    take(finished);
    phase = 'ended';
    const { runId, workload } = input.run;
    return { runId, workloadId: workload.id, status: finished.status, reason: reason(finished.status), items };
  };

  try {
    take(await control.openRun({ run: input.run, plan: input.plan }));
    const triedAt = new Map<string, { progress: number; at: number }>();
    let progress = 0;
    for (;;) {
      if (workflowInfo().historyLength > HISTORY_LIMIT) {
        await continueAsNew<typeof decommissionRun>({ ...input, answers });
      }
      const all = [...views.values()];
      const failed = all.find((view) => FINAL.has(view.status));
      if (failed !== undefined) return await finish(() => `${failed.key} ${failed.status}: ${failed.reason ?? ''}`);
      if (all.every((view) => SETTLED.has(view.status))) break;
      const now = Date.now();
      const next = all.find((view) => ready(view, views, answers, triedAt.get(view.key), progress, now, input));
      if (next !== undefined) {
        phase = 'running';
        wakesAt = null;
        triedAt.set(next.key, { progress, at: now });
        const snapshot = await activitiesOn(next.taskQueue).carryOut({
          run: input.run,
          key: next.key,
          answers: { ...answers },
          // A signalled grant is a new answer: it sets aside an earlier denial in the journal.
          askAgain: Object.keys(answers).filter((name) => answers[name] === true),
        });
        if (take(snapshot)) progress += 1;
        continue;
      }
      // Nothing can go now: sleep until the earliest date, a recheck, or a new answer.
      awaiting = approvalsAwaited(all, answers);
      const wake = nextWake(all, triedAt, now, input);
      answersSeen = answersReceived;
      if (wake === null) {
        if (awaiting.length === 0) break; // nothing will change by waiting: finish and report
        phase = 'awaiting-approval';
        const answered = await condition(
          () => answersReceived > answersSeen,
          input.approvalTimeoutMilliseconds ?? DEFAULT_APPROVAL_TIMEOUT,
        );
        if (!answered) {
          const names = awaiting.map((name) => `"${name}"`).join(', ');
          return await finish(() => `approval ${names} not answered in time`);
        }
        continue;
      }
      phase = awaiting.length > 0 ? 'awaiting-approval' : 'sleeping';
      wakesAt = new Date(wake).toISOString();
      await condition(() => answersReceived > answersSeen, Math.max(1, wake - now));
      progress += 1; // time passed: every wait is worth trying again
    }
    return await finish((status) => (status === 'completed' ? null : `the run ended ${status}`));
  } catch (error) {
    // Cancelled: the running activity was told and stopped the engine where its journal can be resumed.
    if (isCancellation(error)) phase = 'ended';
    throw error;
  }
}

/** Whether an action may be carried out now. */
function ready(
  view: ActionView,
  views: ReadonlyMap<string, ActionView>,
  answers: Readonly<Record<string, boolean>>,
  tried: { progress: number; at: number } | undefined,
  progress: number,
  now: number,
  input: RunInput,
): boolean {
  if (SETTLED.has(view.status) || FINAL.has(view.status)) return false;
  if (!view.dependsOn.every((key) => SETTLED.has(views.get(key)?.status ?? 'done'))) return false;
  if (view.status === 'pending' || view.status === 'running') return true;
  const gate = view.gate;
  if (gate?.kind === 'notBefore') return Date.parse(gate.date) <= now;
  if (gate?.kind === 'approval') return answers[gate.name] !== undefined && tried?.progress !== progress;
  // Waiting on something else: again after progress, or after the recheck interval.
  if (tried === undefined || tried.progress !== progress) return true;
  return now - tried.at >= (input.recheckMilliseconds ?? DEFAULT_RECHECK);
}

/** Approval names the run waits for and has no answer to. */
function approvalsAwaited(views: readonly ActionView[], answers: Readonly<Record<string, boolean>>): string[] {
  const names = new Set<string>();
  for (const view of views) {
    if (view.status === 'waiting' && view.gate?.kind === 'approval' && answers[view.gate.name] === undefined) {
      names.add(view.gate.name);
    }
  }
  return [...names];
}

/** The earliest time something may change without a signal: a `notBefore` date or a recheck; null: none. */
function nextWake(
  views: readonly ActionView[],
  triedAt: ReadonlyMap<string, { progress: number; at: number }>,
  now: number,
  input: RunInput,
): number | null {
  let wake: number | null = null;
  const consider = (at: number) => {
    wake = wake === null ? at : Math.min(wake, at);
  };
  for (const view of views) {
    if (view.status !== 'waiting') continue;
    const gate = view.gate;
    if (gate?.kind === 'notBefore') consider(Math.max(now, Date.parse(gate.date)));
    else if (gate?.kind === 'approval') continue;
    else consider((triedAt.get(view.key)?.at ?? now) + (input.recheckMilliseconds ?? DEFAULT_RECHECK));
  }
  return wake;
}

function countsOf(views: ReadonlyMap<string, ActionView>): RunProgress['counts'] {
  const counts = { pending: 0, waiting: 0, running: 0, done: 0, skipped: 0, refused: 0, failed: 0 };
  for (const view of views.values()) counts[view.status] += 1;
  return counts;
}
