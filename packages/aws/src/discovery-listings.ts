import type { DecomError, ResultAsync } from '@decomkit/core';

/**
 * The listings made during one discovery, shared by the types that need the
 * same one (EKS clusters and their node groups both start from ListClusters):
 * a listing is sent once per discovery and region, and the next discovery
 * (the check at apply for resources new since the plan) lists again. A
 * listing that failed is not kept: the next type asks again.
 *
 * @example
 * ```ts
 * const listings = new DiscoveryListings();
 * const names = listings.once('eks:ListClusters', 'eu-west-1', () => eksClusterNames(clients, 'eu-west-1'));
 * ```
 */
export class DiscoveryListings {
  private readonly kept = new Map<string, ResultAsync<unknown, DecomError>>();

  /** The listing `operation` of `region` in this discovery: `list()` the first time, its answer after. */
  once<T>(operation: string, region: string, list: () => ResultAsync<T, DecomError>): ResultAsync<T, DecomError> {
    const key = `${operation}\u0000${region}`;
    const kept = this.kept.get(key);
    if (kept !== undefined) return kept as ResultAsync<T, DecomError>;
    const listing = list();
    this.kept.set(key, listing);
    void listing.then((result) => {
      if (result.isErr() && this.kept.get(key) === listing) this.kept.delete(key);
    });
    return listing;
  }
}
