import type { Action, Gate, Plan, PlannedStep } from '@decomkit/core';
import { planHash } from '../../src/model/plan.js';

/** The ARN of a payments instance of the fake. */
export const instanceArn = (id: string) => `arn:aws:ec2:eu-west-1:111122223333:instance/${id}`;

/** The plan edited as a hostile operator would, with its hash (unkeyed SHA-256) recomputed so `apply` accepts it. */
export function rehashed(plan: Plan, edit: (step: PlannedStep) => PlannedStep = (step) => step): Plan {
  const { hash: _old, ...content } = { ...plan, steps: plan.steps.map(edit) };
  return { ...content, hash: planHash(content) };
}

/** Drops every backup action and every gate (a planned delete then waits for nothing). */
export function withoutBackupsOrGates(step: PlannedStep): PlannedStep {
  return {
    ...step,
    actions: step.actions
      .filter((action) => action.kind !== 'backup.create')
      .map((action) => ({ ...action, gates: [] as Gate[] })),
  };
}

/** Drops every gate, keeping the actions. */
export function withoutGates(step: PlannedStep): PlannedStep {
  return { ...step, actions: step.actions.map((action) => ({ ...action, gates: [] as Gate[] })) };
}

type RunLike = {
  items: readonly {
    steps: readonly { actions: readonly { action: Action; status: string; reason: string | null }[] }[];
  }[];
};

/** The action records of a run report of one kind. */
export const recordsOf = (run: RunLike, kind: string) =>
  run.items
    .flatMap((item) => item.steps.flatMap((step) => step.actions))
    .filter((record) => record.action.kind === kind);
