import { err, type Result, type ResultAsync } from 'neverthrow';
import { type DecomError, decomError, isRetryable } from '../errors/decom-error.js';
import type { ClockPort } from '../spec/clock.js';

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
