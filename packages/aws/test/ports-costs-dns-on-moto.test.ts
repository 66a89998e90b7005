import { CreateVpcCommand } from '@aws-sdk/client-ec2';
import {
  ChangeResourceRecordSetsCommand,
  CreateHostedZoneCommand,
  GetChangeCommand,
  ListHostedZonesByNameCommand,
  ListResourceRecordSetsCommand,
  Route53Client,
} from '@aws-sdk/client-route-53';
import { AwsClients } from '@decomkit/aws';
import type { Action, HandlerContext } from '@decomkit/core';
import { idempotencyToken, systemClock } from '@decomkit/provider-kit';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { awsCostsPort } from '../src/ports/costs-port.js';
import { awsDnsPort, fullDnsName, normalDnsName, relativeDnsName } from '../src/ports/dns-port.js';
import {
  motoClients,
  motoEndpoint,
  recordedRequests,
  resetMoto,
  TEST_CREDENTIALS,
  TEST_REGION,
  withOwnMoto,
} from './support/moto.js';
import { MOTO_ACCOUNT_ID } from './support/moto-server.js';
import { dailyCosts, hostedZone, queueCostResults, route53Ttl, seedRecord } from './support/moto-services.js';

withOwnMoto();

const TAG = { key: 'workload', value: 'payments' };

function providerClients(): AwsClients {
  return new AwsClients({ endpoint: motoEndpoint(), credentials: TEST_CREDENTIALS, pollMilliseconds: 10 });
}

function ttlAction(params: Action['params']): Action {
  const ref = `${String(params.name)}.${String(params.zone)}/${String(params.type)}`;
  return {
    key: `reset-ttl:dns.setTtl:${ref}`,
    step: 'reset-ttl',
    item: 'ttl',
    kind: 'dns.setTtl',
    target: { ref, accountId: MOTO_ACCOUNT_ID },
    params,
    gates: [],
    dependsOn: [],
  };
}

function contextFor(action: Action): HandlerContext {
  return {
    signal: new AbortController().signal,
    clock: systemClock,
    idempotencyToken: idempotencyToken(action.key),
    ports: {},
  };
}

async function calls(action: string) {
  return (await recordedRequests()).filter((request) => request.action === action);
}

/** The port's ChangeResourceRecordSets requests moto recorded (REST: POST …/hostedzone/<id>/rrset; not the seeding's). */
async function recordSetChanges() {
  return (await recordedRequests()).filter(
    (request) =>
      request.method === 'POST' &&
      /\/hostedzone\/[^/]+\/rrset\/?$/.test(new URL(request.url).pathname) &&
      request.body.includes('decomkit dns.setTtl'),
  );
}

