import type { Signer } from '../journal/signing.js';
import type { Checklist } from '../model/checklist.js';
import type { Step } from '../model/step.js';
import type { ClockPort } from '../spec/clock.js';
import type { HandlerRegistry, PortName, Providers } from '../spec/providers.js';
import type { EngineEvent } from './events.js';
import type { RateLimiter } from './rate-limits.js';
import type { RetryPolicy } from './retry.js';

/** Everything the planner and the applier share; built once by `createEngine`. Holds no run state. */
export interface EngineContext {
  readonly checklist: Checklist<PortName>;
  /** Steps in execution order. */
  readonly steps: readonly Step<PortName>[];
  readonly providers: Providers;
  readonly handlers: HandlerRegistry;
  readonly clock: ClockPort;
  readonly rateLimiter: RateLimiter;
  readonly retry: RetryPolicy;
  readonly random: () => number;
  readonly concurrency: number;
  /** Signs plans, journal lines and seals (`createEngine({ signing })`); null when the engine does not sign. */
  readonly signer: Signer | null;
  readonly emit: (event: EngineEvent) => void;
}
