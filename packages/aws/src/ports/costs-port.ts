import { GetCostAndUsageCommand, type ResultByTime } from '@aws-sdk/client-cost-explorer';
import { type CostsPort, type DecomError, decomError, errAsync, okAsync, type ResultAsync } from '@decomkit/core';
import { PORT_SPECIFICATION_VERSION } from '@decomkit/provider-kit';
import { awsCall } from '../aws-call.js';
import type { AwsClients } from '../clients.js';

/** Options of the Cost Explorer costs port (`awsSource({ costs })`). */
export interface AwsCostsOptions {
  /** GetCostAndUsage granularity; the sum over the window is the same either way. Default DAILY. */
  readonly granularity?: 'DAILY' | 'MONTHLY';
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/**
 * The `costs` port over Cost Explorer GetCostAndUsage: the `UnblendedCost`
 * of the resources carrying the tag (`Filter.Tags`, EQUALS) over the window's
 * whole days (Start inclusive, End exclusive; a time of day is cut off, as
 * Cost Explorer takes dates), DAILY or MONTHLY, every page (NextPageToken)
 * summed and rounded to cents, in the currency Cost Explorer answers
 * (USD when there is no result). Read-only. Cost Explorer's client lives in
 * `us-east-1` (a global service), whatever `home` is.
 *
 * @example
 * ```ts
 * const costs = awsCostsPort(new AwsClients(), 'eu-west-1');
 * const figure = await costs.costByTag({ key: 'workload', value: 'payments' }, { start: '2026-12-01', end: '2026-12-15' });
 * ```
 */
export function awsCostsPort(clients: AwsClients, home: string, options: AwsCostsOptions = {}): CostsPort {
  const granularity = options.granularity ?? 'DAILY';
  return {
    specificationVersion: PORT_SPECIFICATION_VERSION,
    costByTag: (tag, window) => {
      const start = window.start.slice(0, 10);
      const end = window.end.slice(0, 10);
      if (
        !DATE.test(start) ||
        !DATE.test(end) ||
        !Number.isFinite(Date.parse(start)) ||
        !Number.isFinite(Date.parse(end))
      )
        return errAsync(
          decomError.invalidInput(`costs: the window ${window.start}..${window.end} is not made of dates`, [
            { path: 'window', message: 'ISO 8601 dates or instants' },
          ]),
        );
      if (!(start < end))
        return errAsync(
          decomError.invalidInput(`costs: start ${start} must be before end ${end} (whole days)`, [
            { path: 'window', message: 'start before end, at least one day apart' },
          ]),
        );
      if (tag.key === '')
        return errAsync(
          decomError.invalidInput('costs: the tag key is empty', [{ path: 'tag.key', message: 'required' }]),
        );
      return allResults(clients, home, { key: tag.key, value: tag.value }, start, end, granularity).andThen(
        (results) => {
          const amounts = results.flatMap((result) => {
            const cost = result.Total?.UnblendedCost;
            return cost === undefined ? [] : [{ amount: Number(cost.Amount ?? '0'), unit: cost.Unit ?? 'USD' }];
          });
          const units = new Set(amounts.map((entry) => entry.unit));
          if (units.size > 1)
            return errAsync(
              decomError.providerFailure({
                message: `ce:GetCostAndUsage answered costs in several currencies (${[...units].join(', ')}) for ${tag.key}=${tag.value}`,
                retryable: false,
              }),
            );
          if (amounts.some((entry) => !Number.isFinite(entry.amount)))
            return errAsync(
              decomError.providerFailure({
                message: 'ce:GetCostAndUsage answered an amount that is not a number',
                retryable: false,
              }),
            );
          const total = amounts.reduce((sum, entry) => sum + entry.amount, 0);
          return okAsync({ amount: Math.round(total * 100) / 100, currency: [...units][0] ?? 'USD', window });
        },
      );
    },
  };
}

/** Every ResultsByTime of GetCostAndUsage, page after page. */
function allResults(
  clients: AwsClients,
  home: string,
  tag: { readonly key: string; readonly value: string },
  start: string,
  end: string,
  granularity: 'DAILY' | 'MONTHLY',
): ResultAsync<ResultByTime[], DecomError> {
  const explorer = clients.get('costexplorer', home);
  return awsCall({ operation: 'ce:GetCostAndUsage', resource: `tag ${tag.key}=${tag.value}` }, async () => {
    const results: ResultByTime[] = [];
    let token: string | undefined;
    do {
      const page = await explorer.send(
        new GetCostAndUsageCommand({
          TimePeriod: { Start: start, End: end },
          Granularity: granularity,
          Metrics: ['UnblendedCost'],
          Filter: { Tags: { Key: tag.key, Values: [tag.value], MatchOptions: ['EQUALS'] } },
          ...(token === undefined ? {} : { NextPageToken: token }),
        }),
      );
      results.push(...(page.ResultsByTime ?? []));
      token = page.NextPageToken;
    } while (token !== undefined && token !== '');
    return results;
  });
}

/** The IAM actions of this port's reads. */
export const COSTS_READS: readonly string[] = ['ce:GetCostAndUsage'];
