import type { CostsPort } from '@decomkit/core';
import { PORT_SPECIFICATION_VERSION } from '@decomkit/provider-kit';
import type { FakeCostExplorer } from '../source/cost-explorer.js';

/** Port `costs` over the fake Cost Explorer: the tag's daily costs over the window, summed (USD). */
export function fakeCostsPort(explorer: FakeCostExplorer): CostsPort {
  return {
    specificationVersion: PORT_SPECIFICATION_VERSION,
    costByTag: (tag, window) =>
      explorer.getCostAndUsage(tag, window.start, window.end).map((days) => ({
        amount: Math.round(days.reduce((sum, day) => sum + day.amount, 0) * 100) / 100,
        currency: 'USD',
        window,
      })),
  };
}
