import type { ClockPort } from '../spec/clock.js';

/**
 * How long a group nobody announced members for waits for another member
 * before it is sent: members arrive one by one as the provider answers earlier
 * calls, so sending at the next tick would send one member per call under
 * real latency.
 */
export const GATHER_QUIET_MILLISECONDS = 50;
/** The longest a group nobody announced members for is held open, however steadily members arrive. */
export const GATHER_MAX_WAIT_MILLISECONDS = 250;
/**
 * How long a group with members announced as on their way ({@link Gatherer.expect})
 * that have not arrived yet waits after its last member joined. Such a group goes
 * as soon as the last of them arrives or withdraws, so this only matters when one
 * of them is held up (an approval being asked, a rate-limit token, a stuck call).
 * Members on their way arrive in bursts (they share one re-read, one journal
 * fsync): one second without any of them, twenty times the quiet window of an
 * unannounced group, means one is stuck, not slow.
 */
export const GATHER_EXPECTED_QUIET_MILLISECONDS = 1_000;
/**
 * The longest a group is held open for members announced as on their way,
 * however steadily they arrive: on a machine ten times slower than an idle
 * one, a thousand intents written eight at a time through a disk's fsync
 * take a few seconds; ten seconds covers that and is two poll rounds of a
 * long wait (5 s by default). One call more costs EC2's mutating bucket a
 * fifth of a second at its documented refill: waiting longer would cost more
 * than it saves.
 */
export const GATHER_EXPECTED_MAX_WAIT_MILLISECONDS = 10_000;

/** What a {@link Gatherer} may do beyond its defaults. */
export interface GathererOptions {
  /**
   * Once every member announced on its way has arrived, how long the group
   * still waits for another member (measured from the last one that joined,
   * at most {@link GATHER_MAX_WAIT_MILLISECONDS} after the last announced
   * one arrived, and {@link GATHER_EXPECTED_MAX_WAIT_MILLISECONDS} after it
   * opened). Default 0: it goes at once. The engine's re-read uses
   * {@link GATHER_QUIET_MILLISECONDS}: actions become ready one by one as the
   * calls they depend on answer (a hundred RDS deletes after their stops), and
   * each would otherwise be read alone.
   */
  readonly settleMilliseconds?: number;
}

interface Group<Member> {
  readonly members: Member[];
  /** When the group opened and when its last member joined (clock milliseconds). */
  readonly openedAt: number;
  lastJoinedAt: number;
  /** Whether a member announced as on its way has joined (then the group goes once none is left on its way). */
  announcedJoined: boolean;
  /** When the last member announced for its key arrived or withdrew (clock milliseconds), or null. */
  allArrivedAt: number | null;
  /** Ends the group's current sleep, to look again (a member arrived or withdrew) or because it was sent. */
  wake: AbortController;
}

/**
 * Gathers members into groups by key, and hands each group to `send` as
 * soon as it is ready:
 *
 * - at once when it is full (`maxSize`);
 * - when members of its key were announced as on their way ({@link expect}):
 *   once every one of them has arrived or withdrawn ({@link withdraw}), or
 *   once none has joined for {@link GATHER_EXPECTED_QUIET_MILLISECONDS}, or
 *   once it has been open {@link GATHER_EXPECTED_MAX_WAIT_MILLISECONDS};
 * - once every announced member has arrived, after `settleMilliseconds` without
 *   another member (default 0: at once; see {@link GathererOptions});
 * - otherwise (nobody announced anything): once no member has joined for
 *   {@link GATHER_QUIET_MILLISECONDS}, or once it has been open
 *   {@link GATHER_MAX_WAIT_MILLISECONDS}.
 *
 * The engine's batcher (one provider call for many actions) and its bulk
 * re-read (one read for many targets) announce the actions on their way, so a
 * thousand ready stops go in one call however slowly they trickle in.
 * Time is the engine's clock, so on the fake cloud's virtual clock a group
 * closes as soon as the work in hand has settled, without real waiting.
 * Providers use it to coalesce their own reads (unannounced: the windows).
 *
 * @example
 * ```ts
 * const gatherer = new Gatherer<string>(systemClock, (region, ids) => console.log(region, ids));
 * gatherer.expect('eu-west-1', 'i-1');
 * gatherer.expect('eu-west-1', 'i-2');
 * gatherer.add('eu-west-1', 'i-1', 1000, 'i-1');
 * gatherer.add('eu-west-1', 'i-2', 1000, 'i-2'); // at once: "eu-west-1 ['i-1', 'i-2']"
 * ```
 */
export class Gatherer<Member> {
  private readonly groups = new Map<string, Group<Member>>();
  /** The key of each member announced and not arrived yet, by its id; and how many each key awaits. */
  private readonly announced = new Map<string, string>();
  private readonly awaited = new Map<string, number>();

