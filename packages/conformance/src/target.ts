import type { Providers } from '@decomkit/core';

/** An EC2 instance the suite asks the provider under test to create, by logical name. */
export interface InstanceFixture {
  readonly name: string;
  readonly tags: Readonly<Record<string, string>>;
  /** A region other than the world's default. */
  readonly region?: string;
  readonly terminationProtection?: boolean;
}

/** The world a conformance test starts from. */
export interface WorldFixture {
  readonly accountId: string;
  readonly region: string;
  readonly instances: readonly InstanceFixture[];
  readonly artifacts?: boolean;
}

/**
 * Checks state outside the provider under test (the fake's own state, or the
 * AWS SDK talking straight to the emulator), so a provider cannot pass by
 * agreeing with itself.
 */
export interface Oracle {
  /** The ARN the provider's world gave the instance `name`. */
  arnOf(name: string): string;
  /** The instance's state word (`running`, `stopped`, `terminated`), or null when it is gone entirely. */
  instanceState(name: string): Promise<string | null>;
  /** Whether termination protection is on. */
  terminationProtection(name: string): Promise<boolean>;
  /** COMPLETED recovery points or snapshots of the instance. */
  completedBackups(name: string): Promise<number>;
  /** Mutating calls the provider made so far (for "read-only" checks); null if the target cannot count them. */
  mutatingCalls(): Promise<number | null>;
  /** Moves time forward (long-running jobs complete); a no-op where time is real. */
  advanceTime(milliseconds: number): Promise<void>;
}

/** What a provider under test is, for one world. */
export interface ProviderUnderTest {
  readonly providers: Providers;
  readonly oracle: Oracle;
  /** Called after the test. */
  dispose?(): Promise<void>;
}

/** The ports a target implements; the suite runs the groups of those only. */
export interface Capabilities {
  readonly identity?: boolean;
  readonly inventory?: boolean;
  readonly retirement?: boolean;
  readonly backups?: boolean;
  readonly artifacts?: boolean;
}

/** A provider (or set of providers) to hold to the suite. */
export interface ConformanceTarget {
  readonly name: string;
  readonly capabilities: Capabilities;
  /** Builds a fresh world and the providers over it. */
  create(world: WorldFixture): Promise<ProviderUnderTest>;
}
