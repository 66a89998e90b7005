import type { Action } from '../model/action.js';
import type { HandlerRegistry } from '../spec/providers.js';
import { isSettled } from './action-order.js';
import type { Batcher } from './batcher.js';
import type { ActionState } from './run-state.js';
import type { TargetReader } from './target-reader.js';

/** What the expected arrivals use of the run. */
export interface ExpectedArrivalServices {
  readonly handlers: HandlerRegistry;
  readonly batcher: Batcher;
  readonly targetReader: TargetReader | null;
}

/**
 * Which actions are on their way to a gathered re-read and to a batch, so
 * each group goes as soon as every member on its way has arrived (see
 * `Gatherer`), not after a fixed window. An action is announced once its
 * dependencies are met — or about to be: when the last of them has its
 * outcome and is writing it down ({@link finishing}), so a thousand
 * terminations are awaited from the moment their thousand stops are done.
 * It leaves ({@link leave}) as soon as it is known not to come: refused,
 * skipped, failed, waiting at a gate, cancelled.
 */
export class ExpectedArrivals {
  /** The actions of the step running now that depend on each action, by its key. */
  private dependants = new Map<string, ActionState[]>();
  /** The actions of the step running now, by key. */
  private inStep = new Map<string, ActionState>();
  /** Actions whose outcome is known and being journaled: their dependants may count them as met. */
  private readonly finished = new Set<string>();

  constructor(private readonly services: ExpectedArrivalServices) {}

  /** The actions of a step about to run: whose dependants {@link finishing} announces. */
  track(actions: readonly ActionState[]): void {
    this.dependants = new Map();
    this.inStep = new Map(actions.map((state) => [state.action.key, state] as const));
    this.finished.clear();
    for (const state of actions) {
      for (const key of state.action.dependsOn) {
        const list = this.dependants.get(key);
        if (list === undefined) this.dependants.set(key, [state]);
        else list.push(state);
      }
    }
  }

  /**
   * Announces `state` to the target reader (when it re-reads a target) and to the batcher (when its
   * kind batches), unless it is settled or continues an interrupted intent (reconciled, not re-read).
   */
  announce(state: ActionState): void {
    const { action } = state;
    if (isSettled(state) || state.unsettledIntent) return;
    const handler = this.services.handlers.get(action.kind)?.handler;
    if (handler === undefined) return;
    if (action.target.arn !== undefined) this.services.targetReader?.expect(action);
    const batchKey = handler.batch?.key(action) ?? null;
    if (batchKey !== null) this.services.batcher.expect(action, batchKey);
  }

  /**
   * `action` is done or skipped and its outcome is being journaled: each dependant whose
   * dependencies are all settled or finishing now is announced.
   */
  finishing(action: Action): void {
    this.finished.add(action.key);
    for (const dependant of this.dependants.get(action.key) ?? []) {
      if (dependant.action.dependsOn.every((key) => this.met(key))) this.announce(dependant);
    }
  }

  /** As the engine's launch sees it: a dependency outside the step, done, skipped or finishing is met. */
  private met(key: string): boolean {
    const state = this.inStep.get(key);
    return state === undefined || state.status === 'done' || state.status === 'skipped' || this.finished.has(key);
  }

  /** `action` will not reach its re-read or its batch (or has gone past them): nobody waits for it. */
  leave(action: Action): void {
    this.services.targetReader?.withdraw(action);
    this.services.batcher.withdraw(action);
  }
}
