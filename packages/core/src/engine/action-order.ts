import type { ActionState } from './run-state.js';

/** Whether an action has reached an end it keeps: done, skipped or refused. */
export function isSettled(action: ActionState): boolean {
  return action.status === 'done' || action.status === 'skipped' || action.status === 'refused';
}

/** Dependencies before dependants (the plan check guarantees dependencies exist and form no cycle). */
export function orderByDependencies(actions: readonly ActionState[]): readonly ActionState[] {
  if (actions.every((action) => action.action.dependsOn.length === 0)) return actions;
  const byKey = new Map(actions.map((action) => [action.action.key, action] as const));
  const ordered: ActionState[] = [];
  const placed = new Set<string>();
  const place = (action: ActionState) => {
    const key = action.action.key;
    if (placed.has(key)) return;
    placed.add(key);
    for (const dependency of action.action.dependsOn) {
      const other = byKey.get(dependency);
      if (other !== undefined) place(other);
    }
    ordered.push(action);
  };
  for (const action of actions) place(action);
  return ordered;
}
