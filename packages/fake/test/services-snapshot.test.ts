import { createFakeCloud, restoreFakeCloud } from '@decomkit/fake';
import { describe, expect, it } from 'vitest';
import { handlerOf, SUBSCRIPTION, serviceAction } from './service-support.js';

const TASK = 'arn:aws:dms:eu-west-1:111122223333:task:cdc';

function cloud() {
  return createFakeCloud({
    now: '2026-12-16T00:00:00Z',
    services: {
      replicationTasks: [{ id: 'cdc' }],
      wellArchitected: [{ id: 'wa-1', name: 'payments', answers: 12 }],
      dnsRecords: [{ zone: 'example.com', name: 'pay', type: 'CNAME', ttl: 60, values: ['x'] }],
      azureResources: [{ id: `/subscriptions/${SUBSCRIPTION}/resourceGroups/rg/providers/Microsoft.Web/sites/web` }],
      cmdb: { items: [{ id: 'CI1' }, { id: 'CI2' }] },
    },
  });
}

describe("the fake services' state in snapshots", () => {
  it('round-trips every change made through the handlers (snapshot → restore → same world, same answers)', async () => {
    const fake = cloud();
    const actions = [
      ['replication', serviceAction('replication.stop', TASK)],
      ['assessment', serviceAction('assessment.export', 'wa-1', { workloadId: 'wa-1' })],
      ['dns', serviceAction('dns.setTtl', 'pay', { zone: 'example.com', name: 'pay', type: 'CNAME', ttl: 3600 })],
      ['cmdb', serviceAction('cmdb.retire', 'CI1', { ciId: 'CI1', azureCiIds: ['CI2'] })],
      [
        'cmdb',
        serviceAction('review.schedule', 'waf', {
          ciId: 'CI2',
          cadenceMonths: 6,
          firstReviewAt: '2027-06-16T00:00:00Z',
        }),
      ],
      ['artifacts', serviceAction('artifact.put', 'doc', { name: 'doc', contentType: 'text/plain', body: 'hello' })],
    ] as const;
    for (const [port, action] of actions) (await handlerOf(fake, port, action).execute())._unsafeUnwrap();
    const snapshot = fake.snapshot();
    const restored = restoreFakeCloud(JSON.parse(JSON.stringify(snapshot)));
    expect(restored.snapshot()).toEqual(snapshot);
    for (const [port, action] of actions) {
      expect((await handlerOf(restored, port, action).reconcile())._unsafeUnwrap().status, action.kind).toBe('done');
    }
    expect(restored.dns.record({ zone: 'example.com', name: 'pay', type: 'CNAME' })?.ttl).toBe(3600);
    expect(restored.cmdb.item('CI1').links).toEqual(['CI2']);
    expect(restored.artifacts.get('doc')?.text).toBe('hello');
    expect(restored.source.wellArchitectedWorkload('wa-1')?.milestones).toHaveLength(1);
  });

  it('restores a snapshot taken before DNS zones were modelled (zones come from the records)', async () => {
    const snapshot = cloud().snapshot();
    delete snapshot.services.dnsZones;
    const restored = restoreFakeCloud(snapshot);
    expect(
      (await restored.providers.dns.getRecord({ zone: 'example.com', name: 'pay', type: 'CNAME' }))._unsafeUnwrap()
        ?.ttl,
    ).toBe(60);
  });

  it('reset() brings every service back to its seed', async () => {
    const fake = cloud();
    (await handlerOf(fake, 'cmdb', serviceAction('cmdb.retire', 'CI1', { ciId: 'CI1' })).execute())._unsafeUnwrap();
    fake.reset();
    expect(fake.cmdb.item('CI1').status).toBe('1');
    expect(fake.calls.all()).toHaveLength(0);
  });
});
