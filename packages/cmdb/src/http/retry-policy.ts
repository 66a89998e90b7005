/**
 * How a provider retries a call the server throttled (429) or failed
 * transiently (5xx, a dropped connection): up to `attempts` tries in all,
 * waiting the server's `Retry-After` when it sends one, otherwise an
 * exponential back-off from `baseDelayMilliseconds`; a wait longer than
 * `maxDelayMilliseconds` is not slept but returned as `Throttled` (the
 * engine's own back-off takes over).
 */
export interface RetryPolicy {
  /** Tries in all, the first included; default 4. */
  readonly attempts: number;
  /** First back-off when the server names none; doubled on each retry. Default 250 ms. */
  readonly baseDelayMilliseconds: number;
  /** The longest single wait; default 30 s. */
  readonly maxDelayMilliseconds: number;
  /** How long one request may take before it counts as a dropped connection; default 30 s. */
  readonly requestTimeoutMilliseconds: number;
}

/** The default {@link RetryPolicy}. */
export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  attempts: 4,
  baseDelayMilliseconds: 250,
  maxDelayMilliseconds: 30_000,
  requestTimeoutMilliseconds: 30_000,
};

/** The signal of one request: aborted by the caller's `signal` or after the policy's request timeout. */
export function requestSignal(policy: RetryPolicy, signal: AbortSignal | undefined): AbortSignal {
  const timeout = AbortSignal.timeout(policy.requestTimeoutMilliseconds);
  return signal === undefined ? timeout : AbortSignal.any([signal, timeout]);
}

/** True once the caller aborted (a function, so a check inside a loop is not narrowed away). */
export function isAborted(signal: AbortSignal | undefined): boolean {
  return signal?.aborted === true;
}

/** Milliseconds to wait before retry `retry` (1-based): the `Retry-After` header (seconds or an HTTP date) when present. */
export function retryDelay(policy: RetryPolicy, retry: number, retryAfter: string | null, now = Date.now()): number {
  if (retryAfter !== null && retryAfter.trim() !== '') {
    const seconds = Number(retryAfter);
    if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
    const at = Date.parse(retryAfter);
    if (Number.isFinite(at)) return Math.max(0, at - now);
  }
  return policy.baseDelayMilliseconds * 2 ** (retry - 1);
}

/** Resolves after `milliseconds`, or at once when `signal` is aborted. */
export function sleep(milliseconds: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted === true) return resolve();
    const timer = setTimeout(done, milliseconds);
    function done() {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done, { once: true });
  });
}
