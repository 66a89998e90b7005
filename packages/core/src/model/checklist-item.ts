/**
 * The eight deliverables of the seed checklist, in its order. Every step
 * belongs to exactly one item; an item is ☑ only when all its steps have
 * produced evidence.
 */
export const CHECKLIST_ITEMS = [
  { id: 'cutover', title: 'Finalize data cutover' },
  { id: 'backups', title: 'Take final backups and snapshots' },
  { id: 'retire', title: 'Retire AWS resources' },
  { id: 'deletion-check', title: 'Check successful deletion' },
  { id: 'artifacts', title: 'Clean up artifacts' },
  { id: 'ttl', title: 'Reset TTL' },
  { id: 'baseline', title: 'Establish new baseline' },
  { id: 'waf-assessment', title: 'Perform a WAF workload assessment' },
] as const;

/** The id of one of the seed's eight checklist items. */
export type ChecklistItemId = (typeof CHECKLIST_ITEMS)[number]['id'];

/** The seed's title of an item, e.g. `Reset TTL`. */
export function itemTitle(item: ChecklistItemId): string {
  return CHECKLIST_ITEMS.find((candidate) => candidate.id === item)?.title ?? item;
}

/** True when `value` is one of the eight item ids. */
export function isChecklistItemId(value: unknown): value is ChecklistItemId {
  return CHECKLIST_ITEMS.some((item) => item.id === value);
}
