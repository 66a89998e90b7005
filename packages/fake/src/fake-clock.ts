import type { ClockPort } from '@decomkit/core';

interface Timer {
  readonly due: number;
  readonly resolve: () => void;
}

/**
 * A controllable clock on virtual time. `sleep` never waits for real: once the
 * current burst of work has settled, time jumps to the earliest sleeper's
 * wake-up, so concurrent sleepers overlap as they would in real time. `set`
 * and `advance` move time by hand (to reach a sunset date, say).
 *
 * @example
 * ```ts
 * const clock = new FakeClock('2026-11-01T00:00:00Z');
 * clock.set('2026-12-15T00:00:00Z'); // the delete date has come
 * ```
 */
export class FakeClock implements ClockPort {
  private current: number;
  private timers: Timer[] = [];
  private tickScheduled = false;

  constructor(start: string | Date) {
    this.current = new Date(start).getTime();
  }

  now(): Date {
    return new Date(this.current);
  }

  sleep(milliseconds: number, signal?: AbortSignal): Promise<void> {
    if (signal?.aborted) return Promise.reject(signal.reason);
    return new Promise<void>((resolve, reject) => {
      const onAbort = () => {
        this.timers = this.timers.filter((candidate) => candidate !== timer);
        reject(signal?.reason);
      };
      const timer: Timer = {
        due: this.current + Math.max(0, milliseconds),
        resolve: () => {
          signal?.removeEventListener('abort', onAbort);
          resolve();
        },
      };
      this.timers.push(timer);
      signal?.addEventListener('abort', onAbort, { once: true });
      this.scheduleTick();
    });
  }

  /** Moves time forward by `milliseconds`, waking sleepers that are due. */
  advance(milliseconds: number): void {
    this.set(new Date(this.current + milliseconds));
  }

  /** Moves time to `instant` (never backwards), waking sleepers that are due. */
  set(instant: string | Date): void {
    this.current = Math.max(this.current, new Date(instant).getTime());
    this.wakeDue();
  }

  private scheduleTick(): void {
    if (this.tickScheduled) return;
    this.tickScheduled = true;
    setImmediate(() => {
      this.tickScheduled = false;
      if (this.timers.length === 0) return;
      const earliest = Math.min(...this.timers.map((timer) => timer.due));
      this.current = Math.max(this.current, earliest);
      this.wakeDue();
    });
  }

  private wakeDue(): void {
    const due = this.timers.filter((timer) => timer.due <= this.current);
    if (due.length === 0) return;
    this.timers = this.timers.filter((timer) => timer.due > this.current);
    for (const timer of due) timer.resolve();
    if (this.timers.length > 0) this.scheduleTick();
  }
}
