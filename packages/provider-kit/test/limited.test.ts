import { decomError, errAsync, okAsync } from '@decomkit/core';
import { chunks, limited } from '@decomkit/provider-kit';
import { describe, expect, it } from 'vitest';

describe('chunks and limited', () => {
  it('splits in order into chunks of at most the size', () => {
    expect(chunks([1, 2, 3, 4, 5], 2)).toEqual([[1, 2], [3, 4], [5]]);
    expect(chunks([], 3)).toEqual([]);
  });

  it('runs at most `limit` at a time, results in order, and stops at the first error', async () => {
    let running = 0;
    let most = 0;
    const started: number[] = [];
    const work = (item: number) => {
      started.push(item);
      running += 1;
      most = Math.max(most, running);
      return okAsync(item * 10).map(async (value) => {
        await Promise.resolve();
        running -= 1;
        return value;
      });
    };
    expect((await limited([1, 2, 3, 4, 5], 2, work))._unsafeUnwrap()).toEqual([10, 20, 30, 40, 50]);
    expect(most).toBe(2);
    started.length = 0;
    const failing = (item: number) =>
      item === 2 ? errAsync(decomError.throttled({ message: 'item 2: slow down' })) : work(item);
    expect((await limited([1, 2, 3, 4], 2, failing))._unsafeUnwrapErr().code).toBe('Throttled');
    expect(started).toEqual([1]);
  });
});
