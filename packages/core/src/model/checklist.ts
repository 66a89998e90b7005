import { err, ok, type Result } from 'neverthrow';
import { decomError, type InputIssue, type InvalidInputError } from '../errors/decom-error.js';
import type { PortName } from '../spec/providers.js';
import { guardInput } from '../util/guard-input.js';
import { describeInput, isFieldObject } from '../util/input-shape.js';
import { isChecklistItemId } from './checklist-item.js';
import { isUnreadableStep, type Step } from './step.js';
import type { Workload } from './workload-schema.js';

const STEP_ID = /^[a-z0-9][a-z0-9-]{0,62}$/;

/**
 * How an added step joins the order. `requiredBy`: the ids of steps already
 * in the checklist that must wait for it — each gets the new step in its
 * `after`, so its actions run only once the new step is verified (a failed
 * notification then holds the terminations). An unknown id is a failed edit.
 *
 * @example
 * ```ts
 * decommissionChecklist(workload).insertAfter('final-backups', notifyOwners, { requiredBy: ['retire-resources'] });
 * ```
 */
export interface InsertOptions {
  /** Ids of steps already in the checklist that wait for the new step to be verified. */
  readonly requiredBy?: readonly string[];
}

/**
 * An ordered list of steps for one workload: a value users edit. Edits return
 * a new checklist; a bad edit (unknown anchor, a step that cannot be read) is
 * remembered and reported by {@link Checklist.validate}, which the engine
 * calls. No edit and no validation throws, whatever it is given.
 *
 * @example
 * ```ts
 * const checklist = createChecklist(workload, [snapshotStep, retireStep])
 *   .insertAfter('snapshot', notifyOwners)
 *   .without('retire');
 * ```
 */
export class Checklist<Needs extends PortName = PortName> {
  private constructor(
    /** The workload every step acts on. */
    readonly workload: Workload,
    /** The steps in display order. */
    readonly steps: readonly Step<Needs>[],
    private readonly editIssues: readonly InputIssue[],
  ) {}

  /** @internal Use {@link createChecklist}. */
  static of<Needs extends PortName>(workload: Workload, steps: readonly Step<Needs>[]): Checklist<Needs> {
    return new Checklist(workload, steps, []);
  }

  /**
   * Inserts `step` right after the step `anchorId`. The place is display
   * order; the steps that must wait for it are named by `options.requiredBy`.
   */
  insertAfter<Added extends PortName>(
    anchorId: string,
    step: Step<Added>,
    options: InsertOptions = {},
  ): Checklist<Needs | Added> {
    return this.guarded('insertAfter', anchorId, () => this.insertAt(anchorId, step, 1, 'insertAfter', options));
  }

  /** Inserts `step` right before the step `anchorId` (see {@link Checklist.insertAfter} for `options`). */
  insertBefore<Added extends PortName>(
    anchorId: string,
    step: Step<Added>,
    options: InsertOptions = {},
  ): Checklist<Needs | Added> {
    return this.guarded('insertBefore', anchorId, () => this.insertAt(anchorId, step, 0, 'insertBefore', options));
  }

  /** Appends `step` at the end (see {@link Checklist.insertAfter} for `options`). */
  append<Added extends PortName>(step: Step<Added>, options: InsertOptions = {}): Checklist<Needs | Added> {
    return this.guarded('append', step, () => this.inserted(this.steps.length, step, 'append', options));
  }

  /** Replaces the step `id` with `step` (which may have another id). */
  replace<Added extends PortName>(id: string, step: Step<Added>): Checklist<Needs | Added> {
    return this.guarded('replace', id, () => this.replaced(id, step));
  }

  private replaced<Added extends PortName>(id: string, step: Step<Added>): Checklist<Needs | Added> {
    const index = this.steps.findIndex((candidate) => candidate.id === id);
    if (index < 0) return this.withIssue<Needs | Added>(`replace`, id);
    const steps: Step<Needs | Added>[] = [...this.steps];
    steps[index] = step;
    return new Checklist<Needs | Added>(this.workload, steps, this.editIssues);
  }