describe('costs on moto_server (Cost Explorer GetCostAndUsage, moto answering queued results)', () => {
  beforeEach(resetMoto);

  it('asks for the tag’s UnblendedCost, daily, over whole days, and sums every page in the answer’s currency', async () => {
    await queueCostResults([
      { ResultsByTime: dailyCosts([['2026-12-10', 12.5]]), NextPageToken: 'page-2' },
      { ResultsByTime: dailyCosts([['2026-12-11', 7.5]]) },
    ]);
    const costs = awsCostsPort(providerClients(), TEST_REGION);
    const window = { start: '2026-12-01T00:00:00Z', end: '2026-12-15T06:00:00Z' };
    expect((await costs.costByTag(TAG, window))._unsafeUnwrap()).toEqual({ amount: 20, currency: 'USD', window });
    const sent = (await calls('GetCostAndUsage')).map((request) => JSON.parse(request.body));
    expect(sent).toHaveLength(2);
    expect(sent[0]).toEqual({
      TimePeriod: { Start: '2026-12-01', End: '2026-12-15' },
      Granularity: 'DAILY',
      Metrics: ['UnblendedCost'],
      Filter: { Tags: { Key: 'workload', Values: ['payments'], MatchOptions: ['EQUALS'] } },
    });
    expect(sent[1].NextPageToken).toBe('page-2');
  });

  it('reports the currency Cost Explorer answers, MONTHLY when asked, and 0 when there is no cost', async () => {
    await queueCostResults([{ ResultsByTime: dailyCosts([['2026-12-01', 3.333]], 'EUR') }]);
    const monthly = awsCostsPort(providerClients(), TEST_REGION, { granularity: 'MONTHLY' });
    const window = { start: '2026-12-01', end: '2027-01-01' };
    expect((await monthly.costByTag(TAG, window))._unsafeUnwrap()).toEqual({ amount: 3.33, currency: 'EUR', window });
    expect(JSON.parse((await calls('GetCostAndUsage'))[0]?.body ?? '{}').Granularity).toBe('MONTHLY');
    // The queue is empty now: moto answers no result, which is no cost.
    const daily = awsCostsPort(providerClients(), TEST_REGION);
    expect(
      (
        await daily.costByTag({ key: 'workload', value: 'billing' }, { start: '2026-12-01', end: '2026-12-02' })
      )._unsafeUnwrap(),
    ).toMatchObject({ amount: 0, currency: 'USD' });
  });

  it('refuses an answer in two currencies rather than adding them', async () => {
    await queueCostResults([
      { ResultsByTime: [...dailyCosts([['2026-12-10', 1]], 'USD'), ...dailyCosts([['2026-12-11', 1]], 'EUR')] },
    ]);
    const found = await awsCostsPort(providerClients(), TEST_REGION).costByTag(TAG, {
      start: '2026-12-10',
      end: '2026-12-12',
    });
    expect(found._unsafeUnwrapErr().code).toBe('ProviderFailure');
    expect(found._unsafeUnwrapErr().message).toContain('USD, EUR');
  });

  it('refuses an empty tag key, a reversed window or one shorter than a day, sending nothing', async () => {
    const costs = awsCostsPort(providerClients(), TEST_REGION);
    const day = { start: '2026-12-10T00:00:00Z', end: '2026-12-11T00:00:00Z' };
    expect((await costs.costByTag({ key: '', value: 'x' }, day))._unsafeUnwrapErr().code).toBe('InvalidInput');
    const reversed = await costs.costByTag(TAG, { start: day.end, end: day.start });
    expect(reversed._unsafeUnwrapErr().code).toBe('InvalidInput');
    const sameDay = await costs.costByTag(TAG, { start: '2026-12-10T01:00:00Z', end: '2026-12-10T23:00:00Z' });
    expect(sameDay._unsafeUnwrapErr().message).toContain('must be before');
    expect((await costs.costByTag(TAG, { start: 'yesterday', end: 'today' }))._unsafeUnwrapErr().code).toBe(
      'InvalidInput',
    );
    expect(await calls('GetCostAndUsage')).toHaveLength(0);
  });
});

