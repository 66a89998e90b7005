import { type CostExplorerClient, GetCostAndUsageCommand, type ResultByTime } from '@aws-sdk/client-cost-explorer';
import { mockClient } from 'aws-sdk-client-mock';

/** One day of cost for one tag value, as the double holds it. */
export interface CostEntry {
  readonly tagKey: string;
  readonly tagValue: string;
  readonly day: string;
  readonly amount: number;
}

const DAY = 86_400_000;

/**
 * A small stateful double of Cost Explorer GetCostAndUsage on an injected
 * `CostExplorerClient` (aws-sdk-client-mock), for the conformance run: moto
 * tracks no cost and only replays queued answers, whatever the filter. It
 * answers like the API reference: `ResultsByTime` per day (DAILY) or per
 * calendar month slice (MONTHLY) of `TimePeriod` (Start inclusive, End
 * exclusive), `Total.UnblendedCost` `{ Amount, Unit: 'USD' }` of the entries
 * whose tag matches `Filter.Tags` (EQUALS), `pageSize` periods a page with a
 * `NextPageToken`. A malformed period answers ValidationException.
 */
export function fakeCostExplorerApi(client: CostExplorerClient, costs: readonly CostEntry[], pageSize = 7) {
  const mock = mockClient(client);
  mock.on(GetCostAndUsageCommand).callsFake((input) => {
    const start = Date.parse(input.TimePeriod?.Start ?? '');
    const end = Date.parse(input.TimePeriod?.End ?? '');
    if (!(Number.isFinite(start) && Number.isFinite(end) && start < end)) {
      const error = new Error('Start date must be before end date');
      error.name = 'ValidationException';
      Object.assign(error, { $fault: 'client', $metadata: { httpStatusCode: 400 } });
      throw error;
    }
    const key = input.Filter?.Tags?.Key;
    const values = input.Filter?.Tags?.Values ?? [];
    const periods: { start: string; end: string }[] = [];
    for (let at = start; at < end; ) {
      const next =
        input.Granularity === 'MONTHLY'
          ? Math.min(end, Date.UTC(new Date(at).getUTCFullYear(), new Date(at).getUTCMonth() + 1, 1))
          : at + DAY;
      periods.push({ start: new Date(at).toISOString().slice(0, 10), end: new Date(next).toISOString().slice(0, 10) });
      at = next;
    }
    const from = Number(input.NextPageToken ?? '0');
    const page = periods.slice(from, from + pageSize);
    const results: ResultByTime[] = page.map((period) => {
      const amount = costs
        .filter(
          (cost) =>
            cost.tagKey === key && values.includes(cost.tagValue) && cost.day >= period.start && cost.day < period.end,
        )
        .reduce((sum, cost) => sum + cost.amount, 0);
      return {
        TimePeriod: { Start: period.start, End: period.end },
        Total: { UnblendedCost: { Amount: amount.toFixed(10), Unit: 'USD' } },
        Groups: [],
        Estimated: false,
      };
    });
    return {
      ResultsByTime: results,
      DimensionValueAttributes: [],
      ...(from + pageSize < periods.length ? { NextPageToken: String(from + pageSize) } : {}),
    };
  });
  return mock;
}
