import { type DecomError, err, ok, type ResultAsync } from '@decomkit/core';
import type { FakeWorld } from '../world.js';
import { awsError } from './aws-errors.js';

/** One day of GetCostAndUsage results (UnblendedCost, USD). */
export interface CostByDay {
  readonly start: string;
  readonly end: string;
  readonly amount: number;
}

const DAY = 86_400_000;

/**
 * The fake Cost Explorer: GetCostAndUsage, DAILY granularity, filtered on one
 * tag value, UnblendedCost in USD. The period is whole days: Start inclusive,
 * End exclusive (`YYYY-MM-DD`; a time of day is cut off, as AWS only takes dates).
 */
export class FakeCostExplorer {
  constructor(private readonly world: FakeWorld) {}

  getCostAndUsage(
    tag: { key: string; value: string },
    start: string,
    end: string,
  ): ResultAsync<CostByDay[], DecomError> {
    return this.world.call('ce', 'GetCostAndUsage', false, `${tag.key}=${tag.value}`, () => {
      const from = Date.parse(start.slice(0, 10));
      const to = Date.parse(end.slice(0, 10));
      if (!Number.isFinite(from) || !Number.isFinite(to))
        return err(
          awsError.invalid('ValidationException', `TimePeriod ${start}..${end} is not made of dates`, 'TimePeriod'),
        );
      if (!(from < to))
        return err(
          awsError.invalid(
            'ValidationException',
            `start ${start.slice(0, 10)} must be before end ${end.slice(0, 10)}`,
            'TimePeriod',
          ),
        );
      if (tag.key === '')
        return err(awsError.invalid('ValidationException', 'the tag key is empty', 'Filter.Tags.Key'));
      const days: CostByDay[] = [];
      for (let at = from; at < to; at += DAY) {
        const day = new Date(at).toISOString().slice(0, 10);
        const amount = this.world.state.services.costs
          .filter((cost) => cost.tagKey === tag.key && cost.tagValue === tag.value && cost.day.slice(0, 10) === day)
          .reduce((sum, cost) => sum + cost.amount, 0);
        days.push({
          start: day,
          end: new Date(at + DAY).toISOString().slice(0, 10),
          amount: Math.round(amount * 100) / 100,
        });
      }
      return ok(days);
    });
  }
}
