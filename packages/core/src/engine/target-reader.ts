import { err, ok, type Result } from 'neverthrow';
import { type DecomError, decomError, fromUnknown } from '../errors/decom-error.js';
import type { Action } from '../model/action.js';
import type { ResourceScope } from '../model/resource.js';
import type { ClockPort } from '../spec/clock.js';
import { DESCRIBE_SCOPES_MAX_ARNS, type InventoryPort } from '../spec/inventory.js';
import { GATHER_QUIET_MILLISECONDS, Gatherer } from './gatherer.js';
import type { Semaphore } from './semaphore.js';

/** What the target reader uses of the run. */
export interface TargetReaderServices {
  readonly inventory: InventoryPort;
  readonly semaphore: Semaphore;
  /** The engine's clock: reads are gathered for a quiet time measured on it. */
  readonly clock: ClockPort;
  /** Runs a provider call with the engine's retry policy (events name `action`). */
  retrying<T>(action: Action, operation: () => PromiseLike<Result<T, DecomError>>): Promise<Result<T, DecomError>>;
}

interface Reading {
  readonly action: Action;
  readonly arn: string;
  readonly settle: (scope: Result<ResourceScope | null, DecomError>) => void;
}

/**
 * The engine's fresh read of an action's target, just before it acts: does it
 * still exist, is it still in scope. Targets of actions that become ready
 * together (announced on their way: see {@link expect}) are read in one
 * `describeScopes` call when the inventory offers
 * it (one provider call for a thousand instances, not a thousand), else one
 * `describe` each. A read whose announced targets have all arrived still
 * waits {@link GATHER_QUIET_MILLISECONDS} for another (see `GathererOptions`).
 * Every call holds one concurrency slot.
 */
export class TargetReader {
  private readonly gatherer: Gatherer<Reading>;

  constructor(private readonly services: TargetReaderServices) {
    // Actions become ready one by one as the calls they depend on answer: a read whose announced targets
    // have all arrived still waits the quiet window for the next (a hundred deletes after their stops).
    this.gatherer = new Gatherer<Reading>(
      services.clock,
      (_key, readings) => {
        void this.readMany(readings);
      },
      { settleMilliseconds: GATHER_QUIET_MILLISECONDS },
    );
  }

  /**
   * Announces that `action` will ask for its target's re-read (its dependencies are met): the gathered
   * read waits for it, within the gatherer's bound, until it asks or is {@link withdraw}n.
   */
  expect(action: Action): void {
    if (this.services.inventory.describeScopes !== undefined) this.gatherer.expect('', action.key);
  }

  /** `action`, announced, will not ask for its re-read (it was refused, failed a gate or was cancelled first). */
  withdraw(action: Action): void {
    this.gatherer.withdraw(action.key);
  }

  /** The target of `action` as it is now: `null` when it no longer exists. */
  read(action: Action, arn: string): Promise<Result<ResourceScope | null, DecomError>> {
    const { inventory } = this.services;
    if (inventory.describeScopes === undefined) {
      return this.holdingSlot(() => this.services.retrying(action, () => inventory.describe(arn)));
    }
    return new Promise((settle) =>
      this.gatherer.add('', { action, arn, settle }, DESCRIBE_SCOPES_MAX_ARNS, action.key),
    );
  }

  private async readMany(readings: readonly Reading[]): Promise<void> {
    const first = readings[0];
    const describeScopes = this.services.inventory.describeScopes?.bind(this.services.inventory);
    if (first === undefined || describeScopes === undefined) return;
    const arns = [...new Set(readings.map((reading) => reading.arn))];
    let scopes: Result<ReadonlyMap<string, ResourceScope | null>, DecomError>;
    try {
      scopes = await this.holdingSlot(() => this.services.retrying(first.action, () => describeScopes(arns)));
    } catch (cause) {
      scopes = err(fromUnknown('inventory.describeScopes', cause));
    }
    for (const reading of readings) {
      if (scopes.isErr()) {
        reading.settle(err(scopes.error));
        continue;
      }
      const scope = scopes.value.get(reading.arn);
      reading.settle(
        scope === undefined
          ? err(
              decomError.providerFailure({
                message: `inventory.describeScopes gave no answer for ${reading.arn}: it cannot be proven in scope`,
                resource: reading.arn,
                retryable: false,
              }),
            )
          : ok(scope),
      );
    }
  }

  private async holdingSlot<T>(work: () => Promise<T>): Promise<T> {
    await this.services.semaphore.acquire();
    try {
      return await work();
    } finally {
      this.services.semaphore.release();
    }
  }
}
