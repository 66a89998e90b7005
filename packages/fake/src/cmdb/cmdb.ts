import { type DecomError, decomError, err, ok, type ResultAsync } from '@decomkit/core';
import type { FakeConfigurationItem, FakeScheduledReview } from '../services/services-state.js';
import type { FakeWorld } from '../world.js';

/** A choice of the instance's `install_status` field. */
export interface StatusChoice {
  readonly value: string;
  readonly label: string;
}

const notFound = (what: string, id: string) =>
  decomError.notFound({ message: `No Record found: ${what} ${id}`, resource: id });

/**
 * A ServiceNow-like CMDB (Table API subset): configuration items, the
 * instance's own `install_status` choices (sys_choice), relationships to other
 * CIs, and scheduled reviews (one record per correlation id, so creating one
 * again returns it).
 */
export class FakeCmdb {
  constructor(private readonly world: FakeWorld) {}

  /** GET sys_choice for cmdb_ci.install_status. */
  statusChoices(): ResultAsync<StatusChoice[], DecomError> {
    return this.world.call('cmdb', 'GetChoices', false, 'install_status', () =>
      ok(this.world.state.services.cmdb.statusChoices.map((choice) => ({ ...choice }))),
    );
  }

  /** GET cmdb_ci/{id}: 404 (NotFound) for an unknown id. */
  getItem(id: string): ResultAsync<FakeConfigurationItem, DecomError> {
    return this.world.call('cmdb', 'GetItem', false, id, () => {
      const item = this.item(id);
      return item === undefined ? err(notFound('configuration item', id)) : ok(structuredClone(item));
    });
  }

  /**
   * GET cmdb_ci where object_id or correlation_id is one of `cloudIds`
   * (exact): each CI once, with the cloud id it carries.
   */
  findByCloudIds(
    cloudIds: readonly string[],
  ): ResultAsync<{ cloudId: string; item: FakeConfigurationItem }[], DecomError> {
    return this.world.call('cmdb', 'FindItemsByCloudId', false, null, () => {
      const wanted = new Set(cloudIds);
      const found: { cloudId: string; item: FakeConfigurationItem }[] = [];
      for (const item of this.world.state.services.cmdb.items) {
        const cloudId = (item.cloudIds ?? []).find((candidate) => wanted.has(candidate));
        if (cloudId !== undefined) found.push({ cloudId, item: structuredClone(item) });
      }
      return ok(found);
    });
  }

  /** PATCH cmdb_ci/{id}: a status among the instance's choices, and relationships to existing CIs. */
  updateItem(
    id: string,
    change: { status?: string; addLinks?: readonly string[] },
  ): ResultAsync<FakeConfigurationItem, DecomError> {
    return this.world.call('cmdb', 'PatchItem', true, id, () => {
      const item = this.item(id);
      if (item === undefined) return err(notFound('configuration item', id));
      const choices = this.world.state.services.cmdb.statusChoices;
      if (change.status !== undefined && !choices.some((choice) => choice.value === change.status))
        return err(
          decomError.invalidInput(`Invalid value: ${change.status} is not an install_status choice of this instance`, [
            { path: 'install_status', message: 'not a choice' },
          ]),
        );
      const unknown = (change.addLinks ?? []).find((link) => this.item(link) === undefined);
      if (unknown !== undefined) return err(notFound('configuration item to relate', unknown));
      if (change.status !== undefined) item.status = change.status;
      for (const link of change.addLinks ?? []) if (!item.links.includes(link)) item.links.push(link);
      item.updatedAt = this.world.nowIso();
      return ok(structuredClone(item));
    });
  }

  /** POST a scheduled review; a review with the same key (correlation id) is returned as it is. */
  scheduleReview(review: FakeScheduledReview): ResultAsync<FakeScheduledReview, DecomError> {
    return this.world.call('cmdb', 'CreateReview', true, review.key, () => {
      if (review.ciId !== null && this.item(review.ciId) === undefined)
        return err(notFound('configuration item', review.ciId));
      const reviews = this.world.state.services.cmdb.reviews;
      const existing = reviews.find((candidate) => candidate.key === review.key);
      if (existing !== undefined) return ok(structuredClone(existing));
      reviews.push(structuredClone(review));
      return ok(structuredClone(review));
    });
  }

  /** GET the review with that key (correlation id); null when there is none. */
  findReview(key: string): ResultAsync<FakeScheduledReview | null, DecomError> {
    return this.world.call('cmdb', 'GetReview', false, key, () =>
      ok(structuredClone(this.world.state.services.cmdb.reviews.find((review) => review.key === key) ?? null)),
    );
  }

  private item(id: string): FakeConfigurationItem | undefined {
    return this.world.state.services.cmdb.items.find((candidate) => candidate.id === id);
  }
}
