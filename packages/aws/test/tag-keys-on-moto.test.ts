import { awsSource } from '@decomkit/aws';
import { defineWorkload, type ResourceScope } from '@decomkit/core';
import { beforeAll, describe, expect, it } from 'vitest';
import { motoClients, motoEndpoint, resetMoto, TEST_CREDENTIALS, TEST_REGION, withOwnMoto } from './support/moto.js';
import { MOTO_ACCOUNT_ID } from './support/moto-server.js';
import { type SeededInstance, seedInstance } from './support/moto-world.js';

withOwnMoto();

/**
 * `__proto__` is a legal AWS tag key. The provider's tag list → record
 * conversion must keep it as a key (an assignment onto `{}` drops it), and a
 * selector naming it must not widen to every resource with the other tags.
 */
describe('a "__proto__" tag key on moto_server', () => {
  let both: SeededInstance;
  let envOnly: SeededInstance;
  beforeAll(async () => {
    await resetMoto();
    const clients = motoClients();
    both = await seedInstance(clients, {
      region: TEST_REGION,
      tags: Object.fromEntries([
        ['__proto__', 'payments'],
        ['env', 'prod'],
      ]),
    });
    envOnly = await seedInstance(clients, { region: TEST_REGION, tags: { env: 'prod' } });
  }); // the aws project's hookTimeout: a seeding hook takes minutes on a loaded machine

  it('is kept on the discovered resource, and the selector picks only the instance carrying it', async () => {
    const workload = defineWorkload({
      id: 'payments',
      source: {
        accountId: MOTO_ACCOUNT_ID,
        regions: [TEST_REGION],
        select: JSON.parse('{"tags":{"__proto__":"payments","env":"prod"}}'),
      },
      target: { subscriptionId: '00000000-0000-4000-8000-000000000000', resourceGroups: ['rg-payments'] },
      sunset: { stopAt: '2026-12-01', deleteAt: '2026-12-15' },
      backups: { retainDays: 30 },
    })._unsafeUnwrap();
    const port = awsSource({ region: TEST_REGION, endpoint: motoEndpoint(), credentials: TEST_CREDENTIALS }).inventory;
    const found: ResourceScope[] = [];
    for await (const page of port.discover(workload.source)) found.push(...page._unsafeUnwrap());
    const instances = found.filter((resource) => resource.type === 'AWS::EC2::Instance');
    expect(instances.map((resource) => resource.arn)).toEqual([both.arn]);
    expect(instances.map((resource) => resource.arn)).not.toContain(envOnly.arn);
    const tags = instances[0]?.tags ?? {};
    expect(Object.hasOwn(tags, '__proto__')).toBe(true);
    expect(Object.getOwnPropertyDescriptor(tags, '__proto__')?.value).toBe('payments');
  });
});
