import { decomError, errAsync, okAsync } from '@decomkit/core';
import { describe, expect, it } from 'vitest';
import { DiscoveryListings } from '../src/discovery-listings.js';

describe('DiscoveryListings', () => {
  it('lists once per operation and region, and answers the same after', async () => {
    const listings = new DiscoveryListings();
    let calls = 0;
    const list = () => {
      calls += 1;
      return okAsync(['a', 'b']);
    };
    expect((await listings.once('eks:ListClusters', 'eu-west-1', list))._unsafeUnwrap()).toEqual(['a', 'b']);
    expect((await listings.once('eks:ListClusters', 'eu-west-1', list))._unsafeUnwrap()).toEqual(['a', 'b']);
    expect(calls).toBe(1);
    await listings.once('eks:ListClusters', 'us-east-1', list);
    await listings.once('other:List', 'eu-west-1', list);
    expect(calls).toBe(3);
  });

  it('does not keep a listing that failed: the next caller lists again', async () => {
    const listings = new DiscoveryListings();
    const failed = await listings.once('eks:ListClusters', 'eu-west-1', () =>
      errAsync(decomError.providerFailure({ message: 'throttled', retryable: true })),
    );
    expect(failed.isErr()).toBe(true);
    const again = await listings.once('eks:ListClusters', 'eu-west-1', () => okAsync(['a']));
    expect(again._unsafeUnwrap()).toEqual(['a']);
  });
});
