import { err, ok, type Result } from 'neverthrow';
import { type DecomError, fromUnknown } from '../errors/decom-error.js';
import type { Action } from '../model/action.js';
import type { ChecklistItemId } from '../model/checklist-item.js';
import { describeGate, type Gate } from '../model/gate.js';
import type { RecoveryPoint } from '../spec/backups.js';
import type { Providers } from '../spec/providers.js';
import { approvalWaitReason } from './approvals.js';
import { plannedResource } from './planned-resources.js';
import type { RunState } from './run-state.js';

const DAY_MILLISECONDS = 86_400_000;

/** An unmet gate and why. */
export interface UnmetGate {
  readonly gate: Gate;
  readonly reason: string;
}

/** What gate evaluation may consult. */
export interface GateEnvironment {
  readonly state: RunState;
  readonly providers: Providers;
  readonly now: () => Date;
  /** Asks for (or recalls) an approval; true when granted. */
  readonly approval: (name: string, action: Action) => Promise<Result<boolean, DecomError>>;
}

/** Checks an action's gates in order; the first unmet one, or null when all are met. */
export async function firstUnmetGate(
  action: Action,
  environment: GateEnvironment,
): Promise<Result<UnmetGate | null, DecomError>> {
  for (const gate of action.gates) {
    const reason = await unmetReason(gate, action, environment);
    if (reason.isErr()) return err(reason.error);
    if (reason.value !== null) return ok({ gate, reason: reason.value });
  }
  return ok(null);
}

async function unmetReason(
  gate: Gate,
  action: Action,
  environment: GateEnvironment,
): Promise<Result<string | null, DecomError>> {
  switch (gate.kind) {
    case 'notBefore': {
      const now = environment.now();
      return ok(now.getTime() >= Date.parse(gate.date) ? null : `waits until ${gate.date}`);
    }
    case 'approval': {
      const granted = await environment.approval(gate.name, action);
      if (granted.isErr()) return granted.map(() => null);
      return ok(granted.value ? null : approvalWaitReason(gate.name, environment.state));
    }
    case 'cutoverConfirmed':
      return ok(itemVerified(environment.state, 'cutover') ? null : 'waits for the cutover item to be verified');
    case 'itemVerified':
      return ok(itemVerified(environment.state, gate.item) ? null : `waits for ${describeGate(gate)}`);
    case 'backupCompleted':
      return backupReason(gate.arn, environment);
    case 'replicationCaughtUp':
      return replicationReason(gate.taskArn, environment);
  }
}

function itemVerified(state: RunState, item: ChecklistItemId): boolean {
  const steps = state.plan.steps.filter((step) => step.item === item);
  return steps.length > 0 && steps.every((step) => state.steps.get(step.id)?.status === 'verified');
}

/**
 * Asks the backups port again, just before the action: met only by a
 * recovery point of `arn` that is COMPLETED, was taken of this very resource
 * (its `resourceIdentity` is the planned resource's: a table re-created under
 * the same name does not pass on the old one's backup), and is kept at least
 * the workload's `retainDays` from now. What the journal says a backup action
 * did counts for nothing. Unreadable (no port, an error, AccessDenied) is
 * unmet, with the reason: fail closed.
 */
async function backupReason(arn: string, environment: GateEnvironment): Promise<Result<string | null, DecomError>> {
  const backups = environment.providers.backups;
  if (backups === undefined) return ok(`waits for a completed backup of ${arn}: no backups port to check it`);
  const identity = plannedResource(environment.state.plan, arn)?.resourceIdentity;
  if (identity === undefined) {
    return ok(
      `waits for a completed backup of ${arn}: its identity is unknown, so no backup can be proven to be of it`,
    );
  }
  let points: Result<readonly RecoveryPoint[], DecomError>;
  try {
    points = await backups.listRecoveryPoints(arn);
  } catch (cause) {
    points = err(fromUnknown(`backups.listRecoveryPoints(${arn})`, cause));
  }
  if (points.isErr()) {
    return ok(
      `waits for a completed backup of ${arn}: its recovery points cannot be read (${points.error.code}: ${points.error.message})`,
    );
  }
  const retainDays = environment.state.plan.workload.backups.retainDays;
  const keepUntil = environment.now().getTime() + retainDays * DAY_MILLISECONDS;
  const completed = points.value.filter((point) => point.status === 'COMPLETED' && point.resourceArn === arn);
  const ofThisResource = completed.filter((point) => point.resourceIdentity === identity);
  if (ofThisResource.some((point) => point.retainUntil === null || Date.parse(point.retainUntil) >= keepUntil)) {
    return ok(null);
  }
  if (ofThisResource.length > 0) {
    return ok(
      `waits for a completed backup of ${arn} kept at least ${retainDays} days from now: the latest is kept until ${latestRetention(ofThisResource)}`,
    );
  }
  if (completed.length > 0) {
    return ok(
      `waits for a completed backup of ${arn}: its ${completed.length} completed recovery points name another resource of that name, or none (identity ${identity} expected)`,
    );
  }
  return ok(`waits for a completed backup of ${arn}`);
}

function latestRetention(points: readonly RecoveryPoint[]): string {
  return points
    .map((point) => point.retainUntil ?? '')
    .sort()
    .at(-1) as string;
}

async function replicationReason(
  taskArn: string,
  environment: GateEnvironment,
): Promise<Result<string | null, DecomError>> {
  const replication = environment.providers.replication;
  if (replication === undefined) return ok(`waits for the lag of ${taskArn}: no replication port`);
  const tasks = await replication.listTasks();
  if (tasks.isErr()) return err(tasks.error);
  const task = tasks.value.find((candidate) => candidate.arn === taskArn);
  if (task === undefined) return ok(null); // gone: nothing left to catch up
  if (task.lagSeconds === 0) return ok(null);
  return ok(`waits for ${taskArn} to catch up (lag ${task.lagSeconds === null ? 'unknown' : `${task.lagSeconds} s`})`);
}
