import { type DecomError, decomError, err, ok, type ResultAsync } from '@decomkit/core';
import type { FakeAzureResource } from '../services/services-state.js';
import type { FakeWorld } from '../world.js';
import { compileQuery } from './resource-graph-query.js';

const DEFAULT_TOP = 100;
const MAX_TOP = 1000;

/** A Resource Graph request (POST /providers/Microsoft.ResourceGraph/resources). */
export interface ResourceGraphRequest {
  readonly subscriptions: readonly string[];
  readonly query: string;
  readonly options?: { readonly $top?: number; readonly $skipToken?: string };
}

/** One page of results; `$skipToken` continues. */
export interface ResourceGraphPage {
  readonly totalRecords: number;
  readonly count: number;
  readonly data: FakeAzureResource[];
  readonly $skipToken: string | null;
}

const badRequest = (message: string, path: string) =>
  decomError.invalidInput(`BadRequest: ${message}`, [{ path, message }]);

/**
 * The fake Azure Resource Graph: seeded resources, queried with a KQL subset
 * (see `compileQuery`), ordered by id (stable pages), paged by `$top` (default
 * 100, at most 1000) and an opaque `$skipToken`.
 */
export class FakeResourceGraph {
  constructor(private readonly world: FakeWorld) {}

  resources(request: ResourceGraphRequest): ResultAsync<ResourceGraphPage, DecomError> {
    return this.world.call('resourcegraph', 'Resources', false, request.subscriptions.join(','), () => {
      if (request.subscriptions.length === 0)
        return err(badRequest('at least one subscription is required', 'subscriptions'));
      const top = request.options?.$top ?? DEFAULT_TOP;
      if (!Number.isInteger(top) || top < 1 || top > MAX_TOP)
        return err(badRequest(`$top ${top} must be 1–${MAX_TOP}`, 'options.$top'));
      const start = offsetOf(request.options?.$skipToken);
      if (start === null)
        return err(badRequest(`invalid $skipToken ${request.options?.$skipToken}`, 'options.$skipToken'));
      const predicate = compileQuery(request.query);
      if (predicate.isErr()) return err(predicate.error);
      const subscriptions = request.subscriptions.map((subscription) => subscription.toLowerCase());
      const all = this.world.state.services.azureResources
        .filter(
          (resource) => subscriptions.includes(resource.subscriptionId.toLowerCase()) && predicate.value(resource),
        )
        .sort((left, right) => (left.id.toLowerCase() < right.id.toLowerCase() ? -1 : 1));
      const data = structuredClone(all.slice(start, start + top));
      const next =
        start + top < all.length ? Buffer.from(JSON.stringify({ skip: start + top })).toString('base64') : null;
      return ok({ totalRecords: all.length, count: data.length, data, $skipToken: next });
    });
  }
}

function offsetOf(token: string | undefined): number | null {
  if (token === undefined) return 0;
  try {
    const skip = (JSON.parse(Buffer.from(token, 'base64').toString()) as { skip?: unknown }).skip;
    return typeof skip === 'number' && Number.isInteger(skip) && skip >= 0 ? skip : null;
  } catch {
    return null;
  }
}
