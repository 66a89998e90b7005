import { systemClock } from '@decomkit/core/provider-kit';
import { describe, expect, it } from 'vitest';
import { GATHER_MAX_WAIT_MILLISECONDS } from '../src/engine/gatherer.js';
import { PollRounds } from '../src/engine/poll-rounds.js';
import { Semaphore } from '../src/engine/semaphore.js';

const sleep = (milliseconds: number) => new Promise((resolve) => setTimeout(resolve, milliseconds));

/** Rounds over one concurrency slot, recording which polls ran at once. */
function roundsOnOneSlot(signal = new AbortController().signal) {
  const rounds = new PollRounds({ semaphore: new Semaphore(1), signal, clock: systemClock });
  let running = 0;
  const together: number[] = [];
  const poll = (name: string) => async () => {
    running += 1;
    together.push(running);
    await sleep(5); // a read in flight
    running -= 1;
    return name;
  };
  return { rounds, together, poll };
}

describe('PollRounds', () => {
  it('polls every action pending with the same pause in one round, all at once in one slot', async () => {
    const { rounds, together, poll } = roundsOnOneSlot();
    const pause = 400;
    // Pending together (their deletes came back together): one round. (Joins far apart may straddle a
    // multiple of the pause and fall in two rounds.)
    const polled = Array.from({ length: 20 }, (_, index) => rounds.join(pause, poll(`db-${index}`)));
    const answers = await Promise.all(polled);
    expect(answers).toEqual(polled.map((_, index) => `db-${index}`));
    // Twenty polls on a semaphore of one, yet all in flight together: the round holds the one slot.
    expect(Math.max(...together)).toBe(20);
  });

  it('waits at least half a pause, and never two pauses', async () => {
    const { rounds, poll } = roundsOnOneSlot();
    const pause = 600;
    const joined = Date.now();
    await rounds.join(pause, poll('db'));
    const waited = Date.now() - joined;
    expect(waited).toBeGreaterThanOrEqual(pause / 2 - 5); // timers may fire a millisecond early
    expect(waited).toBeLessThan(pause * 2 + 500);
  });

  it('holds rounds no closer than the longest gathering wait, however short the pause', async () => {
    const { rounds, poll } = roundsOnOneSlot();
    const joined = Date.now();
    await rounds.join(1, poll('db'));
    expect(Date.now() - joined).toBeGreaterThanOrEqual(GATHER_MAX_WAIT_MILLISECONDS / 2 - 5);
  });

  it('polls nothing once the run is cancelled', async () => {
    const controller = new AbortController();
    const { rounds, poll } = roundsOnOneSlot(controller.signal);
    let polls = 0;
    const counted = () => {
      polls += 1;
      return Promise.resolve('x');
    };
    const waiting = rounds.join(10_000, counted);
    controller.abort(new Error('stop'));
    await expect(waiting).rejects.toThrow();
    expect(polls).toBe(0);
    await expect(rounds.join(10_000, poll('late'))).rejects.toThrow(); // the run is cancelled: no round sleeps
  });
});
