import type { ConfigInventoryPort } from '@decomkit/core';
import { PORT_SPECIFICATION_VERSION } from '@decomkit/provider-kit';
import type { FakeConfig } from '../source/config.js';

/**
 * The `configInventory` port over the fake AWS Config recorder. What it
 * returns lags the world by the seed's `configLagMinutes`: a resource just
 * deleted still shows live (`OK` / `ResourceDiscovered`) until the lag has
 * passed, then `ResourceDeleted`. ARNs Config never recorded are left out.
 */
export function fakeConfigInventoryPort(config: FakeConfig): ConfigInventoryPort {
  return {
    specificationVersion: PORT_SPECIFICATION_VERSION,
    capabilities: ['config.batch-get'],
    records: (arns) =>
      config
        .batchGetResourceConfig(arns)
        .map((views) =>
          views.map((view) => ({ arn: view.arn, type: view.type, status: view.status, capturedAt: view.capturedAt })),
        ),
  };
}
