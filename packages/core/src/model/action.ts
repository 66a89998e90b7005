import type { ActionParams } from '../spec/action-kinds.js';
import { sha256 } from '../util/hash.js';
import type { ChecklistItemId } from './checklist-item.js';
import type { Gate } from './gate.js';

/**
 * What an action acts on. When `arn` is set the target is an inventory
 * resource: the engine re-reads it just before the action (gone → skipped,
 * out of scope → refused).
 */
export interface ActionTarget {
  /** Stable reference used in the action key: the ARN, a record name, a CI id, … */
  readonly ref: string;
  readonly arn?: string;
  readonly resourceType?: string;
  readonly accountId?: string;
  readonly region?: string;
}

/**
 * A planned change, as data. `key` is deterministic (`step:kind:ref`), so
 * planning twice yields the same keys; providers use it as the idempotency
 * token or tag.
 *
 * `Action<'cmdb.retire'>` carries the params {@link ActionKinds} declares for
 * its kind; `Action` alone is an action of any kind (one read back from a
 * plan), with JSON params.
 */
export interface Action<Kind extends string = string> {
  readonly key: string;
  readonly step: string;
  readonly item: ChecklistItemId;
  /** The action kind, e.g. `resource.delete`; a provider registers a handler for it. */
  readonly kind: Kind;
  readonly target: ActionTarget;
  readonly params: ActionParams<Kind>;
  readonly gates: readonly Gate[];
  /** Keys of actions (of the same step) that must be done first. */
  readonly dependsOn: readonly string[];
}

/** The deterministic key of an action. */
export function actionKey(step: string, kind: string, ref: string): string {
  return `${step}:${kind}:${ref}`;
}

/**
 * A token derived from the action key and the attempt it belongs to, short
 * and charset-safe enough for any AWS idempotency field (EC2 `ClientToken`
 * ≤ 64 ASCII characters). The first attempt's token is the key's alone; an
 * attempt after a failed one gets its own, so a provider does not answer it
 * with the failed job of the same token.
 */
export function idempotencyToken(key: string, attempt = 1): string {
  return `dk-${sha256(attempt <= 1 ? key : `${key}#attempt-${attempt}`).slice(0, 40)}`;
}

/** The tag providers put on what an action creates, when the API has no idempotency token. */
export const ACTION_TAG = 'decomkit:action';
