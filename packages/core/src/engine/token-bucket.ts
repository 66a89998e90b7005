import type { ClockPort } from '../spec/clock.js';

/** A bucket's size and refill rate. */
export interface BucketLimit {
  readonly capacity: number;
  readonly refillPerSecond: number;
}

/**
 * A token bucket on an injectable clock. Waiters are served first come,
 * first served, so a burst never starves an earlier caller and the bucket
 * runs at exactly its refill rate once drained.
 */
export class TokenBucket {
  private tokens: number;
  private refilledAt: number;
  private tail: Promise<void> = Promise.resolve();

  constructor(
    readonly limit: BucketLimit,
    private readonly clock: ClockPort,
  ) {
    this.tokens = limit.capacity;
    this.refilledAt = clock.now().getTime();
  }

  /** Resolves once `count` tokens have been taken; rejects if `signal` aborts while waiting. */
  take(count = 1, signal?: AbortSignal): Promise<void> {
    const wanted = Math.min(count, this.limit.capacity);
    const turn = this.tail.then(() => this.takeNow(wanted, signal));
    this.tail = turn.catch(() => undefined);
    return turn;
  }

  private async takeNow(count: number, signal?: AbortSignal): Promise<void> {
    for (;;) {
      this.refill();
      if (this.tokens >= count) {
        this.tokens -= count;
        return;
      }
      const missing = count - this.tokens;
      await this.clock.sleep(Math.ceil((missing / this.limit.refillPerSecond) * 1000), signal);
    }
  }

  private refill(): void {
    const now = this.clock.now().getTime();
    const elapsedSeconds = Math.max(0, now - this.refilledAt) / 1000;
    this.tokens = Math.min(this.limit.capacity, this.tokens + elapsedSeconds * this.limit.refillPerSecond);
    this.refilledAt = now;
  }
}
