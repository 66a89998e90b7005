import { err, ok, type Result } from 'neverthrow';
import { type DecomError, decomError, type InputIssue, type InvalidInputError } from '../errors/decom-error.js';
import type { ApprovalCovers, JournalEntry } from '../journal/journal-entry.js';
import type { Action } from '../model/action.js';
import { fromReturned } from '../util/awaitable.js';
import { isSettled } from './action-order.js';
import type { RunState } from './run-state.js';

/** How many targets an {@link ApprovalRequest} lists when `approvalTargetLimit` is not given. */
export const DEFAULT_APPROVAL_TARGET_LIMIT = 20;

/** The most targets an {@link ApprovalRequest} may list. */
const MAX_APPROVAL_TARGET_LIMIT = 10_000;

/** One action an approval covers, as the approver sees it. */
export interface ApprovalTarget {
  readonly key: string;
  readonly kind: string;
  readonly ref: string;
  /** The resource acted on, when the action targets an inventory resource. */
  readonly arn?: string;
}

/** What the `approve` callback is asked. */
export interface ApprovalRequest {
  readonly name: string;
  readonly runId: string;
  readonly workloadId: string;
  /** The action that reached the approval gate first (one of `targets`, or of the actions counted in `covers`). */
  readonly action: Action;
  /**
   * Every action of the plan this approval gates that is not settled yet
   * (done, skipped or refused), counted in all and by kind: what a "yes"
   * lets proceed.
   */
  readonly covers: ApprovalCovers;
  /** The first of those actions in plan order, at most `approvalTargetLimit` (default 20). */
  readonly targets: readonly ApprovalTarget[];
}

/** The options of `apply` and `resume` about approvals. */
export interface ApprovalOptions {
  /**
   * Asked once per approval name per run; the answer is journaled with what
   * it covers. Without it, approval gates wait. A denial is final for the
   * run: later resumes do not ask again unless `askAgain` names it.
   * `undefined` is no answer yet: nothing is journaled, the gate waits, and a
   * later call asks again (for answers that arrive elsewhere, such as a
   * Temporal signal).
   */
  readonly approve?: (request: ApprovalRequest) => boolean | undefined | Promise<boolean | undefined>;
  /**
   * Approval names whose earlier denial this call sets aside: `approve` is
   * asked about them again (once), and the new answer is journaled after the
   * old one. A granted approval is never asked again.
   *
   * @example
   * ```ts
   * await engine.resume(runId, { approve: askHuman, askAgain: ['retire'] });
   * ```
   */
  readonly askAgain?: readonly string[];
  /** How many targets an {@link ApprovalRequest} lists, from 0 to 10,000. Default 20. */
  readonly approvalTargetLimit?: number;
}

/** The actions an approval covers and the first of them. */
export interface ApprovalCoverage {
  readonly covers: ApprovalCovers;
  readonly targets: readonly ApprovalTarget[];
}

/**
 * The unsettled actions of a run that the approval `name` gates (plus
 * `asking`, the action at the gate, should its plan not name the approval),
 * counted by kind, and the first `limit` of them in plan order.
 */
export function approvalCoverage(state: RunState, name: string, limit: number, asking?: Action): ApprovalCoverage {
  const byKind = new Map<string, number>();
  const targets: ApprovalTarget[] = [];
  let total = 0;
  for (const actionState of state.actions.values()) {
    const { action } = actionState;
    if (isSettled(actionState)) continue;
    const gated =
      action.key === asking?.key || action.gates.some((gate) => gate.kind === 'approval' && gate.name === name);
    if (!gated) continue;
    total += 1;
    byKind.set(action.kind, (byKind.get(action.kind) ?? 0) + 1);
    if (targets.length < limit) {
      const { ref, arn } = action.target;
      targets.push(
        arn === undefined
          ? { key: action.key, kind: action.kind, ref }
          : { key: action.key, kind: action.kind, ref, arn },
      );
    }
  }
  return { covers: { total, byKind: Object.fromEntries(byKind) }, targets };
}