  /** Removes the step `id`. Steps that ran `after` it no longer wait for it. */
  without(id: string): Checklist<Needs> {
    return this.guarded('without', id, () => this.withoutStep(id));
  }

  private withoutStep(id: string): Checklist<Needs> {
    if (!this.steps.some((step) => step.id === id)) return this.withIssue<Needs>('without', id);
    const steps = this.steps
      .filter((step) => step.id !== id)
      .map((step) =>
        step.after?.includes(id) ? { ...step, after: step.after.filter((other) => other !== id) } : step,
      );
    return new Checklist<Needs>(this.workload, steps, this.editIssues);
  }

  /** The step `id`, if present. */
  step(id: string): Step<Needs> | undefined {
    return this.steps.find((step) => step.id === id);
  }

  /**
   * Checks the checklist: ids well-formed and unique, items known, every
   * `after` naming a step that exists, no cycles, and no failed edits.
   * Returns the steps in execution order (dependencies first, otherwise as listed).
   */
  validate(): Result<readonly Step<Needs>[], InvalidInputError> {
    return guardInput('checklist', () => this.check());
  }

  private check(): Result<readonly Step<Needs>[], InvalidInputError> {
    const issues: InputIssue[] = [...this.editIssues];
    if (!isFieldObject(this.workload))
      issues.push({ path: 'workload', message: 'must be a workload (defineWorkload)' });
    if (!Array.isArray(this.steps)) return err(invalid([...issues, { path: 'steps', message: 'must be a list' }]));
    const ids = new Set<string>();
    this.steps.forEach((step, index) => {
      if (!isFieldObject(step as unknown) || isUnreadableStep(step)) {
        issues.push({ path: `steps.${index}`, message: 'is not a step that can be read (defineStep)' });
        return;
      }
      if (
        step.after !== undefined &&
        (!Array.isArray(step.after) || step.after.some((id: unknown) => typeof id !== 'string'))
      )
        issues.push({ path: `steps.${index}.after`, message: 'must be a list of step ids' });
      if (typeof step.id !== 'string' || !STEP_ID.test(step.id)) {
        issues.push({ path: `steps.${index}.id`, message: `step id ${describeInput(step.id)} must be kebab-case` });
      } else if (ids.has(step.id)) {
        issues.push({ path: `steps.${index}.id`, message: `duplicate step id "${step.id}"` });
      }
      ids.add(step.id);
      if (!isChecklistItemId(step.item)) {
        issues.push({
          path: `steps.${index}.item`,
          message: `step "${step.id}" names unknown item ${describeInput(step.item)}`,
        });
      }
      if (typeof step.plan !== 'function' || typeof step.verify !== 'function') {
        issues.push({ path: `steps.${index}`, message: `step "${step.id}" needs plan and verify functions` });
      }
      if (!Array.isArray(step.needs)) {
        issues.push({
          path: `steps.${index}.needs`,
          message: `step "${step.id}" needs must be an array of port names`,
        });
      }
    });
    this.steps.forEach((step, index) => {
      for (const other of step.after ?? []) {
        if (!ids.has(other)) {
          issues.push({
            path: `steps.${index}.after`,
            message: `step "${step.id}" runs after unknown step "${other}"`,
          });
        }
      }
    });
    if (issues.length > 0) return err(invalid(issues));
    const ordered = this.executionOrder();
    if (ordered.isErr()) return err(ordered.error);
    return ok(ordered.value);
  }

