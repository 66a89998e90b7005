import { type DecomError, decomError } from '@decomkit/core';

/** A fault to inject into matching calls. */
export interface FaultRule {
  /** Service name (`ec2`, `backup`, `sts`, …); any when omitted. */
  readonly service?: string;
  /** Operation name (`TerminateInstances`, …); any when omitted. */
  readonly operation?: string;
  /** What to fail with: throttling, a 5xx, or access denied. Omit for latency only. */
  readonly error?: 'throttled' | 'server-error' | 'access-denied';
  /** Fail only this many matching calls (default: every one). */
  readonly times?: number;
  /** Fail each matching call with this probability (seeded). Default 1. */
  readonly probability?: number;
  /** Fake-clock latency added to each matching call. */
  readonly latencyMilliseconds?: number;
}

interface ActiveRule {
  readonly rule: FaultRule;
  remaining: number;
}

/** The fault injector of a fake cloud. */
export class Faults {
  private rules: ActiveRule[] = [];

  constructor(private readonly random: () => number) {}

  /** Adds a fault rule; returns a function that removes it. */
  inject(rule: FaultRule): () => void {
    const active = { rule, remaining: rule.times ?? Number.POSITIVE_INFINITY };
    this.rules.push(active);
    return () => {
      this.rules = this.rules.filter((candidate) => candidate !== active);
    };
  }

  /** Removes every rule. */
  clear(): void {
    this.rules = [];
  }

  /** @internal What happens to a call: an error to return and/or latency to add. */
  decide(service: string, operation: string, target: string | null): { error: DecomError | null; latency: number } {
    let latency = 0;
    for (const active of this.rules) {
      const { rule } = active;
      if (rule.service !== undefined && rule.service !== service) continue;
      if (rule.operation !== undefined && rule.operation !== operation) continue;
      latency += rule.latencyMilliseconds ?? 0;
      if (rule.error === undefined || active.remaining <= 0) continue;
      if (this.random() >= (rule.probability ?? 1)) continue;
      active.remaining -= 1;
      const what = `${service}:${operation}${target === null ? '' : ` on ${target}`}`;
      const error =
        rule.error === 'throttled'
          ? decomError.throttled({
              message: `injected throttling (Rate exceeded) for ${what}`,
              resource: target ?? undefined,
            })
          : rule.error === 'access-denied'
            ? decomError.accessDenied({ message: `injected AccessDenied for ${what}`, resource: target ?? undefined })
            : decomError.providerFailure({
                message: `injected 503 ServiceUnavailable for ${what}`,
                retryable: true,
                resource: target ?? undefined,
              });
      return { error, latency };
    }
    return { error: null, latency };
  }
}
