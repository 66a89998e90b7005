/**
 * `startFleet` checks its options before it starts anything: a heartbeat
 * timeout Temporal could not honour (under a second, not an integer) is an
 * `InvalidInput` naming the option, and the client is never called.
 */
import type { Client } from '@temporalio/client';
import { describe, expect, it } from 'vitest';
import { startFleet } from '../src/index.js';

/** A client that fails the test if `startFleet` gets as far as using it. */
const untouchedClient = new Proxy({} as Client, {
  get(_target, property) {
    throw new Error(`startFleet used client.${String(property)} although its options are invalid`);
  },
});

describe('startFleet options', () => {
  it.each([0, 999, 1_500.5, Number.NaN, -3_000, '3000'])('refuses heartbeatTimeoutMilliseconds %s', async (value) => {
    const started = await startFleet(untouchedClient, [], {
      fleetId: 'wave-1',
      heartbeatTimeoutMilliseconds: value as number,
    });
    expect(started.isErr()).toBe(true);
    const error = started._unsafeUnwrapErr();
    expect(error.code).toBe('InvalidInput');
    expect(error.message).toContain('options.heartbeatTimeoutMilliseconds');
  });
});
