import { STSClient } from '@aws-sdk/client-sts';
import { AwsClients, awsSource, EC2_INSTANCE } from '@decomkit/aws';
import {
  createChecklist,
  createEngine,
  defineStep,
  defineWorkload,
  finalBackups,
  memoryJournal,
  retireResources,
  verified,
} from '@decomkit/core';
import { beforeEach, describe, expect, it } from 'vitest';
import {
  motoClients,
  motoEndpoint,
  type RecordedRequest,
  recordedRequests,
  resetMoto,
  TEST_CREDENTIALS,
  TEST_REGION,
  withOwnMoto,
} from './support/moto.js';
import { MOTO_ACCOUNT_ID } from './support/moto-server.js';
import { instanceState, seedInstance } from './support/moto-world.js';

withOwnMoto();

// STS GetCallerIdentity is asked once per credentials (access key id) for every port of one source: the
// account guard at plan and at apply, the inventory's account, the dependents checks, the clients' buckets.

const tags = { workload: 'payments' };
const cutover = defineStep({
  id: 'cutover-confirmed-by-hand',
  item: 'cutover',
  title: 'Cutover confirmed by the migration team',
  needs: [],
  plan: () => ({ actions: [] }),
  verify: () => verified('confirmed by the migration team'),
});
const workload = defineWorkload({
  id: 'payments',
  source: { accountId: MOTO_ACCOUNT_ID, regions: [TEST_REGION], select: { tags } },
  target: { subscriptionId: '6f1c2a0e-3b1d-4c59-9d2e-0b6a8e4f7c11', resourceGroups: ['rg-payments'] },
  sunset: { stopAt: '2020-01-01', deleteAt: '2020-01-02' },
  backups: { vault: 'decom-archive', retainDays: 30 },
  policies: { 'AWS::EC2::Instance': { backup: 'none' } },
})._unsafeUnwrap();

async function requestsDuring(work: () => Promise<unknown>): Promise<RecordedRequest[]> {
  const before = (await recordedRequests()).length;
  await work();
  return (await recordedRequests()).slice(before);
}

const callerReads = (requests: readonly RecordedRequest[]) =>
  requests.filter((request) => request.action === 'GetCallerIdentity').length;

/** Credentials as a provider whose access key id the test switches (expiring at once: resolved every time). */
function switchableCredentials() {
  let accessKeyId = 'AKIAFIRSTKEY00000001';
  return {
    use: (id: string) => {
      accessKeyId = id;
    },
    provider: async () => ({
      accessKeyId,
      secretAccessKey: TEST_CREDENTIALS.secretAccessKey,
      expiration: new Date(Date.now() + 1_000),
    }),
  };
}

describe('the caller identity, on moto_server', () => {
  beforeEach(async () => {
    await resetMoto();
  });

  it('is asked once for a whole plan and apply: guard at plan and at apply, inventory, buckets', async () => {
    const instance = await seedInstance(motoClients(), { region: TEST_REGION, tags });
    const requests = await requestsDuring(async () => {
      const engine = createEngine({
        checklist: createChecklist(workload, [cutover, finalBackups, retireResources]),
        providers: awsSource({
          region: TEST_REGION,
          endpoint: motoEndpoint(),
          credentials: TEST_CREDENTIALS,
          pollMilliseconds: 1,
          resourceTypes: [EC2_INSTANCE],
        }),
        journal: memoryJournal(),
      })._unsafeUnwrap();
      const plan = (await engine.plan())._unsafeUnwrap();
      const run = (await engine.apply(plan, { approve: async () => true }))._unsafeUnwrap();
      expect(run.status).toBe('completed');
    });
    expect(await instanceState(motoClients(), instance)).toBe('terminated');
    expect(callerReads(requests)).toBe(1);
  });

  it('is asked again for other credentials, and again for the first ones only while their answer is not kept', async () => {
    const credentials = switchableCredentials();
    const clients = new AwsClients({ endpoint: motoEndpoint(), credentials: credentials.provider });
    const requests = await requestsDuring(async () => {
      expect((await clients.callers.of(TEST_REGION)).Account).toBe(MOTO_ACCOUNT_ID);
      await clients.callers.of(TEST_REGION);
      credentials.use('AKIASECONDKEY0000002');
      await clients.callers.of(TEST_REGION);
      await clients.callers.of(TEST_REGION);
      credentials.use('AKIAFIRSTKEY00000001');
      await clients.callers.of(TEST_REGION);
    });
    expect(callerReads(requests)).toBe(2);
  });

  it('keeps no failed answer: asked again after a failure', async () => {
    const clients = new AwsClients({
      credentials: TEST_CREDENTIALS,
      // The first STS client built (eu-west-1) reaches nothing (port 9): its answer fails; the next one built is moto's.
      clients: {
        sts: (() => {
          let calls = 0;
          const failing = new STSClient({
            region: TEST_REGION,
            credentials: TEST_CREDENTIALS,
            endpoint: 'http://127.0.0.1:9',
            maxAttempts: 1,
          });
          const working = motoClients().get('sts', TEST_REGION);
          return () => {
            calls += 1;
            return calls === 1 ? failing : working;
          };
        })(),
      },
    });
    await expect(clients.callers.of(TEST_REGION)).rejects.toThrow();
    // The same access key id, asked again (through another region's client): the failure was not kept.
    const requests = await requestsDuring(async () => {
      expect((await clients.callers.of('us-west-2')).Account).toBe(MOTO_ACCOUNT_ID);
    });
    expect(callerReads(requests)).toBe(1);
  });
});