/** Why an action waits at the approval gate `name`: not answered yet, or denied (and when). */
export function approvalWaitReason(name: string, state: RunState): string {
  const decision = state.approvals.get(name);
  if (decision === undefined || decision.granted) return `waits for approval "${name}"`;
  return `approval "${name}" was denied at ${decision.at}; resume with askAgain: ["${name}"] to ask again`;
}

/**
 * The approvals of one apply or resume: recalls journaled answers, asks the
 * `approve` callback at most once per name, and journals its answer.
 */
export class Approvals {
  private readonly asked = new Map<string, Promise<Result<boolean, DecomError>>>();
  private readonly invalid: InvalidInputError | null;
  private readonly askAgain: ReadonlySet<string>;

  constructor(
    private readonly state: RunState,
    private readonly options: ApprovalOptions,
    private readonly record: (entry: JournalEntry) => Promise<boolean>,
  ) {
    this.invalid = checkApprovalOptions(options);
    this.askAgain = new Set(this.invalid === null ? (options.askAgain ?? []) : []);
  }

  /** Whether approval `name` is granted for `action`'s gate; asks (once) when it may. */
  granted(name: string, action: Action): Promise<Result<boolean, DecomError>> {
    if (this.invalid !== null) return Promise.resolve(err(this.invalid));
    const decision = this.state.approvals.get(name);
    if (decision?.granted === true) return Promise.resolve(ok(true));
    const approve = this.options.approve;
    let asked = this.asked.get(name);
    if (asked === undefined) {
      if (approve === undefined || (decision !== undefined && !this.askAgain.has(name))) {
        return Promise.resolve(ok(false));
      }
      asked = this.ask(name, action, approve);
      this.asked.set(name, asked);
    }
    return asked;
  }

  private async ask(
    name: string,
    action: Action,
    approve: NonNullable<ApprovalOptions['approve']>,
  ): Promise<Result<boolean, DecomError>> {
    const limit = this.options.approvalTargetLimit ?? DEFAULT_APPROVAL_TARGET_LIMIT;
    const { covers, targets } = approvalCoverage(this.state, name, limit, action);
    const request: ApprovalRequest = {
      name,
      runId: this.state.runId,
      workloadId: this.state.plan.workload.id,
      action,
      covers,
      targets,
    };
    const answer = await fromReturned<boolean | undefined>(`approval "${name}"`, () => approve(request));
    if (answer.isErr()) return err(answer.error);
    if (answer.value === undefined) return ok(false); // not answered yet: nothing journaled, the gate waits
    const granted = answer.value === true;
    const recorded = await this.record(
      granted ? { type: 'approval.granted', name, covers } : { type: 'approval.denied', name, covers },
    );
    // An answer the journal does not hold is no approval.
    return ok(granted && recorded);
  }
}

function checkApprovalOptions(options: ApprovalOptions): InvalidInputError | null {
  const issues: InputIssue[] = [];
  const { askAgain, approvalTargetLimit } = options;
  if (askAgain !== undefined && !(Array.isArray(askAgain) && askAgain.every((name) => typeof name === 'string'))) {
    issues.push({ path: 'askAgain', message: 'must be an array of approval names' });
  }
  if (
    approvalTargetLimit !== undefined &&
    !(
      Number.isInteger(approvalTargetLimit) &&
      approvalTargetLimit >= 0 &&
      approvalTargetLimit <= MAX_APPROVAL_TARGET_LIMIT
    )
  ) {
    issues.push({ path: 'approvalTargetLimit', message: `must be an integer from 0 to ${MAX_APPROVAL_TARGET_LIMIT}` });
  }
  if (issues.length === 0) return null;
  const detail = issues.map((issue) => `${issue.path}: ${issue.message}`).join('; ');
  return decomError.invalidInput(`invalid run options: ${detail}`, issues);
}