describe('dns on moto_server (Route 53)', () => {
  beforeEach(resetMoto);

  async function seedPayments() {
    const oracle = motoClients();
    const zoneId = await seedRecord(oracle, {
      zone: 'example.com',
      name: 'pay',
      type: 'CNAME',
      ttl: 60,
      values: ['payments.azurewebsites.net'],
    });
    await seedRecord(oracle, { zone: 'example.com', name: 'pay', type: 'TXT', ttl: 300, values: ['"v=1"'] });
    await seedRecord(oracle, {
      zone: 'example.com',
      name: 'pay2',
      type: 'CNAME',
      ttl: 30,
      values: ['other.example.net'],
    });
    await seedRecord(oracle, {
      zone: 'example.com',
      name: '@',
      type: 'A',
      ttl: 120,
      values: ['192.0.2.1', '192.0.2.2'],
    });
    return { oracle, zoneId };
  }

  it('reads a record set by relative name, FQDN (with or without the dot), apex and zone id; exact matches only', async () => {
    const { zoneId } = await seedPayments();
    const dns = awsDnsPort(providerClients(), TEST_REGION);
    const pay = { zone: 'example.com', name: 'pay', type: 'CNAME', ttl: 60, values: ['payments.azurewebsites.net'] };
    expect((await dns.getRecord({ zone: 'example.com', name: 'pay', type: 'CNAME' }))._unsafeUnwrap()).toEqual(pay);
    expect(
      (
        await dns.getRecord({ provider: 'route53', zone: 'example.com.', name: 'pay.example.com.', type: 'cname' })
      )._unsafeUnwrap(),
    ).toMatchObject({ name: 'pay', ttl: 60 });
    expect(
      (await dns.getRecord({ zone: 'example.com', name: 'PAY.example.com', type: 'TXT' }))._unsafeUnwrap()?.ttl,
    ).toBe(300);
    expect((await dns.getRecord({ zone: 'example.com', name: '@', type: 'A' }))._unsafeUnwrap()).toEqual({
      zone: 'example.com',
      name: '@',
      type: 'A',
      ttl: 120,
      values: ['192.0.2.1', '192.0.2.2'],
    });
    expect((await dns.getRecord({ zone: zoneId, name: 'pay2', type: 'CNAME' }))._unsafeUnwrap()?.ttl).toBe(30);
    expect((await dns.getRecord({ zone: 'example.com', name: 'pa', type: 'CNAME' }))._unsafeUnwrap()).toBeNull();
    expect((await dns.getRecord({ zone: 'example.com', name: 'pay', type: 'A' }))._unsafeUnwrap()).toBeNull();
    expect((await dns.getRecord({ zone: 'nowhere.example', name: 'pay', type: 'A' }))._unsafeUnwrap()).toBeNull();
    expect((await dns.getRecord({ zone: 'ZNOSUCHZONE1', name: 'pay', type: 'A' }))._unsafeUnwrap()).toBeNull();
  });

  it('sets a TTL with an UPSERT of the same values, reads it back, and leaves a record at that TTL alone', async () => {
    const { oracle } = await seedPayments();
    const setTtl = awsDnsPort(providerClients(), TEST_REGION).handlers?.['dns.setTtl'];
    if (setTtl === undefined) throw new Error('no dns.setTtl handler');
    const action = ttlAction({ provider: 'route53', zone: 'example.com', name: 'pay', type: 'CNAME', ttl: 3600 });
    expect(setTtl.rateLimits?.(action)).toEqual([
      { service: 'route53', bucket: 'default', accountId: MOTO_ACCOUNT_ID, region: 'global' },
    ]);
    expect((await setTtl.reconcile(action, contextFor(action)))._unsafeUnwrap()).toEqual({ status: 'absent' });
    const outcome = (await setTtl.execute(action, contextFor(action)))._unsafeUnwrap();
    expect(outcome).toMatchObject({
      status: 'done',
      result: { provider: 'route53', record: 'pay.example.com/CNAME', ttl: 3600, fromTtl: 60 },
    });
    expect(await route53Ttl(oracle, { zone: 'example.com', name: 'pay', type: 'CNAME' })).toBe(3600);
    expect(
      (await awsDnsPort(providerClients(), TEST_REGION).getRecord(action.params as never))._unsafeUnwrap()?.values,
    ).toEqual(['payments.azurewebsites.net']);
    expect(await route53Ttl(oracle, { zone: 'example.com', name: 'pay', type: 'TXT' })).toBe(300);
    expect((await setTtl.reconcile(action, contextFor(action)))._unsafeUnwrap().status).toBe('done');
    const changes = await recordSetChanges();
    expect(changes).toHaveLength(1);
    expect(changes[0]?.body).toContain('<Action>UPSERT</Action>');
    expect(changes[0]?.body).toContain('<TTL>3600</TTL>');
    expect(changes[0]?.body).toContain('<Value>payments.azurewebsites.net</Value>');
    expect((await setTtl.execute(action, contextFor(action)))._unsafeUnwrap()).toMatchObject({
      status: 'done',
      result: { unchanged: true, ttl: 3600 },
    });
    expect(await recordSetChanges()).toHaveLength(1);
  });

  it('refuses a negative TTL, an Azure record and a missing zone or record, changing nothing', async () => {
    await seedPayments();
    const dns = awsDnsPort(providerClients(), TEST_REGION);
    const setTtl = dns.handlers?.['dns.setTtl'];
    if (setTtl === undefined) throw new Error('no dns.setTtl handler');
    const negative = ttlAction({ zone: 'example.com', name: 'pay', type: 'CNAME', ttl: -5 });
    const refused = await setTtl.execute(negative, contextFor(negative));
    expect(refused._unsafeUnwrapErr().code).toBe('InvalidInput');
    expect(refused._unsafeUnwrapErr().message).toContain('params.ttl');
    const azure = ttlAction({ provider: 'azure', zone: 'example.net', name: 'api', type: 'A', ttl: 60 });
    expect((await setTtl.execute(azure, contextFor(azure)))._unsafeUnwrapErr().code).toBe('InvalidInput');
    expect((await setTtl.reconcile(azure, contextFor(azure)))._unsafeUnwrapErr().code).toBe('InvalidInput');
    const azureRead = await dns.getRecord({ provider: 'azure', zone: 'example.net', name: 'api', type: 'A' });
    expect(azureRead._unsafeUnwrapErr().message).toContain('Route 53 record sets only');
    const noZone = ttlAction({ zone: 'nowhere.example', name: 'pay', type: 'CNAME', ttl: 60 });
    expect((await setTtl.execute(noZone, contextFor(noZone)))._unsafeUnwrapErr().code).toBe('NotFound');
    expect((await setTtl.reconcile(noZone, contextFor(noZone)))._unsafeUnwrap()).toEqual({ status: 'absent' });
    const noRecord = ttlAction({ zone: 'example.com', name: 'gone', type: 'CNAME', ttl: 60 });
    expect((await setTtl.execute(noRecord, contextFor(noRecord)))._unsafeUnwrapErr().code).toBe('NotFound');
    expect(await recordSetChanges()).toHaveLength(0);
  });

  it('refuses routing-policy and alias record sets instead of guessing which TTL to set', async () => {
    const oracle = motoClients();
    const zoneId = await hostedZone(oracle, 'example.com');
    await oracle.get('route53', 'us-east-1').send(
      new ChangeResourceRecordSetsCommand({
        HostedZoneId: zoneId,
        ChangeBatch: {
          Changes: ['blue', 'green'].map((colour, index) => ({
            Action: 'CREATE',
            ResourceRecordSet: {
              Name: 'weighted.example.com.',
              Type: 'A',
              SetIdentifier: colour,
              Weight: 50,
              TTL: 60,
              ResourceRecords: [{ Value: `192.0.2.${index + 10}` }],
            },
          })),
        },
      }),
    );
    const dns = awsDnsPort(providerClients(), TEST_REGION);
    const weighted = await dns.getRecord({ zone: 'example.com', name: 'weighted', type: 'A' });
    expect(weighted._unsafeUnwrapErr().code).toBe('InvalidInput');
    expect(weighted._unsafeUnwrapErr().message).toContain('SetIdentifier');
  });

  it('refuses a zone name two hosted zones share (public and private), and reads it by zone id', async () => {
    const { zoneId } = await seedPayments();
    const oracle = motoClients();
    const vpc = await oracle.get('ec2', TEST_REGION).send(new CreateVpcCommand({ CidrBlock: '10.0.0.0/16' }));
    await oracle.get('route53', 'us-east-1').send(
      new CreateHostedZoneCommand({
        Name: 'example.com',
        CallerReference: 'private-example',
        HostedZoneConfig: { PrivateZone: true },
        VPC: { VPCRegion: TEST_REGION, VPCId: vpc.Vpc?.VpcId ?? '' },
      }),
    );
    const dns = awsDnsPort(providerClients(), TEST_REGION);
    const ambiguous = await dns.getRecord({ zone: 'example.com', name: 'pay', type: 'CNAME' });
    expect(ambiguous._unsafeUnwrapErr().code).toBe('InvalidInput');
    expect(ambiguous._unsafeUnwrapErr().message).toContain('name the zone by its id');
    expect((await dns.getRecord({ zone: zoneId, name: 'pay', type: 'CNAME' }))._unsafeUnwrap()?.ttl).toBe(60);
    expect(
      (await dns.getRecord({ zone: `/hostedzone/${zoneId}`, name: 'pay', type: 'CNAME' }))._unsafeUnwrap()?.ttl,
    ).toBe(60);
  });

  it('compares names as Route 53 writes them: case, trailing dot and octal escapes (\\052 for *)', () => {
    expect(normalDnsName('\\052.Example.COM.')).toBe('*.example.com');
    expect(relativeDnsName('\\052.example.com.', 'example.com')).toBe('*');
    expect(relativeDnsName('example.com.', 'Example.com')).toBe('@');
    expect(fullDnsName('@', 'example.com.')).toBe('example.com');
    expect(fullDnsName('pay.example.com', 'example.com')).toBe('pay.example.com');
  });

  it('batches the actions of one zone into one change batch', async () => {
    const { oracle } = await seedPayments();
    const setTtl = awsDnsPort(providerClients(), TEST_REGION).handlers?.['dns.setTtl'];
    if (setTtl?.batch === undefined) throw new Error('no dns.setTtl batch');
    const pay = ttlAction({ zone: 'example.com', name: 'pay', type: 'CNAME', ttl: 3600 });
    const apex = ttlAction({ zone: 'example.com', name: '@', type: 'A', ttl: 900 });
    const same = ttlAction({ zone: 'example.com', name: 'pay2', type: 'CNAME', ttl: 30 });
    const azure = ttlAction({ provider: 'azure', zone: 'example.net', name: 'api', type: 'A', ttl: 60 });
    expect(setTtl.batch.key(pay)).toBe(setTtl.batch.key(apex));
    expect(setTtl.batch.key(azure)).toBeNull();
    const outcomes = (await setTtl.batch.execute([pay, apex, same], contextFor(pay)))._unsafeUnwrap();
    expect(outcomes.get(pay.key)).toMatchObject({ status: 'done', result: { ttl: 3600, fromTtl: 60 } });
    expect(outcomes.get(apex.key)).toMatchObject({ status: 'done', result: { record: '@.example.com/A', ttl: 900 } });
    expect(outcomes.get(same.key)).toMatchObject({ status: 'done', result: { unchanged: true } });
    const changes = await recordSetChanges();
    expect(changes).toHaveLength(1);
    expect(changes[0]?.body.match(/<Change>/g)).toHaveLength(2);
    expect(await route53Ttl(oracle, { zone: 'example.com', name: '@', type: 'A' })).toBe(900);
    // One missing record fails the whole batch (the engine then sends it again in halves).
    const missing = ttlAction({ zone: 'example.com', name: 'gone', type: 'A', ttl: 60 });
    expect((await setTtl.batch.execute([pay, missing], contextFor(pay)))._unsafeUnwrapErr().code).toBe('NotFound');
    expect(await recordSetChanges()).toHaveLength(1);
  });
});

