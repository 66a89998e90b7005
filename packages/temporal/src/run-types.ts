/**
 * The JSON that passes between a run's workflow, its activities and the
 * client: plain data only (Temporal stores every value in the workflow's
 * history), and types only, so the workflow bundle imports nothing of core.
 */
import type { ActionStatus, ChecklistItemId, Gate, Plan, RunStatus, Workload } from '@decomkit/core';

/** Which run an activity works on, and the workload it belongs to (to build its engine). */
export interface RunRef {
  readonly runId: string;
  readonly workload: Workload;
}

/** One action as the workflow tracks it. */
export interface ActionView {
  readonly key: string;
  readonly step: string;
  readonly item: ChecklistItemId;
  readonly dependsOn: readonly string[];
  /** The task queue of the account and region it acts in. */
  readonly taskQueue: string;
  readonly status: ActionStatus;
  readonly reason: string | null;
  readonly gate: Gate | null;
}

/** A run as an activity left it. */
export interface RunSnapshot {
  /** The status the engine ended its session with (`waiting` while actions remain). */
  readonly status: RunStatus | 'running';
  /** The actions the session changed (all of them when the run was opened or finished). */
  readonly actions: readonly ActionView[];
  /** Checklist items and whether each is checked. */
  readonly items: readonly { readonly item: ChecklistItemId; readonly checked: boolean }[];
}

/** The input of the `decommissionRun` workflow. */
export interface RunInput {
  readonly run: RunRef;
  /** The plan to apply; read once by the first activity, which journals it. */
  readonly plan: Plan;
  /** The task queue of the run's control activities (open and finish): its account's first region. */
  readonly taskQueue: string;
  /** How long an activity may take before Temporal retries it elsewhere, in milliseconds. Default 30 minutes. */
  readonly activityTimeoutMilliseconds?: number;
  /**
   * How long a running activity may go without a heartbeat before Temporal
   * counts its worker as lost and retries it on another, in milliseconds
   * (the workers heartbeat every `heartbeatMilliseconds`: keep this several
   * times that). Default 30,000.
   */
  readonly heartbeatTimeoutMilliseconds?: number;
  /** How often an action waiting on a fact the engine cannot time (cutover, a backup) is tried again. Default 15 minutes. */
  readonly recheckMilliseconds?: number;
  /** How long the run waits for an approval signal before it ends `waiting`. Default 14 days. */
  readonly approvalTimeoutMilliseconds?: number;
  /** Approval answers received before a continue-as-new (internal). */
  readonly answers?: Readonly<Record<string, boolean>>;
}

/** The answer to an approval gate, sent as the `decomkit.approve` signal. */
export interface ApprovalAnswer {
  readonly name: string;
  readonly granted: boolean;
}

/** How a run's workflow ended. */
export interface RunOutcome {
  readonly runId: string;
  readonly workloadId: string;
  /** The run's status in its journal; `waiting` also when an approval was not answered in time. */
  readonly status: RunStatus | 'running';
  /** Why it stopped short of completed, when it did. */
  readonly reason: string | null;
  readonly items: RunSnapshot['items'];
}

/** What the `decomkit.progress` query answers about a running run. */
export interface RunProgress {
  readonly runId: string;
  readonly workloadId: string;
  /** `opening`, `running`, `sleeping` (a timer), `awaiting-approval`, `finishing` or `ended`. */
  readonly phase: 'opening' | 'running' | 'sleeping' | 'awaiting-approval' | 'finishing' | 'ended';
  readonly counts: Readonly<Record<ActionStatus, number>>;
  /** The approvals the run waits for. */
  readonly awaitingApprovals: readonly string[];
  /** When the run wakes next (ISO 8601), while it sleeps. */
  readonly wakesAt: string | null;
  readonly items: RunSnapshot['items'];
}

/** The activities of a run, as the workflow calls them (see `createRunActivities`). */
export interface RunActivities {
  /** Starts the run's journal with the plan (or finds it started) without acting; all actions. */
  openRun(input: { readonly run: RunRef; readonly plan: Plan }): Promise<RunSnapshot>;
  /** Carries out one action (every rule of the engine applies); that action and the items. */
  carryOut(input: {
    readonly run: RunRef;
    readonly key: string;
    readonly answers: Readonly<Record<string, boolean>>;
    readonly askAgain: readonly string[];
  }): Promise<RunSnapshot>;
  /** A whole resume: checks for new resources, verifies the steps, ends the run's status; all actions. */
  finishRun(input: { readonly run: RunRef; readonly answers: Readonly<Record<string, boolean>> }): Promise<RunSnapshot>;
}
