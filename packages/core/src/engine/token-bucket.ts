import type { ClockPort } from '../spec/clock.js';

/** A bucket's size and refill rate. */
export interface BucketLimit {
  readonly capacity: number;
  readonly refillPerSecond: number;
}

/**
 * A token bucket on an injectable clock. Waiters are served first come,
 * first served, so a burst never starves an earlier caller and the bucket
 * runs at exactly its refill rate once drained. The refill rate can be
 * changed while it runs ({@link TokenBucket.setRefillPerSecond}: adaptive
 * pacing); the size cannot.
 */
export class TokenBucket {
  private tokens: number;
  private refilledAt: number;
  private tail: Promise<void> = Promise.resolve();
  private current: BucketLimit;

  constructor(
    limit: BucketLimit,
    private readonly clock: ClockPort,
  ) {
    this.current = { capacity: limit.capacity, refillPerSecond: limit.refillPerSecond };
    this.tokens = limit.capacity;
    this.refilledAt = clock.now().getTime();
  }

  /** The bucket's size and its refill rate now. */
  get limit(): BucketLimit {
    return this.current;
  }

  /**
   * Refills at the old rate up to now, then refills at `refillPerSecond`
   * (finite, above 0) from now on. Callers already waiting recompute their wait.
   */
  setRefillPerSecond(refillPerSecond: number): void {
    if (!(Number.isFinite(refillPerSecond) && refillPerSecond > 0)) {
      throw new RangeError(`refillPerSecond must be a finite number above 0, got ${refillPerSecond}`);
    }
    this.refill();
    this.current = { capacity: this.current.capacity, refillPerSecond };
  }

  /** Empties the bucket (the server said its own bucket is empty): the next token comes after one refill interval. */
  drain(): void {
    this.refill();
    this.tokens = 0;
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
      // At most a second at a time, so a raised rate is felt by callers already waiting.
      const wait = Math.min(1000, Math.ceil((missing / this.current.refillPerSecond) * 1000));
      await this.clock.sleep(wait, signal);
    }
  }

  private refill(): void {
    const now = this.clock.now().getTime();
    const elapsedSeconds = Math.max(0, now - this.refilledAt) / 1000;
    this.tokens = Math.min(this.limit.capacity, this.tokens + elapsedSeconds * this.limit.refillPerSecond);
    this.refilledAt = now;
  }
}