// moto answers every change INSYNC at once; the PENDING → INSYNC wait (GetChange) is checked on aws-sdk-client-mock.
describe('dns.setTtl waits for INSYNC (aws-sdk-client-mock)', () => {
  it('checkpoints the change id while PENDING, then reads the TTL back once INSYNC', async () => {
    const route53 = new Route53Client({ region: 'us-east-1', credentials: TEST_CREDENTIALS });
    const mock = mockClient(route53);
    let ttl = 60;
    mock.on(ListHostedZonesByNameCommand).resolves({
      HostedZones: [{ Id: '/hostedzone/Z0EXAMPLE1', Name: 'example.com.', CallerReference: 'x' }],
      DNSName: 'example.com.',
      IsTruncated: false,
      MaxItems: 100,
    });
    mock.on(ListResourceRecordSetsCommand).callsFake(() => ({
      ResourceRecordSets: [
        {
          Name: 'pay.example.com.',
          Type: 'CNAME',
          TTL: ttl,
          ResourceRecords: [{ Value: 'payments.azurewebsites.net' }],
        },
      ],
      IsTruncated: false,
      MaxItems: 20,
    }));
    mock.on(ChangeResourceRecordSetsCommand).callsFake((input) => {
      ttl = input.ChangeBatch.Changes[0].ResourceRecordSet.TTL;
      return { ChangeInfo: { Id: '/change/C0EXAMPLE', Status: 'PENDING', SubmittedAt: new Date() } };
    });
    mock
      .on(GetChangeCommand)
      .resolvesOnce({ ChangeInfo: { Id: '/change/C0EXAMPLE', Status: 'PENDING', SubmittedAt: new Date() } })
      .resolves({ ChangeInfo: { Id: '/change/C0EXAMPLE', Status: 'INSYNC', SubmittedAt: new Date() } });
    const setTtl = awsDnsPort(new AwsClients({ clients: { route53 }, pollMilliseconds: 5 }), TEST_REGION).handlers?.[
      'dns.setTtl'
    ];
    if (setTtl?.poll === undefined) throw new Error('no dns.setTtl poll');
    const action = ttlAction({ zone: 'example.com', name: 'pay', type: 'CNAME', ttl: 3600 });
    const first = (await setTtl.execute(action, contextFor(action)))._unsafeUnwrap();
    expect(first).toEqual({
      status: 'pending',
      checkpoint: { changeId: '/change/C0EXAMPLE', fromTtl: 60 },
      pollAfterMilliseconds: 5,
    });
    if (first.status !== 'pending') throw new Error('expected pending');
    expect((await setTtl.poll(action, first.checkpoint, contextFor(action)))._unsafeUnwrap().status).toBe('pending');
    expect((await setTtl.poll(action, first.checkpoint, contextFor(action)))._unsafeUnwrap()).toEqual({
      status: 'done',
      result: {
        provider: 'route53',
        record: 'pay.example.com/CNAME',
        ttl: 3600,
        fromTtl: 60,
        changeId: '/change/C0EXAMPLE',
      },
    });
    const change = mock.commandCalls(ChangeResourceRecordSetsCommand)[0]?.args[0].input;
    expect(change?.HostedZoneId).toBe('Z0EXAMPLE1');
    expect(change?.ChangeBatch?.Changes).toEqual([
      {
        Action: 'UPSERT',
        ResourceRecordSet: {
          Name: 'pay.example.com.',
          Type: 'CNAME',
          TTL: 3600,
          ResourceRecords: [{ Value: 'payments.azurewebsites.net' }],
        },
      },
    ]);
  });
});
