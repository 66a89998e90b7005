import { describe, expect, it } from 'vitest';
import { FRESH_READ_MAX_AGE_MILLISECONDS, FreshReads } from '../src/fresh-reads.js';

/** A clock that moves only when told. */
function manualClock() {
  let now = Date.parse('2026-12-06T09:00:00Z');
  return {
    now: () => new Date(now),
    advance: (milliseconds: number) => {
      now += milliseconds;
    },
  };
}

const TYPE = 'AWS::RDS::DBInstance';

describe('FreshReads', () => {
  it('hands a read over once', () => {
    const reads = new FreshReads(manualClock());
    reads.hand(TYPE, 'eu-west-1', 'db-1', { status: 'available' });
    expect(reads.take(TYPE, 'eu-west-1', 'db-1')).toEqual({ status: 'available' });
    expect(reads.take(TYPE, 'eu-west-1', 'db-1')).toBeUndefined();
  });

  it('keys by type, region and id', () => {
    const reads = new FreshReads(manualClock());
    reads.hand(TYPE, 'eu-west-1', 'db-1', 'one');
    expect(reads.take(TYPE, 'us-east-1', 'db-1')).toBeUndefined();
    expect(reads.take('AWS::RDS::DBCluster', 'eu-west-1', 'db-1')).toBeUndefined();
    expect(reads.take(TYPE, 'eu-west-1', 'db-2')).toBeUndefined();
    expect(reads.take(TYPE, 'eu-west-1', 'db-1')).toBe('one');
  });

  it('hands nothing over older than its bound: the handler reads the cloud', () => {
    const clock = manualClock();
    const reads = new FreshReads(clock);
    reads.hand(TYPE, 'eu-west-1', 'db-1', 'at the bound');
    clock.advance(FRESH_READ_MAX_AGE_MILLISECONDS);
    expect(reads.take(TYPE, 'eu-west-1', 'db-1')).toBe('at the bound');
    reads.hand(TYPE, 'eu-west-1', 'db-1', 'too old');
    clock.advance(FRESH_READ_MAX_AGE_MILLISECONDS + 1);
    expect(reads.take(TYPE, 'eu-west-1', 'db-1')).toBeUndefined();
  });

  it('a newer read replaces an older one; a read that did not find it forgets it', () => {
    const reads = new FreshReads(manualClock());
    reads.hand(TYPE, 'eu-west-1', 'db-1', 'older');
    reads.hand(TYPE, 'eu-west-1', 'db-1', 'newer');
    expect(reads.take(TYPE, 'eu-west-1', 'db-1')).toBe('newer');
    reads.hand(TYPE, 'eu-west-1', 'db-1', 'before it went');
    reads.forget(TYPE, 'eu-west-1', 'db-1');
    expect(reads.take(TYPE, 'eu-west-1', 'db-1')).toBeUndefined();
  });

  it('a clock that went back hands nothing over', () => {
    const clock = manualClock();
    const reads = new FreshReads(clock);
    reads.hand(TYPE, 'eu-west-1', 'db-1', 'from the future');
    clock.advance(-1);
    expect(reads.take(TYPE, 'eu-west-1', 'db-1')).toBeUndefined();
  });

  it('sweeps out expired reads once many are held', () => {
    const clock = manualClock();
    const reads = new FreshReads(clock);
    for (let index = 0; index < 1_024; index += 1) reads.hand(TYPE, 'eu-west-1', `db-${index}`, index);
    clock.advance(FRESH_READ_MAX_AGE_MILLISECONDS + 1);
    reads.hand(TYPE, 'eu-west-1', 'fresh', 'fresh');
    expect(reads.size).toBe(1);
  });
});
