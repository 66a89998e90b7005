import type { ActionState } from './run-state.js';

/** Whether an action has reached an end it keeps: done, skipped or refused. */
export function isSettled(action: ActionState): boolean {
  return action.status === 'done' || action.status === 'skipped' || action.status === 'refused';
}

/**
 * Dependencies before dependants, by depth: first every action that depends
 * on none of the others (in plan order), then those whose dependencies are
 * all among the first, and so on. Actions that can go together stand
 * together, so the engine's launch window holds a thousand stops at once (one
 * batch), not half of them interleaved with the terminations that wait for
 * them. The plan check guarantees dependencies exist and form no cycle.
 */
export function orderByDependencies(actions: readonly ActionState[]): readonly ActionState[] {
  if (actions.every((action) => action.action.dependsOn.length === 0)) return actions;
  const byKey = new Map(actions.map((action) => [action.action.key, action] as const));
  const depths = new Map<string, number>();
  const depthOf = (action: ActionState): number => {
    const key = action.action.key;
    const known = depths.get(key);
    if (known !== undefined) return known;
    depths.set(key, 0); // no cycle (plan check); guards the recursion all the same
    let depth = 0;
    for (const dependency of action.action.dependsOn) {
      const other = byKey.get(dependency);
      if (other !== undefined) depth = Math.max(depth, depthOf(other) + 1);
    }
    depths.set(key, depth);
    return depth;
  };
  const levels: ActionState[][] = [];
  for (const action of actions) {
    const depth = depthOf(action);
    const level = levels[depth];
    if (level === undefined) levels[depth] = [action];
    else level.push(action);
  }
  return levels.flat();
}
