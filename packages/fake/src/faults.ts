import { decomError } from '@decomkit/core';
import { OperationStub, parseOperation, type StubDecision } from './operation-stub.js';

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

/**
 * The fault injector of a fake cloud: per-operation stubs (`on`) and
 * coarser rules over many operations (`inject`).
 *
 * @example
 * ```ts
 * cloud.faults.on('ec2:TerminateInstances').failOnce({ code: 'RequestLimitExceeded' });
 * cloud.faults.inject({ service: 'backup', error: 'access-denied' });
 * ```
 */
export class Faults {
  private rules: ActiveRule[] = [];
  private readonly stubs = new Map<string, OperationStub>();

  constructor(private readonly random: () => number) {}

  /**
   * The stub of one operation, named `service:Operation` as in the call log
   * (`ec2:TerminateInstances`, `backup:StartBackupJob`): the same stub for the
   * same name, so a test can reach it again to `reset` it.
   */
  on(operation: string): OperationStub {
    const { service, operation: name } = parseOperation(operation);
    const key = `${service}:${name}`;
    const existing = this.stubs.get(key);
    if (existing !== undefined) return existing;
    const stub = new OperationStub(key);
    this.stubs.set(key, stub);
    return stub;
  }

  /** Adds a fault rule; returns a function that removes it. */
  inject(rule: FaultRule): () => void {
    const active = { rule, remaining: rule.times ?? Number.POSITIVE_INFINITY };
    this.rules.push(active);
    return () => {
      this.rules = this.rules.filter((candidate) => candidate !== active);
    };
  }

  /** Removes every rule and resets every stub. */
  clear(): void {
    this.rules = [];
    for (const stub of this.stubs.values()) stub.reset();
  }

  /** Removes every rule and resets every stub (the same as `clear`). */
  reset(): void {
    this.clear();
  }

  /**
   * @internal What happens to a call: an error to return (before its effect, or
   * after it for a timeout that AWS carried out), latency to add, read lag after it.
   */
  decide(service: string, operation: string, target: string | null): StubDecision {
    const ruled = this.decideByRules(service, operation, target);
    const stub = this.stubs.get(`${service}:${operation}`);
    if (ruled.error !== null || stub === undefined) return ruled;
    const stubbed = stub.decide(target);
    return { ...stubbed, latency: stubbed.latency + ruled.latency };
  }

  private decideByRules(service: string, operation: string, target: string | null): StubDecision {
    const none = { errorAfterEffect: false, lagMilliseconds: 0 };
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
      return { ...none, error, latency };
    }
    return { ...none, error: null, latency };
  }
}