  private executionOrder(): Result<readonly Step<Needs>[], InvalidInputError> {
    const remaining = new Map(this.steps.map((step) => [step.id, step] as const));
    const done = new Set<string>();
    const ordered: Step<Needs>[] = [];
    while (remaining.size > 0) {
      const next = [...remaining.values()].find((step) => (step.after ?? []).every((other) => done.has(other)));
      if (next === undefined) {
        const cycle = [...remaining.keys()].join(', ');
        return err(invalid([{ path: 'steps', message: `the "after" order has a cycle among: ${cycle}` }]));
      }
      ordered.push(next);
      done.add(next.id);
      remaining.delete(next.id);
    }
    return ok(ordered);
  }

  private insertAt<Added extends PortName>(
    anchorId: string,
    step: Step<Added>,
    offset: 0 | 1,
    edit: string,
    options: InsertOptions,
  ): Checklist<Needs | Added> {
    const index = this.steps.findIndex((candidate) => candidate.id === anchorId);
    if (index < 0) return this.withIssue<Needs | Added>(edit, anchorId);
    return this.inserted(index + offset, step, edit, options);
  }

  /** `step` at `index`, with every step of `options.requiredBy` waiting for it; an unknown id leaves the steps as they were. */
  private inserted<Added extends PortName>(
    index: number,
    step: Step<Added>,
    edit: string,
    options: InsertOptions,
  ): Checklist<Needs | Added> {
    const requiredBy = options.requiredBy ?? [];
    if (!Array.isArray(requiredBy) || requiredBy.some((id: unknown) => typeof id !== 'string'))
      return this.withIssue<Needs | Added>(edit, requiredBy, 'requiredBy must be a list of step ids');
    const unknown = requiredBy.filter((id) => !this.steps.some((candidate) => candidate.id === id));
    if (unknown.length > 0)
      return this.withIssue<Needs | Added>(`${edit} requiredBy`, unknown.join(', '), 'no step has that id');
    const waiting = new Set(requiredBy);
    const steps: Step<Needs | Added>[] = this.steps.map((candidate) =>
      waiting.has(candidate.id) && !(candidate.after ?? []).includes(step.id)
        ? { ...candidate, after: [...(candidate.after ?? []), step.id] }
        : candidate,
    );
    steps.splice(index, 0, step);
    return new Checklist<Needs | Added>(this.workload, steps, this.editIssues);
  }

  /** Runs an edit; one that throws on the values it was given is remembered as an issue, like an unknown id. */
  private guarded<Merged extends PortName>(
    edit: string,
    subject: unknown,
    change: () => Checklist<Merged>,
  ): Checklist<Merged> {
    const changed = guardInput(`${edit}(${describeInput(subject)})`, () => ok(change()));
    return changed.isOk() ? changed.value : this.withIssue<Merged>(edit, subject, 'its values cannot be read');
  }

  private withIssue<Merged extends PortName>(
    edit: string,
    id: unknown,
    problem = 'no step has that id',
  ): Checklist<Merged> {
    const issue = { path: 'steps', message: `${edit}(${describeInput(id)}): ${problem}` };
    return new Checklist<Merged>(this.workload, this.steps as unknown as readonly Step<Merged>[], [
      ...this.editIssues,
      issue,
    ]);
  }
}

function invalid(issues: readonly InputIssue[]): InvalidInputError {
  return decomError.invalidInput(`invalid checklist: ${issues.map((issue) => issue.message).join('; ')}`, issues);
}

/**
 * Makes a checklist of `steps` for `workload`. The standard one is
 * `decommissionChecklist(workload)`; this is for pipelines of your own.
 *
 * @example
 * ```ts
 * // Only confirm the cutover, back up, and retire: the engine needs just those steps' ports.
 * const checklist = createChecklist(workload, [confirmCutoverTraffic, finalBackups, retireResources]);
 * const engine = createEngine({ checklist, providers: cloud.providers, journal: memoryJournal() });
 * ```
 */
export function createChecklist<Needs extends PortName>(
  workload: Workload,
  steps: readonly Step<Needs>[],
): Checklist<Needs> {
  return Checklist.of(workload, steps);
}
