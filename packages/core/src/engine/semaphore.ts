/** Lets at most `limit` holders in at once; the rest queue in arrival order (O(1) per operation). */
export class Semaphore {
  private active = 0;
  private waiting: Array<() => void> = [];
  private head = 0;

  constructor(private readonly limit: number) {}

  async acquire(): Promise<void> {
    if (this.active < this.limit) {
      this.active += 1;
      return;
    }
    await new Promise<void>((resolve) => this.waiting.push(resolve));
  }

  release(): void {
    if (this.head < this.waiting.length) {
      const next = this.waiting[this.head];
      this.head += 1;
      if (this.head > 1024 && this.head * 2 > this.waiting.length) {
        this.waiting = this.waiting.slice(this.head);
        this.head = 0;
      }
      next?.();
      return;
    }
    this.active -= 1;
  }
}

/** One holder's turn: released at most once, and taken again for another call. */
export class SemaphoreSlot {
  private held = false;

  constructor(private readonly semaphore: Semaphore) {}

  async take(): Promise<void> {
    if (this.held) return;
    await this.semaphore.acquire();
    this.held = true;
  }

  release(): void {
    if (this.held) this.semaphore.release();
    this.held = false;
  }
}
