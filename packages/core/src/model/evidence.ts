import type { JsonObject } from '../util/json.js';

/** What proves a checklist item: a one-line summary plus figures, ids, hashes and timestamps. */
export interface Evidence {
  readonly summary: string;
  readonly details: JsonObject;
}

/** The outcome of a step's `verify`: evidence, or the reason the item stays open. */
export type VerifyOutcome =
  | { readonly status: 'verified'; readonly evidence: Evidence }
  | { readonly status: 'open'; readonly reason: string };

/** Helpers for step authors. */
export const verified = (summary: string, details: JsonObject = {}): VerifyOutcome => ({
  status: 'verified',
  evidence: { summary, details },
});

/** The item stays open for `reason`. */
export const stillOpen = (reason: string): VerifyOutcome => ({ status: 'open', reason });
