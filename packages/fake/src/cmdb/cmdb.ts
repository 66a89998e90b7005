import { type DecomError, decomError, err, ok, type ResultAsync } from '@decomkit/core';
import type { FakeWorld } from '../world.js';
import type { FakeConfigurationItem, FakeScheduledReview } from './services-state.js';

/** A ServiceNow-like CMDB: configuration items, the instance's status choices, scheduled reviews. */
export class FakeCmdb {
  constructor(private readonly world: FakeWorld) {}

  statusChoices(): ResultAsync<{ value: string; label: string }[], DecomError> {
    return this.world.call('cmdb', 'GetChoices', false, 'install_status', () =>
      ok([...this.world.state.services.cmdb.statusChoices]),
    );
  }

  getItem(id: string): ResultAsync<FakeConfigurationItem | null, DecomError> {
    return this.world.call('cmdb', 'GetItem', false, id, () => ok(structuredClone(this.item(id) ?? null)));
  }

  updateItem(
    id: string,
    change: { status?: string; addLinks?: readonly string[] },
  ): ResultAsync<FakeConfigurationItem, DecomError> {
    return this.world.call('cmdb', 'PatchItem', true, id, () => {
      const item = this.item(id);
      if (item === undefined) return err(decomError.notFound({ message: `no configuration item ${id}`, resource: id }));
      const choices = this.world.state.services.cmdb.statusChoices;
      if (change.status !== undefined && !choices.some((choice) => choice.value === change.status)) {
        return err(decomError.invalidInput(`${change.status} is not an install_status choice of this instance`));
      }
      if (change.status !== undefined) item.status = change.status;
      for (const link of change.addLinks ?? []) if (!item.links.includes(link)) item.links.push(link);
      return ok(structuredClone(item));
    });
  }

  scheduleReview(review: FakeScheduledReview): ResultAsync<FakeScheduledReview, DecomError> {
    return this.world.call('cmdb', 'CreateReview', true, review.key, () => {
      const reviews = this.world.state.services.cmdb.reviews;
      const existing = reviews.find((candidate) => candidate.key === review.key);
      if (existing !== undefined) return ok(structuredClone(existing)); // idempotent by key
      reviews.push(structuredClone(review));
      return ok(structuredClone(review));
    });
  }

  findReview(key: string): ResultAsync<FakeScheduledReview | null, DecomError> {
    return this.world.call('cmdb', 'GetReview', false, key, () =>
      ok(structuredClone(this.world.state.services.cmdb.reviews.find((review) => review.key === key) ?? null)),
    );
  }

  private item(id: string): FakeConfigurationItem | undefined {
    return this.world.state.services.cmdb.items.find((candidate) => candidate.id === id);
  }
}
