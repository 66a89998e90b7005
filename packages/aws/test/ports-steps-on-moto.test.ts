import { AwsClients } from '@decomkit/aws';
import {
  createChecklist,
  createEngine,
  defineStep,
  defineWorkload,
  finalizeCutover,
  memoryJournal,
  resetTtl,
  verified,
} from '@decomkit/core';
import { beforeEach, describe, expect, it } from 'vitest';
import { awsDnsPort } from '../src/ports/dns-port.js';
import { awsReplicationPort } from '../src/ports/replication-port.js';
import {
  motoClients,
  motoEndpoint,
  mutatingRequests,
  resetMoto,
  TEST_CREDENTIALS,
  TEST_REGION,
  withOwnMoto,
} from './support/moto.js';
import { MOTO_ACCOUNT_ID } from './support/moto-server.js';
import {
  dmsClientWithEpochDates,
  replicationStatus,
  route53Ttl,
  seedRecord,
  seedReplicationTask,
} from './support/moto-services.js';

withOwnMoto();

/** The user's own traffic check in place of the standard one (which reads Azure Monitor too, out of scope here). */
const trafficConfirmedByHand = defineStep({
  id: 'confirm-cutover-traffic',
  item: 'cutover',
  title: 'Traffic confirmed moved by the migration team',
  needs: [],
  plan: () => ({ actions: [], findings: [] }),
  verify: () => verified('confirmed by the migration team', { confirmedBy: 'test' }),
});

const workload = defineWorkload({
  id: 'payments',
  source: { accountId: MOTO_ACCOUNT_ID, regions: [TEST_REGION], select: { tags: { workload: 'payments' } } },
  target: { subscriptionId: '6f1c2a0e-3b1d-4c59-9d2e-0b6a8e4f7c11', resourceGroups: ['rg-payments'] },
  dns: [
    { zone: 'example.com', name: 'pay', type: 'CNAME', originalTtl: 3600 },
    { zone: 'example.com', name: 'api', type: 'A', originalTtl: 300 },
  ],
  sunset: { stopAt: '2020-01-01', deleteAt: '2020-01-02' },
  backups: { vault: 'decom-archive', retainDays: 30 },
})._unsafeUnwrap();

describe('the standard finalize-cutover and reset-ttl steps through the engine, on moto_server', () => {
  beforeEach(resetMoto);

  it('plans read-only, stops only the workload’s caught-up task, and restores both TTLs in one change batch', async () => {
    const oracle = motoClients();
    const payments = await seedReplicationTask(oracle, {
      region: TEST_REGION,
      name: 'payments-cdc',
      tags: { workload: 'payments' },
      lagSeconds: 0,
    });
    const billing = await seedReplicationTask(oracle, {
      region: TEST_REGION,
      name: 'billing-cdc',
      tags: { workload: 'billing' },
      lagSeconds: 0,
    });
    await seedRecord(oracle, {
      zone: 'example.com',
      name: 'pay',
      type: 'CNAME',
      ttl: 60,
      values: ['pay.azure.example'],
    });
    await seedRecord(oracle, { zone: 'example.com', name: 'api', type: 'A', ttl: 30, values: ['20.50.0.1'] });
    const clients = new AwsClients({
      endpoint: motoEndpoint(),
      credentials: TEST_CREDENTIALS,
      pollMilliseconds: 10,
      clients: { dms: (region) => dmsClientWithEpochDates(region) },
    });
    const providers = {
      replication: awsReplicationPort(clients, TEST_REGION),
      dns: awsDnsPort(clients, TEST_REGION),
    };
    const checklist = createChecklist(workload, [trafficConfirmedByHand, finalizeCutover, resetTtl]);
    const engine = createEngine({ checklist, providers, journal: memoryJournal() })._unsafeUnwrap();

    const mutatingBefore = (await mutatingRequests()).length;
    const plan = (await engine.plan())._unsafeUnwrap();
    expect((await mutatingRequests()).length).toBe(mutatingBefore);
    const planned = plan.steps.flatMap((step) => step.actions.map((action) => [action.kind, action.target.ref]));
    expect(planned).toEqual([
      ['replication.stop', payments.arn],
      ['dns.setTtl', 'pay.example.com/CNAME'],
      ['dns.setTtl', 'api.example.com/A'],
    ]);

    const run = (await engine.apply(plan, { approve: async () => true }))._unsafeUnwrap();
    expect(run.status).toBe('completed');
    expect(await replicationStatus(payments)).toBe('stopped');
    expect(await replicationStatus(billing)).toBe('running');
    expect(await route53Ttl(oracle, { zone: 'example.com', name: 'pay', type: 'CNAME' })).toBe(3600);
    expect(await route53Ttl(oracle, { zone: 'example.com', name: 'api', type: 'A' })).toBe(300);
    const changes = (await mutatingRequests()).filter((request) => request.body.includes('decomkit dns.setTtl'));
    expect(changes).toHaveLength(1);
    expect(changes[0]?.body.match(/<Change>/g)).toHaveLength(2);
    const steps = run.items.flatMap((item) => item.steps);
    expect(steps.find((step) => step.id === 'reset-ttl')?.status).toBe('verified');
    expect(steps.find((step) => step.id === 'finalize-cutover')?.status).toBe('verified');
  });
});
