import { err, ok, type Result } from 'neverthrow';
import { type DecomError, decomError } from '../errors/decom-error.js';
import type { Action } from '../model/action.js';
import type { ClockPort } from '../spec/clock.js';
import type { InventoryPort } from '../spec/inventory.js';
import { type HiddenDependencyFindings, hiddenDependencyFindings } from '../steps/hidden-dependencies.js';
import { inventoryIn } from './run-exceptions.js';
import type { RunState } from './run-state.js';

/** How long one scan answers for the deletions after it, by the engine's clock. */
export const DEPENDENTS_SCAN_MAX_AGE_MILLISECONDS = 10 * 60_000;

/**
 * The hidden-dependency checks again, just before deleting: what outside the
 * workload depends on a resource is a fact the cloud can confirm, so the
 * plan's answer is not taken for it (a DNS record pointed at a load balancer
 * since the plan would be left dangling). One scan of the run's inventory
 * (`InventoryPort.findDependents`, with the workload's options and
 * exceptions, as at plan) answers every deletion for
 * {@link DEPENDENTS_SCAN_MAX_AGE_MILLISECONDS}; the deletions that become
 * ready together share it. What the run has already deleted is left out of
 * the scan: nothing can come to depend on it, and reading it by id would fail
 * the scan of its whole group (a later session's deletions with it). A target (or what its delete takes along) that
 * something now depends on, or that could not be checked, fails its delete
 * with a `Conflict` naming the dependent; a resume checks again.
 */
export class DependentsAtApply {
  private scan: {
    readonly at: number;
    readonly findings: Promise<Result<HiddenDependencyFindings, DecomError>>;
  } | null = null;

  constructor(
    private readonly inventory: Pick<InventoryPort, 'findDependents'>,
    private readonly state: RunState,
    private readonly clock: ClockPort,
  ) {}

  /** Whether {@link blocking} checks `action`: a delete of a resource (the other kinds go unchecked). */
  covers(action: Action): boolean {
    return action.kind === 'resource.delete' && action.target.arn !== undefined;
  }

  /** Whether `action` may go: null, or the `Conflict` that keeps it (a delete something now depends on). */
  async blocking(action: Action): Promise<Result<null, DecomError>> {
    if (!this.covers(action)) return ok(null);
    const found = await this.current();
    if (found.isErr()) return err(found.error);
    const along = Array.isArray(action.params.dependentArns) ? action.params.dependentArns : [];
    for (const arn of [action.target.arn, ...along]) {
      if (typeof arn !== 'string' || !found.value.blocked.has(arn)) continue;
      const reasons = found.value.findings
        .filter((finding) => finding.severity === 'blocking' && finding.resource === arn)
        .map((finding) => finding.message);
      return err(
        decomError.conflict({
          resource: arn,
          message: `${arn} is not deleted: checked again just before its deletion, ${reasons.join('; ')} (since the plan). Remove the dependency and resume, or accept it in the workload's exceptions and plan again`,
        }),
      );
    }
    return ok(null);
  }

  private current(): Promise<Result<HiddenDependencyFindings, DecomError>> {
    const now = this.clock.now().getTime();
    if (this.scan === null || now - this.scan.at > DEPENDENTS_SCAN_MAX_AGE_MILLISECONDS) {
      const deleted = deletedByTheRun(this.state);
      const standing = inventoryIn(this.state).filter((resource) => !deleted.has(resource.arn));
      const scanned = hiddenDependencyFindings(this.inventory, standing, this.state.plan.workload);
      this.scan = { at: now, findings: Promise.resolve(scanned) };
    }
    return this.scan.findings;
  }
}

/** The resources the run's done deletions removed: their targets and what each took along. */
function deletedByTheRun(state: RunState): ReadonlySet<string> {
  const deleted = new Set<string>();
  for (const { action, status } of state.actions.values()) {
    if (action.kind !== 'resource.delete' || status !== 'done' || action.target.arn === undefined) continue;
    deleted.add(action.target.arn);
    const along = action.params.dependentArns;
    if (Array.isArray(along)) for (const arn of along) if (typeof arn === 'string') deleted.add(arn);
  }
  return deleted;
}
