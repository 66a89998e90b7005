/**
 * Time, behind an interface so the fake cloud can control it and a
 * distributed runner can make `sleep` a durable timer.
 */
export interface ClockPort {
  now(): Date;
  /** Resolves after `milliseconds`, or rejects with the signal's reason when aborted. */
  sleep(milliseconds: number, signal?: AbortSignal): Promise<void>;
}

/** The wall clock. */
export const systemClock: ClockPort = {
  now: () => new Date(),
  sleep: (milliseconds, signal) =>
    new Promise<void>((resolve, reject) => {
      if (signal?.aborted) return reject(signal.reason);
      const timer = setTimeout(() => {
        signal?.removeEventListener('abort', onAbort);
        resolve();
      }, milliseconds);
      const onAbort = () => {
        clearTimeout(timer);
        reject(signal?.reason);
      };
      signal?.addEventListener('abort', onAbort, { once: true });
    }),
};
