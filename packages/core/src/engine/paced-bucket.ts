import type { ClockPort } from '../spec/clock.js';
import type { AdaptivePacing } from './adaptive-pacing.js';
import { type BucketLimit, TokenBucket } from './token-bucket.js';

/**
 * A token bucket whose refill rate follows the server's answers (see
 * {@link AdaptivePacing}): it starts at the documented rate, rises while
 * requests go unthrottled and is cut on a throttle. A request notes the
 * bucket's {@link PacedBucket.epoch} when it is sent and hands it back with
 * its outcome, so only throttles of requests sent at the current rate cut it.
 */
export class PacedBucket {
  private readonly bucket: TokenBucket;
  private cuts = 0;
  private cleanSinceChange = 0;

  constructor(
    /** The documented limit: the starting rate, and what the step, floor and ceiling are fractions of. */
    readonly documented: BucketLimit,
    private readonly pacing: AdaptivePacing,
    clock: ClockPort,
  ) {
    this.bucket = new TokenBucket(documented, clock);
  }

  /** The refill rate now, per second. */
  get refillPerSecond(): number {
    return this.bucket.limit.refillPerSecond;
  }

  /** How many times the rate has been cut: a request sent now carries this number. */
  get epoch(): number {
    return this.cuts;
  }

  /** Resolves once `count` tokens are taken (a retry takes them again); rejects if `signal` aborts while waiting. */
  take(count = 1, signal?: AbortSignal): Promise<void> {
    return this.bucket.take(count, signal);
  }

  /** A request sent at `epoch` was answered without throttling: every `increaseEvery` of them raise the rate. */
  succeeded(_epoch: number): void {
    if (!this.pacing.enabled) return;
    this.cleanSinceChange += 1;
    if (this.cleanSinceChange < this.pacing.increaseEvery) return;
    this.cleanSinceChange = 0;
    const ceiling = this.documented.refillPerSecond * this.pacing.ceilingFactor;
    const raised = this.refillPerSecond + this.documented.refillPerSecond * this.pacing.increaseStep;
    this.bucket.setRefillPerSecond(Math.min(ceiling, raised));
  }

  /**
   * A request sent at `epoch` was throttled. When no cut has happened since it
   * was sent, the rate is multiplied by `decreaseFactor` (not below the floor)
   * and the bucket emptied; otherwise the cut it calls for has been made.
   */
  throttled(epoch: number): void {
    if (!this.pacing.enabled) return;
    this.cleanSinceChange = 0;
    if (epoch !== this.cuts) return;
    this.cuts += 1;
    const floor = this.documented.refillPerSecond * this.pacing.floorFactor;
    this.bucket.setRefillPerSecond(Math.max(floor, this.refillPerSecond * this.pacing.decreaseFactor));
    this.bucket.drain();
  }
}
