import { randomUUID } from 'node:crypto';
import { BlobServiceClient, type ContainerClient, StorageSharedKeyCredential } from '@azure/storage-blob';
import nock from 'nock';
import { emulateAzure, emulatedIdOf } from './azure-world.js';
import { AZURITE_ACCOUNT, AZURITE_KEY, type Azurite } from './azurite.js';
import { fixture } from './contract.js';

/** Hourly points over the three days before `end`. */
function hourly(end: string, value: number) {
  return Array.from({ length: 72 }, (_, hour) => ({
    at: new Date(Date.parse(end) - (72 - hour) * 3_600_000).toISOString(),
    value,
  }));
}

/**
 * The payments workload's Azure side, emulated for an end-to-end run of the
 * standard checklist with the real Azure target code: an App Service site
 * (`payments-web`, 1,000 requests an hour answered in `latencySeconds`) on a
 * plan (`payments-plan`, CPU 35 %, memory 60 %) in `rg-payments` over the
 * three days before `now`, one Advisor recommendation (HighAvailability,
 * High) and the ListAdvisorScore example. The network is shut but for
 * loopback (moto_server, Azurite). Returns the clean-up.
 *
 * @example
 * ```ts
 * const stop = emulateStandardAzure({ subscriptionId, now: new Date().toISOString(), latencySeconds: 0.125 });
 * ```
 */
export function emulateStandardAzure(options: {
  readonly subscriptionId: string;
  readonly now: string;
  readonly latencySeconds: number;
}): () => void {
  const { subscriptionId, now } = options;
  nock.disableNetConnect();
  nock.enableNetConnect(/^(127\.0\.0\.1|localhost)(:\d+)?$/);
  const world = {
    subscriptionId,
    resources: [
      { name: 'payments-web', resourceGroup: 'rg-payments', type: 'Microsoft.Web/sites' },
      { name: 'payments-plan', resourceGroup: 'rg-payments', type: 'Microsoft.Web/serverfarms' },
    ],
    metrics: [
      { side: 'target' as const, resource: 'payments-web', metric: 'Requests', points: hourly(now, 1000) },
      {
        side: 'target' as const,
        resource: 'payments-web',
        metric: 'HttpResponseTime',
        points: hourly(now, options.latencySeconds),
      },
      { side: 'target' as const, resource: 'payments-plan', metric: 'CpuPercentage', points: hourly(now, 35) },
      { side: 'target' as const, resource: 'payments-plan', metric: 'MemoryPercentage', points: hourly(now, 60) },
    ],
  };
  const stopAzure = emulateAzure(world);
  const advisor = nock('https://management.azure.com')
    .persist()
    .get(`/subscriptions/${subscriptionId}/providers/Microsoft.Advisor/recommendations`)
    .query(true)
    .reply(200, {
      value: [
        {
          id: `/subscriptions/${subscriptionId}/providers/Microsoft.Advisor/recommendations/r1`,
          name: 'r1',
          properties: {
            category: 'HighAvailability',
            impact: 'High',
            impactedValue: emulatedIdOf(world, 'payments-web'),
            shortDescription: { problem: 'Use zone redundancy', solution: 'Use zone redundancy' },
          },
        },
      ],
    })
    .get(`/subscriptions/${subscriptionId}/providers/Microsoft.Advisor/advisorScore`)
    .query(true)
    .reply(200, fixture('advisor/ListAdvisorScore.2023-01-01.json').responses['200']?.body as object);
  return () => {
    advisor.persist(false);
    stopAzure();
    nock.enableNetConnect();
  };
}

/** A new, empty Blob container on a running Azurite. */
export async function azuriteContainer(azurite: Azurite): Promise<ContainerClient> {
  const service = new BlobServiceClient(
    azurite.accountUrl,
    new StorageSharedKeyCredential(AZURITE_ACCOUNT, AZURITE_KEY),
  );
  const container = service.getContainerClient(`decomkit-${randomUUID()}`);
  await container.create();
  return container;
}
