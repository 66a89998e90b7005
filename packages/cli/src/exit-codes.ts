/**
 * What the `decomkit` process's exit status means, for scripts and CI:
 * `0` the command did what it was asked (a run completed), `1` it failed,
 * `2` a run is not finished and nothing failed: waiting on a gate (a date, an
 * approval) or incomplete (an item still open: evidence not recorded yet, a
 * finding to except) — resume later,
 * `64` bad input (a workload file, a plan, an option; BSD's EX_USAGE),
 * `75` the run is locked by another runner (EX_TEMPFAIL: try again later).
 *
 * @example
 * ```ts
 * if (status === EXIT_CODES.waiting) scheduleResume();
 * ```
 */
export const EXIT_CODES = {
  done: 0,
  failed: 1,
  waiting: 2,
  badInput: 64,
  locked: 75,
} as const;

/** One of {@link EXIT_CODES}. */
export type ExitCode = (typeof EXIT_CODES)[keyof typeof EXIT_CODES];