  private readonly settleMilliseconds: number;

  /** `send` receives each group once, in arrival order; it must not throw. */
  constructor(
    private readonly clock: ClockPort,
    private readonly send: (key: string, members: Member[]) => void,
    options: GathererOptions = {},
  ) {
    this.settleMilliseconds = Math.max(0, options.settleMilliseconds ?? 0);
  }

  /** Announces that the member `id` is on its way to the group of `key` (once per id; later calls are ignored). */
  expect(key: string, id: string): void {
    if (this.announced.has(id)) return;
    this.announced.set(id, key);
    const awaited = (this.awaited.get(key) ?? 0) + 1;
    this.awaited.set(key, awaited);
    if (awaited === 1) this.groups.get(key)?.wake.abort(); // its windows give way to the longer bound
  }

  /** The member `id` announced will not come (it left the path): its group no longer waits for it. */
  withdraw(id: string): void {
    const key = this.announced.get(id);
    if (key === undefined) return;
    if (this.forget(id, key)) this.allArrived(this.groups.get(key));
  }

  /**
   * Adds `member` to the open group of `key` (opening one when none is); a group of `maxSize` goes at once.
   * `id` names a member announced by {@link expect} (it has arrived).
   */
  add(key: string, member: Member, maxSize: number, id?: string): void {
    const now = this.clock.now().getTime();
    let group = this.groups.get(key);
    if (group === undefined) {
      group = {
        members: [],
        openedAt: now,
        lastJoinedAt: now,
        announcedJoined: false,
        allArrivedAt: null,
        wake: new AbortController(),
      };
      this.groups.set(key, group);
      void this.closeWhenReady(key, group);
    }
    group.members.push(member);
    group.lastJoinedAt = now;
    if (id !== undefined && this.announced.get(id) === key) {
      group.announcedJoined = true;
      if (this.forget(id, key)) this.allArrived(group);
    }
    if (group.members.length >= maxSize) this.flush(key, group);
  }

  /** Counts `id` of `key` as no longer on its way; true when it was the last one `key` awaited. */
  private forget(id: string, key: string): boolean {
    this.announced.delete(id);
    const left = (this.awaited.get(key) ?? 1) - 1;
    if (left > 0) {
      this.awaited.set(key, left);
      return false;
    }
    this.awaited.delete(key);
    return true;
  }

  /** The last member announced for the group's key arrived or withdrew: the group looks again at once. */
  private allArrived(group: Group<Member> | undefined): void {
    if (group === undefined) return;
    group.allArrivedAt = this.clock.now().getTime();
    group.wake.abort();
  }

  /** Milliseconds the group may still wait, on the rules of {@link Gatherer}: zero or less sends it. */
  private waitLeft(key: string, group: Group<Member>, now: number): number {
    if ((this.awaited.get(key) ?? 0) > 0) {
      const stalledIn = group.lastJoinedAt + GATHER_EXPECTED_QUIET_MILLISECONDS - now;
      return Math.min(stalledIn, group.openedAt + GATHER_EXPECTED_MAX_WAIT_MILLISECONDS - now);
    }
    if (group.announcedJoined) {
      if (this.settleMilliseconds === 0) return 0;
      const arrived = group.allArrivedAt ?? group.lastJoinedAt;
      return Math.min(
        group.lastJoinedAt + this.settleMilliseconds - now,
        arrived + GATHER_MAX_WAIT_MILLISECONDS - now,
        group.openedAt + GATHER_EXPECTED_MAX_WAIT_MILLISECONDS - now,
      );
    }
    const quietLeft = group.lastJoinedAt + GATHER_QUIET_MILLISECONDS - now;
    const openLeft = group.openedAt + GATHER_MAX_WAIT_MILLISECONDS - now;
    return Math.min(quietLeft, openLeft);
  }

  /** Sleeps until the group is ready (looking again whenever woken), then sends it (unless sent full). */
  private async closeWhenReady(key: string, group: Group<Member>): Promise<void> {
    for (;;) {
      if (this.groups.get(key) !== group) return;
      const left = this.waitLeft(key, group, this.clock.now().getTime());
      if (left <= 0) break;
      if (group.wake.signal.aborted) group.wake = new AbortController();
      const wake = group.wake;
      try {
        await this.clock.sleep(left, wake.signal);
      } catch {
        if (!wake.signal.aborted) break; // the clock failed: send now rather than hold the group
      }
    }
    this.flush(key, group);
  }

  private flush(key: string, group: Group<Member>): void {
    if (this.groups.get(key) !== group) return;
    this.groups.delete(key);
    group.wake.abort(); // its sleep ends: no timer outlives the group
    if (group.members.length > 0) this.send(key, group.members);
  }
}
