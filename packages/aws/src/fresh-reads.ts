import { systemClock } from '@decomkit/provider-kit';

/** How long a read waits for the handler that acts next (see {@link FreshReads}). */
export const FRESH_READ_MAX_AGE_MILLISECONDS = 5_000;

/** Entries kept before the expired ones are swept out. */
const SWEEP_ABOVE = 1_024;

interface Held {
  readonly item: unknown;
  readonly readAt: number;
}

/**
 * Reads of resources made just now to answer the engine's re-read before an
 * action (`InventoryPort.describeScopes`), handed to the handler that acts
 * on the resource next, so it does not read the same resource again a few
 * milliseconds later. A read is taken once ({@link take}): a retry, a poll
 * or a second action reads the cloud again; it is held at most
 * `maxAgeMilliseconds` (a handler that comes later reads the cloud itself);
 * a resource a later read did not find is forgotten ({@link forget}).
 * Nothing is ever answered from a read older than that bound, and a handler
 * with nothing handed over reads the cloud as before: the cloud is read at
 * least once between the plan and each call that acts.
 *
 * @example
 * ```ts
 * clients.freshReads.hand('AWS::RDS::DBInstance', 'eu-west-1', 'payments-db', database);
 * const read = clients.freshReads.take<DBInstance>('AWS::RDS::DBInstance', 'eu-west-1', 'payments-db');
 * // the DBInstance, once, within 5 s; undefined otherwise (read it)
 * ```
 */
export class FreshReads {
  private readonly held = new Map<string, Held>();

  constructor(
    private readonly clock: { now(): Date } = systemClock,
    private readonly maxAgeMilliseconds: number = FRESH_READ_MAX_AGE_MILLISECONDS,
  ) {}

  /** Holds what a read just found of resource `id` of `type` in `region`, replacing an older read. */
  hand(type: string, region: string, id: string, item: unknown): void {
    const now = this.clock.now().getTime();
    if (this.held.size >= SWEEP_ABOVE) {
      for (const [key, held] of this.held) if (now - held.readAt > this.maxAgeMilliseconds) this.held.delete(key);
    }
    this.held.set(keyOf(type, region, id), { item, readAt: now });
  }

  /** A read just now found no resource `id` of `type` in `region`: an older read of it is not handed over. */
  forget(type: string, region: string, id: string): void {
    this.held.delete(keyOf(type, region, id));
  }

  /**
   * The read held for resource `id` of `type` in `region`, taken (a second
   * call answers `undefined`); `undefined` when none is held or it is older
   * than the bound: the caller then reads the cloud.
   */
  take<Item>(type: string, region: string, id: string): Item | undefined {
    const key = keyOf(type, region, id);
    const held = this.held.get(key);
    if (held === undefined) return undefined;
    this.held.delete(key);
    const age = this.clock.now().getTime() - held.readAt;
    return age >= 0 && age <= this.maxAgeMilliseconds ? (held.item as Item) : undefined;
  }

  /** How many reads are held (expired ones included until swept or taken). */
  get size(): number {
    return this.held.size;
  }
}

function keyOf(type: string, region: string, id: string): string {
  return `${type}\u0000${region}\u0000${id}`;
}
