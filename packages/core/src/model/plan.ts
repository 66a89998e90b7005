import type { CallerIdentity } from '../spec/identity.js';
import { hashValue } from '../util/hash.js';
import type { Action } from './action.js';
import type { ChecklistItemId } from './checklist-item.js';
import type { ExceptedResource } from './exceptions.js';
import type { Finding } from './finding.js';
import type { Resource } from './resource.js';
import type { Workload } from './workload-schema.js';

/** The version of the plan's JSON shape. */
export const PLAN_SCHEMA_VERSION = 1;

/** One step of a plan: its actions and findings. */
export interface PlannedStep {
  readonly id: string;
  readonly item: ChecklistItemId;
  readonly title: string;
  readonly needs: readonly string[];
  readonly after: readonly string[];
  readonly actions: readonly Action[];
  readonly findings: readonly Finding[];
}

/**
 * Every step's actions and findings, the inventory planning saw, and a hash
 * over all of it. Plain JSON: save it, review it, approve it, apply it later.
 * Apply refuses a plan whose hash does not match its content, and, when the
 * engine signs, a plan without a valid `signature`.
 */
export interface Plan {
  readonly schemaVersion: typeof PLAN_SCHEMA_VERSION;
  readonly createdAt: string;
  readonly workload: Workload;
  /** Who planning ran as, when an `identity` port was supplied. */
  readonly caller: CallerIdentity | null;
  readonly steps: readonly PlannedStep[];
  /** In-scope resources seen while planning. */
  readonly inventory: readonly Resource[];
  /**
   * In-scope resources the workload's exceptions keep, with their reasons:
   * never in `inventory`, so never acted on. Absent in plans made before
   * exceptions existed.
   */
  readonly excepted?: readonly ExceptedResource[];
  /** SHA-256 over everything above. */
  readonly hash: string;
  /** Signature of `hash` by the engine's `signing` key; absent when the engine does not sign. */
  readonly signature?: string;
}

/** Computes the hash of a plan's content (everything but `hash` and `signature`). */
export function planHash(plan: Omit<Plan, 'hash' | 'signature'>): string {
  const { hash: _hash, signature: _signature, ...content } = plan as Plan;
  return hashValue(content);
}

/** Every action of a plan, in step order. */
export function planActions(plan: Plan): readonly Action[] {
  return plan.steps.flatMap((step) => step.actions);
}
