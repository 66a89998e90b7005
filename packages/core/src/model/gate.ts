import type { ChecklistItemId } from './checklist-item.js';

/**
 * A condition checked just before an action runs. Unmet gates leave the
 * action **waiting** with the reason; `resume` later re-checks them.
 * Gates are data, so plans stay serialisable.
 */
export type Gate =
  | { readonly kind: 'cutoverConfirmed' }
  | { readonly kind: 'backupCompleted'; readonly arn: string }
  | { readonly kind: 'notBefore'; readonly date: string }
  | { readonly kind: 'approval'; readonly name: string }
  | { readonly kind: 'itemVerified'; readonly item: ChecklistItemId }
  | { readonly kind: 'replicationCaughtUp'; readonly taskArn: string };

/**
 * Gate constructors.
 *
 * @example
 * ```ts
 * const gates = [gate.cutoverConfirmed(), gate.notBefore(workload.sunset.deleteAt), gate.approval('retire')];
 * ```
 */
export const gate = {
  /** The cutover item has been verified in this run. */
  cutoverConfirmed: (): Gate => ({ kind: 'cutoverConfirmed' }),
  /** A COMPLETED backup of `arn` exists (made in this run, or reported by the backups port). */
  backupCompleted: (arn: string): Gate => ({ kind: 'backupCompleted', arn }),
  /** The clock has reached `date` (ISO 8601). */
  notBefore: (date: string): Gate => ({ kind: 'notBefore', date }),
  /** A human (the `approve` callback) has approved `name` in this run. */
  approval: (name: string): Gate => ({ kind: 'approval', name }),
  /** All steps of `item` have produced evidence in this run. */
  itemVerified: (item: ChecklistItemId): Gate => ({ kind: 'itemVerified', item }),
  /** The replication task reports zero lag (the target has the authoritative copy). */
  replicationCaughtUp: (taskArn: string): Gate => ({ kind: 'replicationCaughtUp', taskArn }),
} as const;

/** A short human description of a gate, for plans and reasons. */
export function describeGate(value: Gate): string {
  switch (value.kind) {
    case 'cutoverConfirmed':
      return 'cutover confirmed';
    case 'backupCompleted':
      return `completed backup of ${value.arn}`;
    case 'notBefore':
      return `not before ${value.date}`;
    case 'approval':
      return `approval "${value.name}"`;
    case 'itemVerified':
      return `item "${value.item}" verified`;
    case 'replicationCaughtUp':
      return `replication ${value.taskArn} caught up`;
  }
}
