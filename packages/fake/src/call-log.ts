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

/** Every call made to the fake cloud, in order; tests assert on it (plan makes no mutating call). */
export class CallLog {
  private entries: FakeCall[] = [];
  private readonly listeners: Array<(call: FakeCall) => void> = [];

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

  /** Forgets every call. */
  clear(): void {
    this.entries = [];
  }
}
