import { err, type Result, type ResultAsync } from 'neverthrow';
import { type DecomError, decomError, type InputIssue, isRetryable } from '../errors/decom-error.js';
import type { ClockPort } from '../spec/clock.js';
import { isFieldObject, numberIssues, unknownFieldIssues } from '../util/input-shape.js';

/** How throttled and transient failures are retried. */
export interface RetryPolicy {
  /** Attempts in all, including the first. */
  readonly maxAttempts: number;
  readonly baseDelayMilliseconds: number;
  readonly maxDelayMilliseconds: number;
}

/** Five attempts, full-jitter exponential back-off from 200 ms, capped at 20 s. */
export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  maxAttempts: 5,
  baseDelayMilliseconds: 200,
  maxDelayMilliseconds: 20_000,
};

/** The most attempts a policy may ask for: a retried call never hammers a provider for long. */
export const MAX_RETRY_ATTEMPTS = 20;
/** The longest back-off delay a policy may ask for: ten minutes. */
export const MAX_RETRY_DELAY_MILLISECONDS = 600_000;

/**
 * Checks the caller's partial policy and fills in the defaults: `maxAttempts`
 * an integer from 1 to {@link MAX_RETRY_ATTEMPTS}, delays finite, from 0 to
 * {@link MAX_RETRY_DELAY_MILLISECONDS}, the base no more than the max, no
 * unknown field. The policy is a copy: later changes to the input do nothing.
 */
export function checkRetryPolicy(input: unknown): { readonly policy: RetryPolicy; readonly issues: InputIssue[] } {
  if (input === undefined) return { policy: DEFAULT_RETRY_POLICY, issues: [] };
  if (!isFieldObject(input)) {
    return { policy: DEFAULT_RETRY_POLICY, issues: [{ path: 'retry', message: 'must be an object' }] };
  }
  const policy: RetryPolicy = {
    maxAttempts: input.maxAttempts ?? DEFAULT_RETRY_POLICY.maxAttempts,
    baseDelayMilliseconds: input.baseDelayMilliseconds ?? DEFAULT_RETRY_POLICY.baseDelayMilliseconds,
    maxDelayMilliseconds: input.maxDelayMilliseconds ?? DEFAULT_RETRY_POLICY.maxDelayMilliseconds,
  } as RetryPolicy;
  const delay = { min: 0, max: MAX_RETRY_DELAY_MILLISECONDS };
  const issues = [
    ...unknownFieldIssues(input, Object.keys(DEFAULT_RETRY_POLICY), 'retry'),
    ...numberIssues(policy.maxAttempts, 'retry.maxAttempts', { min: 1, max: MAX_RETRY_ATTEMPTS, integer: true }),
    ...numberIssues(policy.baseDelayMilliseconds, 'retry.baseDelayMilliseconds', delay),
    ...numberIssues(policy.maxDelayMilliseconds, 'retry.maxDelayMilliseconds', delay),
  ];
  if (issues.length === 0 && policy.baseDelayMilliseconds > policy.maxDelayMilliseconds) {
    issues.push({
      path: 'retry.baseDelayMilliseconds',
      message: `must not exceed maxDelayMilliseconds (${policy.maxDelayMilliseconds})`,
    });
  }
  return { policy, issues };
}

/** The full-jitter delay before retry number `attempt` (1 for the first retry). */
export function backoffDelay(policy: RetryPolicy, attempt: number, random: () => number): number {
  const ceiling = Math.min(policy.maxDelayMilliseconds, policy.baseDelayMilliseconds * 2 ** (attempt - 1));
  return Math.floor(random() * ceiling);
}

/**
 * Runs `operation` until it succeeds, fails for good, or the attempts run out.
 * Only throttling and retryable provider failures are retried.
 */
export async function withRetry<T>(
  operation: () => ResultAsync<T, DecomError> | PromiseLike<Result<T, DecomError>>,
  options: {
    readonly policy: RetryPolicy;
    readonly clock: ClockPort;
    readonly random: () => number;
    readonly signal: AbortSignal;
    readonly onRetry?: (error: DecomError, attempt: number, delayMilliseconds: number) => void;
  },
): Promise<Result<T, DecomError>> {
  for (let attempt = 1; ; attempt += 1) {
    if (options.signal.aborted) return err(decomError.cancelled());
    const result = await operation();
    if (result.isOk() || !isRetryable(result.error) || attempt >= options.policy.maxAttempts) return result;
    const delay = backoffDelay(options.policy, attempt, options.random);
    options.onRetry?.(result.error, attempt, delay);
    try {
      await options.clock.sleep(delay, options.signal);
    } catch {
      return err(decomError.cancelled());
    }
  }
}
