import type { DecomError } from '../errors/decom-error.js';
import type { RunStatus } from '../journal/journal-entry.js';
import type { Action } from '../model/action.js';
import type { Evidence } from '../model/evidence.js';
import type { Gate } from '../model/gate.js';

/**
 * Typed progress events, for progress bars and logs.
 *
 * @example
 * ```ts
 * createEngine({ checklist, providers, journal, onEvent: (event) => {
 *   if (event.type === 'action.done') bar.increment();
 *   if (event.type === 'gate.waiting') console.log(`${event.action.key} waits: ${event.reason}`);
 * } });
 * ```
 */
export type EngineEvent =
  | { readonly type: 'plan.started'; readonly workload: string }
  | { readonly type: 'plan.finished'; readonly actions: number; readonly findings: number }
  | { readonly type: 'run.started'; readonly runId: string; readonly actions: number }
  | { readonly type: 'run.resumed'; readonly runId: string }
  | { readonly type: 'run.finished'; readonly runId: string; readonly status: RunStatus }
  | { readonly type: 'inventory.drift'; readonly runId: string; readonly newResources: readonly string[] }
  | { readonly type: 'step.started'; readonly runId: string; readonly step: string }
  | { readonly type: 'step.verified'; readonly runId: string; readonly step: string; readonly evidence: Evidence }
  | { readonly type: 'step.open'; readonly runId: string; readonly step: string; readonly reason: string }
  | { readonly type: 'action.started'; readonly runId: string; readonly action: Action; readonly attempt: number }
  | {
      readonly type: 'action.retrying';
      readonly runId: string;
      readonly action: Action;
      readonly error: DecomError;
      readonly delayMilliseconds: number;
    }
  | { readonly type: 'action.checkpoint'; readonly runId: string; readonly action: Action }
  | { readonly type: 'action.done'; readonly runId: string; readonly action: Action }
  | { readonly type: 'action.skipped'; readonly runId: string; readonly action: Action; readonly reason: string }
  | { readonly type: 'action.refused'; readonly runId: string; readonly action: Action; readonly reason: string }
  | { readonly type: 'action.failed'; readonly runId: string; readonly action: Action; readonly error: DecomError }
  | {
      readonly type: 'gate.waiting';
      readonly runId: string;
      readonly action: Action;
      readonly gate: Gate;
      readonly reason: string;
    };

/** Receives engine events. Exceptions thrown by a listener are ignored. */
export type EventListener = (event: EngineEvent) => void;
