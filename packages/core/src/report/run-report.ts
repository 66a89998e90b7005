import { exceptedIn } from '../engine/run-exceptions.js';
import type { RunState } from '../engine/run-state.js';
import { toActionRecord } from '../engine/run-state.js';
import type { RunStatus } from '../journal/journal-entry.js';
import { CHECKLIST_ITEMS, type ChecklistItemId } from '../model/checklist-item.js';
import type { Evidence } from '../model/evidence.js';
import type { ExceptedResource } from '../model/exceptions.js';
import type { Finding } from '../model/finding.js';
import type { ActionRecord } from '../model/step.js';

/** One step's standing in a run. */
export interface StepReport {
  readonly id: string;
  readonly title: string;
  readonly status: 'verified' | 'open' | 'pending';
  readonly evidence: Evidence | null;
  readonly reason: string | null;
  readonly findings: readonly Finding[];
  readonly actions: readonly ActionRecord[];
}

/** One checklist item: ☑ only when every one of its steps has evidence. */
export interface ItemReport {
  readonly item: ChecklistItemId;
  readonly title: string;
  readonly checked: boolean;
  readonly steps: readonly StepReport[];
  /** Why it is open (empty when checked). */
  readonly reasons: readonly string[];
}

/** An approval the run's plan asks for, and its last journaled answer. */
export interface ApprovalReport {
  readonly name: string;
  /** `pending`: nobody has answered yet; `denied` stays so on resume unless `askAgain` names it. */
  readonly status: 'granted' | 'denied' | 'pending';
  /** When the answer was journaled (ISO 8601); null while pending. */
  readonly at: string | null;
}

/** A run as its journal tells it. What `apply`, `resume` and `status` return. */
export interface RunReport {
  readonly runId: string;
  readonly workloadId: string;
  readonly status: RunStatus | 'running';
  readonly refusal: string | null;
  readonly startedAt: string;
  readonly updatedAt: string;
  readonly planHash: string;
  /** The seed's eight items, in order. */
  readonly items: readonly ItemReport[];
  /** Resources in scope that appeared after the plan was made; reported, never touched. */
  readonly drift: readonly string[];
  /**
   * Resources in scope kept on purpose, each with its reason and approver: the
   * workload's exceptions when the plan was made, then those recorded during the run.
   */
  readonly excepted: readonly ExceptedResource[];
  /** Every approval the plan's gates name or the journal answered, in order of first mention. */
  readonly approvals: readonly ApprovalReport[];
  /** Counts of actions by status. */
  readonly counts: Readonly<Record<ActionRecord['status'], number>>;
}

/** Builds the report of a run from its state. */
export function buildRunReport(state: RunState): RunReport {
  const counts = { pending: 0, waiting: 0, running: 0, done: 0, skipped: 0, refused: 0, failed: 0 };
  for (const action of state.actions.values()) counts[action.status] += 1;
  const items = CHECKLIST_ITEMS.map(({ id, title }): ItemReport => {
    const steps = state.plan.steps
      .filter((step) => step.item === id)
      .map((step): StepReport => {
        const stepState = state.steps.get(step.id) ?? { status: 'pending' as const };
        const actions = step.actions.map((action) => {
          const actionState = state.actions.get(action.key);
          return actionState === undefined ? pendingRecord(action) : toActionRecord(actionState);
        });
        return {
          id: step.id,
          title: step.title,
          status: stepState.status,
          evidence: stepState.status === 'verified' ? stepState.evidence : null,
          reason:
            stepState.status === 'open' ? stepState.reason : (stepReason(actions) ?? waitingFor(step.after, state)),
          findings: step.findings,
          actions,
        };
      });
    const checked = steps.length > 0 && steps.every((step) => step.status === 'verified');
    const reasons = checked
      ? []
      : steps.length === 0
        ? ['no step of this checklist covers it']
        : steps
            .filter((step) => step.status !== 'verified')
            .map((step) => `${step.id}: ${step.reason ?? 'not verified yet'}`);
    return { item: id, title, checked, steps, reasons };
  });
  return {
    runId: state.runId,
    workloadId: state.plan.workload.id,
    status: state.status,
    refusal: state.refusal,
    startedAt: state.startedAt,
    updatedAt: state.updatedAt,
    planHash: state.plan.hash,
    items,
    drift: state.drift,
    excepted: exceptedIn(state),
    approvals: approvalsOf(state),
    counts,
  };
}

function approvalsOf(state: RunState): ApprovalReport[] {
  const names = new Set<string>();
  for (const step of state.plan.steps) {
    for (const action of step.actions) {
      for (const gate of action.gates) if (gate.kind === 'approval') names.add(gate.name);
    }
  }
  for (const name of state.approvals.keys()) names.add(name);
  return [...names].map((name): ApprovalReport => {
    const decision = state.approvals.get(name);
    if (decision === undefined) return { name, status: 'pending', at: null };
    return { name, status: decision.granted ? 'granted' : 'denied', at: decision.at };
  });
}

function pendingRecord(action: ActionRecord['action']): ActionRecord {
  return {
    action,
    status: 'pending',
    reason: null,
    result: null,
    checkpoint: null,
    attempts: 0,
    error: null,
    gate: null,
  };
}

function stepReason(actions: readonly ActionRecord[]): string | null {
  const unsettled = actions.filter((record) => record.status !== 'done' && record.status !== 'skipped');
  if (unsettled.length === 0) return null;
  const first = unsettled[0];
  const more = unsettled.length > 1 ? ` (and ${unsettled.length - 1} more)` : '';
  return `${first?.action.key} is ${first?.status}${first?.reason ? `: ${first.reason}` : ''}${more}`;
}

function waitingFor(after: readonly string[], state: RunState): string | null {
  const blocker = after.find((other) => state.steps.get(other)?.status !== 'verified');
  return blocker === undefined ? null : `waits for step "${blocker}" to be verified`;
}
