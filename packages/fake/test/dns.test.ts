import type { JsonObject } from '@decomkit/core';
import { createFakeCloud } from '@decomkit/fake';
import { describe, expect, it } from 'vitest';
import { handlerOf, serviceAction } from './service-support.js';

function cloud() {
  return createFakeCloud({
    services: {
      dnsZones: [{ name: 'empty.org' }],
      dnsRecords: [
        { zone: 'example.com', name: 'pay', type: 'CNAME', ttl: 60, values: ['payments-web.azurewebsites.net'] },
        { zone: 'example.com', name: '@', type: 'A', values: ['192.0.2.1'] },
        { provider: 'azure', zone: 'example.net', name: 'pay', type: 'A', ttl: 30, values: ['10.0.0.1'] },
      ],
    },
  });
}

describe('fake DNS (Route 53 and Azure DNS behind one port)', () => {
  it('reads record sets by relative name, FQDN or apex, per provider; missing ones are null', async () => {
    const fake = cloud();
    const read = async (record: Parameters<typeof fake.providers.dns.getRecord>[0]) =>
      (await fake.providers.dns.getRecord(record))._unsafeUnwrap();
    expect(await read({ zone: 'example.com.', name: 'PAY', type: 'CNAME' })).toEqual({
      zone: 'example.com.',
      name: 'pay',
      type: 'CNAME',
      ttl: 60,
      values: ['payments-web.azurewebsites.net'],
    });
    expect((await read({ zone: 'example.com', name: 'pay.example.com.', type: 'CNAME' }))?.ttl).toBe(60);
    expect((await read({ zone: 'example.com', name: 'example.com', type: 'A' }))?.ttl).toBe(300);
    expect((await read({ provider: 'azure', zone: 'example.net', name: 'pay', type: 'A' }))?.ttl).toBe(30);
    expect(await read({ provider: 'azure', zone: 'example.com', name: 'pay', type: 'CNAME' })).toBeNull();
    expect(await read({ zone: 'example.net', name: 'pay', type: 'A' })).toBeNull();
    expect(await read({ zone: 'empty.org', name: 'pay', type: 'A' })).toBeNull();
    expect(fake.calls.mutating()).toHaveLength(0);
  });

  it('dns.setTtl UPSERTs the Route 53 record set with its values; again is a no-op; reconcile reads the TTL back', async () => {
    const fake = cloud();
    const reset = handlerOf(
      fake,
      'dns',
      serviceAction('dns.setTtl', 'pay', { zone: 'example.com', name: 'pay', type: 'CNAME', ttl: 3600 }),
    );
    expect((await reset.reconcile())._unsafeUnwrap().status).toBe('absent');
    const done = (await reset.execute())._unsafeUnwrap();
    expect(done).toMatchObject({ status: 'done', result: { provider: 'route53', ttl: 3600, fromTtl: 60 } });
    expect(done.status === 'done' && done.result.changeId).toMatch(/^\/change\/C/);
    expect(fake.dns.record({ zone: 'example.com', name: 'pay', type: 'CNAME' })).toMatchObject({
      ttl: 3600,
      values: ['payments-web.azurewebsites.net'],
    });
    expect((await reset.reconcile())._unsafeUnwrap()).toMatchObject({ status: 'done', result: { ttl: 3600 } });
    expect((await reset.execute())._unsafeUnwrap()).toMatchObject({ status: 'done', result: { unchanged: true } });
    expect(fake.calls.mutating().map((call) => call.operation)).toEqual(['ChangeResourceRecordSets']);
  });

  it('dns.setTtl PATCHes the Azure record set TTL with If-Match, renewing its etag', async () => {
    const fake = cloud();
    const before = fake.target.dnsRecord({ zone: 'example.net', name: 'pay', type: 'A' });
    const reset = handlerOf(
      fake,
      'dns',
      serviceAction('dns.setTtl', 'pay', { provider: 'azure', zone: 'example.net', name: 'pay', type: 'A', ttl: 3600 }),
    );
    expect((await reset.execute())._unsafeUnwrap()).toMatchObject({
      status: 'done',
      result: { provider: 'azure', ttl: 3600, fromTtl: 30 },
    });
    const after = fake.target.dnsRecord({ zone: 'example.net', name: 'pay', type: 'A' });
    expect(after?.ttl).toBe(3600);
    expect(after?.etag).not.toBe(before?.etag);
    expect(fake.calls.mutating().map((call) => [call.service, call.operation])).toEqual([
      ['azure-dns', 'PatchRecordSet'],
    ]);
    const stale = await fake.services.azureDns.patchRecordSet(
      'example.net',
      'pay',
      'A',
      { ttl: 60 },
      before?.etag ?? '',
    );
    expect(stale._unsafeUnwrapErr().message).toContain('PreconditionFailed');
    expect(fake.dns.record({ provider: 'azure', zone: 'example.net', name: 'pay', type: 'A' })?.ttl).toBe(3600);
  });

  it('refuses bad params (InvalidInput) and unknown records or zones (NotFound)', async () => {
    const fake = cloud();
    const cases: [JsonObject, string][] = [
      [{ zone: 'example.com', name: 'pay', type: 'CNAME', ttl: -1 }, 'InvalidInput'],
      [{ zone: 'example.com', name: 'pay', type: 'CNAME', ttl: 1.5 }, 'InvalidInput'],
      [{ zone: 'example.com', name: 'pay', type: 'CNAME' }, 'InvalidInput'],
      [{ zone: 'example.com', type: 'CNAME', ttl: 300 }, 'InvalidInput'],
      [{ zone: 'example.com', name: 'pay', type: 'CNAME', ttl: 300, provider: 'gcp' }, 'InvalidInput'],
      [{ zone: 'example.com', name: 'nope', type: 'CNAME', ttl: 300 }, 'NotFound'],
      [{ zone: 'nowhere.com', name: 'pay', type: 'CNAME', ttl: 300 }, 'NotFound'],
      [{ provider: 'azure', zone: 'example.net', name: 'nope', type: 'A', ttl: 300 }, 'NotFound'],
    ];
    for (const [params, code] of cases) {
      const attempt = handlerOf(fake, 'dns', serviceAction('dns.setTtl', 'x', params));
      expect((await attempt.execute())._unsafeUnwrapErr().code, JSON.stringify(params)).toBe(code);
    }
    expect(fake.calls.mutating()).toHaveLength(0);
  });

  it('Route 53 change batches are atomic: CREATE of an existing set fails the whole batch', async () => {
    const fake = cloud();
    const zone = (await fake.services.route53.hostedZoneByName('example.com'))._unsafeUnwrap();
    const batch = await fake.services.route53.changeResourceRecordSets(zone.id, [
      { action: 'UPSERT', recordSet: { name: 'new.example.com.', type: 'A', ttl: 60, values: ['192.0.2.7'] } },
      { action: 'CREATE', recordSet: { name: 'pay.example.com.', type: 'CNAME', ttl: 60, values: ['x'] } },
    ]);
    expect(batch._unsafeUnwrapErr().message).toContain('InvalidChangeBatch');
    expect(fake.dns.record({ zone: 'example.com', name: 'new', type: 'A' })).toBeNull();
    expect((await fake.services.route53.hostedZoneByName('nowhere.com'))._unsafeUnwrapErr().message).toContain(
      'NoSuchHostedZone',
    );
  });
});
