import type { ClockPort } from '../spec/clock.js';
import { GATHER_MAX_WAIT_MILLISECONDS } from './gatherer.js';
import type { Semaphore } from './semaphore.js';

/** What the poll rounds use of the run. */
export interface PollRoundServices {
  readonly semaphore: Semaphore;
  readonly signal: AbortSignal;
  /** The engine's clock: rounds fall on multiples of their pause on it. */
  readonly clock: ClockPort;
}

interface Member {
  readonly start: () => Promise<void>;
  readonly cancel: (cause: unknown) => void;
}

interface Round {
  readonly members: Member[];
}

/**
 * Polls of long waits that say they go together (`pollsTogether`: their poll
 * is a read the provider answers for all of them with one call) run in
 * rounds: a poll waits for the next multiple of its pause on the engine's
 * clock at least half a pause away, so every action pending with the same
 * pause is polled at the same moment (rounds are at least
 * {@link GATHER_MAX_WAIT_MILLISECONDS} apart, as long as the gatherer may
 * hold a read: a shorter pause would only split it); the round then holds one concurrency
 * slot and polls all its members at once. The provider's coalesced read
 * makes that one describe per round for the whole service, however many
 * resources wait (a hundred RDS deletes: one DescribeDBInstances, not one
 * per concurrency slot's worth of them).
 */
export class PollRounds {
  private readonly rounds = new Map<string, Round>();

  constructor(private readonly services: PollRoundServices) {}

  /**
   * Runs `poll` in the round that falls between half a pause and one and a
   * half pauses from now; rejects (without polling) when the run is cancelled first.
   */
  join<T>(pauseMilliseconds: number, poll: () => Promise<T>): Promise<T> {
    const pause = Math.max(GATHER_MAX_WAIT_MILLISECONDS, pauseMilliseconds);
    const now = this.services.clock.now().getTime();
    const at = Math.ceil((now + pause / 2) / pause) * pause;
    const key = `${pause}@${at}`;
    let round = this.rounds.get(key);
    if (round === undefined) {
      round = { members: [] };
      this.rounds.set(key, round);
      void this.run(key, round, at - now);
    }
    const members = round.members;
    return new Promise<T>((resolve, reject) => {
      members.push({ start: () => Promise.resolve().then(poll).then(resolve, reject), cancel: reject });
    });
  }

  private async run(key: string, round: Round, waitMilliseconds: number): Promise<void> {
    try {
      await this.services.clock.sleep(waitMilliseconds, this.services.signal);
    } catch (cause) {
      this.rounds.delete(key);
      for (const member of round.members) member.cancel(cause);
      return;
    }
    this.rounds.delete(key); // a poll asked for from now on waits for a later round
    await this.services.semaphore.acquire();
    try {
      await Promise.all(round.members.map((member) => member.start()));
    } finally {
      this.services.semaphore.release();
    }
  }
}
