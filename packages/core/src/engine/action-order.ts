import type { ActionState } from './run-state.js';

/** Whether an action has reached an end it keeps: done, skipped or refused. */
export function isSettled(action: ActionState): boolean {
  return action.status === 'done' || action.status === 'skipped' || action.status === 'refused';
}

/**
 * Dependencies before dependants, by depth: first every action that depends
 * on none of the others, then those whose dependencies are all among the
 * first, and so on. Actions that can go together stand together, so the
 * engine's launch window holds a thousand stops at once (one batch), not half
 * of them interleaved with the terminations that wait for them. Within a
 * depth, the lanes (kind and resource type) take turns of a thousand, each
 * in plan order: four thousand instance terminations waiting on EC2's
 * buckets do not fill the window ahead of the database deletions that could
 * go meanwhile, and no turn splits a batch. The
 * plan check guarantees dependencies exist and form no cycle.
 */
export function orderByDependencies(actions: readonly ActionState[]): readonly ActionState[] {
  if (actions.every((action) => action.action.dependsOn.length === 0)) return takingTurns(actions);
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
  return levels.flatMap(takingTurns);
}

/** The lane of an action: what it does to which type of resource (what shares a batch and its buckets). */
function laneOf(action: ActionState): string {
  return `${action.action.kind} ${action.action.target.resourceType ?? ''}`;
}

/**
 * How many actions of a lane go in one turn: a full batch and a full re-read (EC2 takes 1,000 ids a call,
 * `describeScopes` 1,000 ARNs), so a turn never splits what would have gone in one call.
 */
export const LANE_TURN = 1000;

/** `actions` with their lanes taking turns, {@link LANE_TURN} actions each, in plan order within a lane. */
function takingTurns(actions: readonly ActionState[]): readonly ActionState[] {
  const lanes = new Map<string, ActionState[]>();
  for (const action of actions) {
    const lane = lanes.get(laneOf(action));
    if (lane === undefined) lanes.set(laneOf(action), [action]);
    else lane.push(action);
  }
  if (lanes.size <= 1) return actions;
  const queues = [...lanes.values()];
  const turns: ActionState[] = [];
  for (let start = 0; turns.length < actions.length; start += LANE_TURN) {
    for (const queue of queues) turns.push(...queue.slice(start, start + LANE_TURN));
  }
  return turns;
}
