import type { InputIssue } from '../errors/decom-error.js';
import { isFieldObject, numberIssues, unknownFieldIssues } from '../util/input-shape.js';

/**
 * Adaptive pacing (additive increase, multiplicative decrease) of one token
 * bucket's refill rate. A bucket starts at its documented rate. Every
 * `increaseEvery` requests answered without throttling since its last change
 * raise the rate by `increaseStep` times the documented rate, up to
 * `ceilingFactor` times it; the first throttle answer to a request sent at the
 * current rate multiplies the rate by `decreaseFactor` (never below
 * `floorFactor` times the documented rate) and empties the bucket. Throttles of
 * requests sent before that cut do not cut again: one crowded burst costs one
 * halving, not one per request in flight.
 */
export interface AdaptivePacingOptions {
  /** Whether rates move at all; `false` keeps every bucket at its configured rate. Default `true`. */
  readonly enabled?: boolean;
  /** Requests without a throttle, since the last change, per increase (an integer from 1 to 1,000,000). Default 10. */
  readonly increaseEvery?: number;
  /** Each increase, as a fraction of the documented rate (above 0, at most 10). Default 0.1. */
  readonly increaseStep?: number;
  /** The rate after a throttle, as a fraction of the rate before it (above 0, below 1). Default 0.5. */
  readonly decreaseFactor?: number;
  /** The highest rate, as a multiple of the documented rate (from 1 to 1,000,000). Default 10. */
  readonly ceilingFactor?: number;
  /**
   * The lowest rate, as a fraction of the documented rate (above 0, at most 1). Default 0.02: low
   * enough to fit under a bucket that other tools in the account mostly drain.
   */
  readonly floorFactor?: number;
}

/** Adaptive pacing with every field given. */
export type AdaptivePacing = Required<AdaptivePacingOptions>;

/** On; +10 % of the documented rate per 10 clean requests, ×0.5 on a throttle, between ×0.02 and ×10 of the documented rate. */
export const DEFAULT_ADAPTIVE_PACING: AdaptivePacing = {
  enabled: true,
  increaseEvery: 10,
  increaseStep: 0.1,
  decreaseFactor: 0.5,
  ceilingFactor: 10,
  floorFactor: 0.02,
};

/** Adaptive pacing off: every bucket stays at its configured rate. */
export const FIXED_PACING: AdaptivePacing = { ...DEFAULT_ADAPTIVE_PACING, enabled: false };

/**
 * Checks the caller's adaptive pacing (`false` turns it off) and fills in the
 * defaults; each issue names its field under `path`.
 */
export function checkAdaptivePacing(
  input: unknown,
  path: string,
): { readonly pacing: AdaptivePacing; readonly issues: InputIssue[] } {
  if (input === undefined) return { pacing: DEFAULT_ADAPTIVE_PACING, issues: [] };
  if (input === false) return { pacing: FIXED_PACING, issues: [] };
  if (!isFieldObject(input)) {
    return { pacing: DEFAULT_ADAPTIVE_PACING, issues: [{ path, message: 'must be an object or false' }] };
  }
  const pacing = { ...DEFAULT_ADAPTIVE_PACING } as Record<keyof AdaptivePacing, unknown>;
  for (const field of Object.keys(DEFAULT_ADAPTIVE_PACING) as (keyof AdaptivePacing)[]) {
    if (input[field] !== undefined) pacing[field] = input[field];
  }
  const issues = [
    ...unknownFieldIssues(input, Object.keys(DEFAULT_ADAPTIVE_PACING), path),
    ...(typeof pacing.enabled === 'boolean' ? [] : [{ path: `${path}.enabled`, message: 'must be true or false' }]),
    ...numberIssues(pacing.increaseEvery, `${path}.increaseEvery`, { min: 1, max: 1_000_000, integer: true }),
    ...numberIssues(pacing.increaseStep, `${path}.increaseStep`, { min: 0, max: 10, exclusiveMin: true }),
    ...numberIssues(pacing.decreaseFactor, `${path}.decreaseFactor`, { min: 0, max: 1, exclusiveMin: true }),
    ...numberIssues(pacing.ceilingFactor, `${path}.ceilingFactor`, { min: 1, max: 1_000_000 }),
    ...numberIssues(pacing.floorFactor, `${path}.floorFactor`, { min: 0, max: 1, exclusiveMin: true }),
  ];
  if (pacing.decreaseFactor === 1) {
    issues.push({ path: `${path}.decreaseFactor`, message: 'must be below 1 (a throttle must slow the bucket)' });
  }
  return { pacing: pacing as AdaptivePacing, issues };
}
