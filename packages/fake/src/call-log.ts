/** One call a port made to the fake cloud. */
export interface FakeCall {
  readonly seq: number;
  readonly service: string;
  readonly operation: string;
  /** True for calls that change the world (stop, terminate, start a backup…). */
  readonly mutating: boolean;
  /** The resource or id the call was about, when there is one. */
  readonly target: string | null;
  readonly at: string;
}

/** Where one `engine.plan()` ran in the call log: the calls with `seq` after `afterSeq`, up to `untilSeq`. */
export interface PlanWindow {
  /** The `seq` of the last call before the plan started (0: none). */
  readonly afterSeq: number;
  /** The `seq` of the last call when the plan finished; null while it runs (or when it failed). */
  readonly untilSeq: number | null;
}

/** Every call made to the fake cloud, in order; tests assert on it (plan makes no mutating call). */
export class CallLog {
  private entries: FakeCall[] = [];
  private readonly listeners: Array<(call: FakeCall) => void> = [];
  private windows: PlanWindow[] = [];

  /**
   * An engine event listener that marks in the log where each plan starts and
   * ends (`plan.started`, `plan.finished`), for `plans()`, `duringPlans()` and
   * the vitest matcher `toHaveNoMutationsDuringPlan`. Pass it as
   * `createEngine({ onEvent: cloud.calls.recordEngineEvent })`, or call it
   * from your own listener.
   */
  readonly recordEngineEvent = (event: { readonly type: string }): void => {
    const last = this.entries.length;
    if (event.type === 'plan.started') this.windows.push({ afterSeq: last, untilSeq: null });
    if (event.type !== 'plan.finished') return;
    const open = this.windows.findLastIndex((window) => window.untilSeq === null);
    if (open >= 0) this.windows[open] = { afterSeq: this.windows[open]?.afterSeq ?? 0, untilSeq: last };
  };

  /** The plans `recordEngineEvent` saw, in order. */
  plans(): readonly PlanWindow[] {
    return this.windows;
  }

  /** The calls made while a plan `recordEngineEvent` saw was running (to its end, or to now while it runs). */
  duringPlans(): readonly FakeCall[] {
    return this.entries.filter((call) =>
      this.windows.some(
        (window) => call.seq > window.afterSeq && (window.untilSeq === null || call.seq <= window.untilSeq),
      ),
    );
  }

  /** @internal Records a call. */
  record(call: Omit<FakeCall, 'seq'>): FakeCall {
    const entry = { seq: this.entries.length + 1, ...call };
    this.entries.push(entry);
    for (const listener of this.listeners) listener(entry);
    return entry;
  }

  /** All calls so far. */
  all(): readonly FakeCall[] {
    return this.entries;
  }

  /** The calls that changed the world. */
  mutating(): readonly FakeCall[] {
    return this.entries.filter((call) => call.mutating);
  }

  /** Calls of one operation, e.g. `TerminateInstances`. */
  of(operation: string): readonly FakeCall[] {
    return this.entries.filter((call) => call.operation === operation);
  }

  /** Calls `listener` after each call is recorded (and after its effect, for mutating calls). */
  onCall(listener: (call: FakeCall) => void): void {
    this.listeners.push(listener);
  }

  /** Forgets every call (and every plan seen). */
  clear(): void {
    this.entries = [];
    this.windows = [];
  }
}
