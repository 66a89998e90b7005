import { type DecomError, decomError, err, ok, type ResultAsync } from '@decomkit/core';
import type { FakeWorld } from '../world.js';

/** The fake Cost Explorer: GetCostAndUsage grouped by one tag, daily, USD. */
export class FakeCostExplorer {
  constructor(private readonly world: FakeWorld) {}

  getCostAndUsage(tag: { key: string; value: string }, start: string, end: string): ResultAsync<number, DecomError> {
    return this.world.call('ce', 'GetCostAndUsage', false, `${tag.key}=${tag.value}`, () => {
      if (!(Date.parse(start) < Date.parse(end))) {
        return err(decomError.invalidInput(`ValidationException: start ${start} must be before end ${end}`));
      }
      const amount = this.world.state.services.costs
        .filter((cost) => cost.tagKey === tag.key && cost.tagValue === tag.value)
        .filter(
          (cost) => Date.parse(cost.day) >= Date.parse(start.slice(0, 10)) && Date.parse(cost.day) < Date.parse(end),
        )
        .reduce((sum, cost) => sum + cost.amount, 0);
      return ok(Math.round(amount * 100) / 100);
    });
  }
}
