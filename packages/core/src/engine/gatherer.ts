import type { ClockPort } from '../spec/clock.js';

/**
 * How long a group waits for another member before it is sent: members arrive
 * one by one as the provider answers earlier calls, so sending at the next
 * tick would send one member per call under real latency.
 */
export const GATHER_QUIET_MILLISECONDS = 50;
/** The longest a group is held open, however steadily members arrive. */
export const GATHER_MAX_WAIT_MILLISECONDS = 250;

interface Group<Member> {
  readonly members: Member[];
  /** When the group opened and when its last member joined (clock milliseconds). */
  readonly openedAt: number;
  lastJoinedAt: number;
}

/**
 * Gathers members that arrive together into groups by key, and hands each
 * group to `send` once it is full, or once no member has joined for
 * {@link GATHER_QUIET_MILLISECONDS}, or once it has been open
 * {@link GATHER_MAX_WAIT_MILLISECONDS}. The engine's batcher (one provider call
 * for many actions) and its bulk re-read (one read for many targets) both use
 * it. Time is the engine's clock, so on the fake cloud's virtual clock a group
 * closes as soon as the work in hand has settled, without real waiting.
 * Providers use it to coalesce their own reads.
 *
 * @example
 * ```ts
 * const gatherer = new Gatherer<string>(systemClock, (region, ids) => console.log(region, ids));
 * gatherer.add('eu-west-1', 'i-1', 1000);
 * gatherer.add('eu-west-1', 'i-2', 1000); // 50 ms later: "eu-west-1 ['i-1', 'i-2']"
 * ```
 */
export class Gatherer<Member> {
  private readonly groups = new Map<string, Group<Member>>();

  /** `send` receives each group once, in arrival order; it must not throw. */
  constructor(
    private readonly clock: ClockPort,
    private readonly send: (key: string, members: Member[]) => void,
  ) {}

  /** Adds `member` to the open group of `key` (opening one when none is); a group of `maxSize` goes at once. */
  add(key: string, member: Member, maxSize: number): void {
    const now = this.clock.now().getTime();
    let group = this.groups.get(key);
    if (group === undefined) {
      group = { members: [], openedAt: now, lastJoinedAt: now };
      this.groups.set(key, group);
      void this.closeWhenQuiet(key, group);
    }
    group.members.push(member);
    group.lastJoinedAt = now;
    if (group.members.length >= maxSize) this.flush(key, group);
  }

  /** Sleeps until the group has been quiet long enough, or open too long, then sends it (unless sent full). */
  private async closeWhenQuiet(key: string, group: Group<Member>): Promise<void> {
    for (;;) {
      const now = this.clock.now().getTime();
      const quietLeft = group.lastJoinedAt + GATHER_QUIET_MILLISECONDS - now;
      const openLeft = group.openedAt + GATHER_MAX_WAIT_MILLISECONDS - now;
      const left = Math.min(quietLeft, openLeft);
      if (left <= 0 || this.groups.get(key) !== group) break;
      try {
        await this.clock.sleep(left);
      } catch {
        break;
      }
    }
    this.flush(key, group);
  }

  private flush(key: string, group: Group<Member>): void {
    if (this.groups.get(key) !== group) return;
    this.groups.delete(key);
    if (group.members.length > 0) this.send(key, group.members);
  }
}
