import { FakeClock } from '@decomkit/fake';
import { describe, expect, it } from 'vitest';
import {
  GATHER_EXPECTED_MAX_WAIT_MILLISECONDS,
  GATHER_EXPECTED_QUIET_MILLISECONDS,
  GATHER_MAX_WAIT_MILLISECONDS,
  GATHER_QUIET_MILLISECONDS,
  Gatherer,
} from '../src/engine/gatherer.js';

/** A gatherer on a fake clock that records each group sent and the virtual milliseconds it was sent at. */
function recordingGatherer() {
  const clock = new FakeClock('2026-12-01T00:00:00Z');
  const start = clock.now().getTime();
  const sent: { members: string[]; at: number }[] = [];
  const gatherer = new Gatherer<string>(clock, (_key, members) =>
    sent.push({ members, at: clock.now().getTime() - start }),
  );
  /** Lets the fake clock run until nothing sleeps any more. */
  const settle = async () => {
    for (let turn = 0; turn < 20; turn += 1) await new Promise((resolve) => setImmediate(resolve));
  };
  return { clock, gatherer, sent, settle };
}

describe('Gatherer, members announced on their way', () => {
  it('sends the group the moment its last announced member arrives, however late within the bound', async () => {
    const { clock, gatherer, sent, settle } = recordingGatherer();
    for (const id of ['a', 'b', 'c']) gatherer.expect('k', id);
    gatherer.add('k', 'a', 1000, 'a');
    gatherer.add('k', 'b', 1000, 'b');
    await clock.sleep(GATHER_MAX_WAIT_MILLISECONDS * 2); // longer than an unannounced group's windows
    expect(sent).toEqual([]); // c is on its way: a and b wait for it
    gatherer.add('k', 'c', 1000, 'c');
    await settle();
    expect(sent).toEqual([{ members: ['a', 'b', 'c'], at: GATHER_MAX_WAIT_MILLISECONDS * 2 }]);
  });

  it('holds a group for a member that never arrives no longer than the stall bound after the last arrival', async () => {
    const { gatherer, sent, settle } = recordingGatherer();
    for (const id of ['a', 'b', 'never']) gatherer.expect('k', id);
    gatherer.add('k', 'a', 1000, 'a');
    gatherer.add('k', 'b', 1000, 'b');
    await settle();
    expect(sent).toEqual([{ members: ['a', 'b'], at: GATHER_EXPECTED_QUIET_MILLISECONDS }]);
  });

  it('holds a group whose members keep trickling in, one never arriving, no longer than the longest bound', async () => {
    const { clock, gatherer, sent, settle } = recordingGatherer();
    const step = GATHER_EXPECTED_QUIET_MILLISECONDS / 2;
    const count = Math.ceil(GATHER_EXPECTED_MAX_WAIT_MILLISECONDS / step) + 2;
    const ids = Array.from({ length: count }, (_, index) => `m${index}`);
    for (const id of [...ids, 'never']) gatherer.expect('k', id);
    for (const id of ids) {
      gatherer.add('k', id, 1000, id);
      await clock.sleep(step);
    }
    await settle();
    expect(sent[0]?.at).toBe(GATHER_EXPECTED_MAX_WAIT_MILLISECONDS);
    expect(sent.flatMap((group) => group.members)).toEqual(ids);
  });

  it('sends at once when the member it waits for withdraws (it left the path)', async () => {
    const { gatherer, sent, settle } = recordingGatherer();
    for (const id of ['a', 'b', 'refused']) gatherer.expect('k', id);
    gatherer.add('k', 'a', 1000, 'a');
    gatherer.add('k', 'b', 1000, 'b');
    gatherer.withdraw('refused');
    await settle();
    expect(sent).toEqual([{ members: ['a', 'b'], at: 0 }]);
  });

  it('sends a full group at once, and the announced rest in the next', async () => {
    const { gatherer, sent, settle } = recordingGatherer();
    for (const id of ['a', 'b', 'c']) gatherer.expect('k', id);
    gatherer.add('k', 'a', 2, 'a');
    gatherer.add('k', 'b', 2, 'b');
    expect(sent).toEqual([{ members: ['a', 'b'], at: 0 }]);
    gatherer.add('k', 'c', 2, 'c');
    await settle();
    expect(sent).toEqual([
      { members: ['a', 'b'], at: 0 },
      { members: ['c'], at: 0 },
    ]);
  });

  it('keeps the quiet window for a group nobody announced, and for other keys', async () => {
    const { gatherer, sent, settle } = recordingGatherer();
    gatherer.expect('other', 'x');
    gatherer.add('k', 'a', 1000);
    gatherer.add('k', 'b', 1000, 'not-announced');
    await settle();
    expect(sent).toEqual([{ members: ['a', 'b'], at: GATHER_QUIET_MILLISECONDS }]);
  });
});

describe('Gatherer with a settle window (the engine’s re-read)', () => {
  /** As recordingGatherer, with `settleMilliseconds`. */
  function settlingGatherer(settleMilliseconds: number) {
    const clock = new FakeClock('2026-12-01T00:00:00Z');
    const start = clock.now().getTime();
    const sent: { members: string[]; at: number }[] = [];
    const gatherer = new Gatherer<string>(
      clock,
      (_key, members) => sent.push({ members, at: clock.now().getTime() - start }),
      { settleMilliseconds },
    );
    const settle = async () => {
      for (let turn = 0; turn < 20; turn += 1) await new Promise((resolve) => setImmediate(resolve));
    };
    return { clock, gatherer, sent, settle };
  }

  it('gathers members announced one after another, each as the one before arrives, into one group', async () => {
    const { clock, gatherer, sent, settle } = settlingGatherer(GATHER_QUIET_MILLISECONDS);
    const step = GATHER_QUIET_MILLISECONDS / 5;
    for (const id of ['a', 'b', 'c', 'd']) {
      gatherer.expect('k', id);
      gatherer.add('k', id, 1000, id);
      await clock.sleep(step);
    }
    await settle();
    expect(sent).toEqual([{ members: ['a', 'b', 'c', 'd'], at: 3 * step + GATHER_QUIET_MILLISECONDS }]);
  });

  it('without one (the default), each goes alone the moment it arrives', async () => {
    const { clock, gatherer, sent, settle } = recordingGatherer();
    for (const id of ['a', 'b']) {
      gatherer.expect('k', id);
      gatherer.add('k', id, 1000, id);
      await clock.sleep(GATHER_QUIET_MILLISECONDS / 5);
      await settle();
    }
    expect(sent.map((group) => group.members)).toEqual([['a'], ['b']]);
  });

  it('is held no longer than the unannounced bound after the last announced member arrived', async () => {
    const { clock, gatherer, sent, settle } = settlingGatherer(GATHER_QUIET_MILLISECONDS);
    gatherer.expect('k', 'a');
    gatherer.add('k', 'a', 1000, 'a');
    const step = GATHER_QUIET_MILLISECONDS / 2;
    const count = Math.ceil(GATHER_MAX_WAIT_MILLISECONDS / step) + 4;
    for (let index = 0; index < count; index += 1) {
      await clock.sleep(step);
      gatherer.add('k', `late-${index}`, 1000);
    }
    await settle();
    expect(sent[0]?.at).toBe(GATHER_MAX_WAIT_MILLISECONDS);
  });
});
