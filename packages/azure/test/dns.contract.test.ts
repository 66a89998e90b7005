import type { Action, HandlerContext } from '@decomkit/core';
import nock from 'nock';
import { describe, expect, it } from 'vitest';
import { azureDns } from '../src/index.js';
import { FAST_RETRIES, fixture, holdsSecret, testCredential, withNock } from './support/contract.js';

const get = fixture('dns/GetARecordset.2018-05-01.json');
const patch = fixture('dns/PatchARecordset.2018-05-01.json');
const { subscriptionId, resourceGroupName, zoneName, relativeRecordSetName, recordType } = get.parameters as {
  readonly [Name in
    | 'subscriptionId'
    | 'resourceGroupName'
    | 'zoneName'
    | 'relativeRecordSetName'
    | 'recordType']: string;
};
const ARM = 'https://management.azure.com';
const RECORD_PATH = `/subscriptions/${subscriptionId}/resourceGroups/${resourceGroupName}/providers/Microsoft.Network/dnsZones/${zoneName}/${recordType}/${relativeRecordSetName}`;
const getBody = get.responses['200']?.body as { etag: string; properties: { TTL: number } };
const withTtl = (ttl: number, etag = getBody.etag) => ({
  ...getBody,
  etag,
  properties: { ...getBody.properties, TTL: ttl },
});
const record = { provider: 'azure' as const, zone: zoneName, name: relativeRecordSetName, type: recordType };
const context = { signal: new AbortController().signal } as HandlerContext;

function dns(
  options: { zoneResourceGroups?: Record<string, string> } = { zoneResourceGroups: { [zoneName]: resourceGroupName } },
) {
  return azureDns({
    subscriptionId,
    credential: testCredential(),
    clientOptions: { retryOptions: FAST_RETRIES },
    ...options,
  });
}

const setTtl = (ttl: number, provider: 'azure' | 'route53' = 'azure'): Action<'dns.setTtl'> => ({
  key: `reset-ttl/dns.setTtl/${relativeRecordSetName}.${zoneName}/${recordType}`,
  step: 'reset-ttl',
  item: 'ttl',
  kind: 'dns.setTtl',
  target: { ref: `${relativeRecordSetName}.${zoneName}/${recordType}` },
  params: { provider, zone: zoneName, name: relativeRecordSetName, type: recordType, ttl, fromTtl: 3600 },
  gates: [],
  dependsOn: [],
});

/** GET of the record set answers each body in turn, recording the api-version. */
function serveGets(...bodies: unknown[]) {
  const versions: (string | null)[] = [];
  let index = 0;
  nock(ARM)
    .get(RECORD_PATH)
    .query(true)
    .times(bodies.length)
    .reply((uri) => {
      versions.push(new URL(uri, ARM).searchParams.get('api-version'));
      return [200, bodies[index++]];
    });
  return versions;
}

describe('Azure DNS (contract: GetARecordset and PatchARecordset, api-version 2018-05-01)', () => {
  withNock();

  it('reads the record set as the example answers it', async () => {
    const versions = serveGets(getBody);
    const found = (await dns().getRecord(record))._unsafeUnwrap();
    expect(versions).toEqual([get.parameters['api-version']]);
    expect(found).toEqual({ zone: zoneName, name: 'record1', type: 'A', ttl: 3600, values: ['127.0.0.1'] });
  });

  it("finds the zone's resource group by listing the subscription's zones (every page) when not told", async () => {
    const zone = (name: string, group: string) => ({
      id: `/subscriptions/${subscriptionId}/resourceGroups/${group}/providers/Microsoft.Network/dnsZones/${name}`,
      name,
      type: 'Microsoft.Network/dnsZones',
      location: 'global',
    });
    nock(ARM)
      .get(`/subscriptions/${subscriptionId}/providers/Microsoft.Network/dnszones`)
      .query((query) => query['api-version'] === '2018-05-01' && query.$skipToken === undefined)
      .reply(200, {
        value: [zone('other.example', 'rg9')],
        nextLink: `${ARM}/subscriptions/${subscriptionId}/providers/Microsoft.Network/dnszones?api-version=2018-05-01&$skipToken=next`,
      });
    nock(ARM)
      .get(`/subscriptions/${subscriptionId}/providers/Microsoft.Network/dnszones`)
      .query((query) => query.$skipToken === 'next')
      .reply(200, { value: [zone(zoneName, resourceGroupName)] });
    serveGets(getBody);
    expect((await dns({}).getRecord({ ...record, zone: `${zoneName}.` }))._unsafeUnwrap()?.ttl).toBe(3600);
  });

  it('sets the TTL with a PATCH that carries If-Match: the etag read, then reads it back', async () => {
    serveGets(getBody, withTtl(300, '11111111-1111-1111-1111-111111111111'));
    const sent: { body: unknown; ifMatch: unknown; apiVersion: string | null }[] = [];
    nock(ARM)
      .patch(RECORD_PATH)
      .query(true)
      .reply(function reply(uri, body) {
        sent.push({
          body,
          ifMatch: this.req.headers['if-match'],
          apiVersion: new URL(uri, ARM).searchParams.get('api-version'),
        });
        return [200, withTtl(300, '11111111-1111-1111-1111-111111111111')];
      });
    const handler = dns().handlers?.['dns.setTtl'];
    const outcome = (await handler?.execute(setTtl(300), context))?._unsafeUnwrap();
    expect(outcome).toEqual({
      status: 'done',
      result: {
        provider: 'azure',
        record: 'record1.zone1/A',
        ttl: 300,
        fromTtl: 3600,
        etag: '11111111-1111-1111-1111-111111111111',
      },
    });
    expect(sent).toEqual([{ body: { properties: { TTL: 300 } }, ifMatch: getBody.etag, apiVersion: '2018-05-01' }]);
    // The example's PATCH body has the same shape: only the properties that change.
    expect(Object.keys(patch.parameters.parameters as object)).toEqual(['properties']);
  });

  it('leaves a record already at the TTL alone, and reconciles by reading the TTL', async () => {
    serveGets(getBody, withTtl(60), getBody);
    const handler = dns().handlers?.['dns.setTtl'];
    expect((await handler?.execute(setTtl(3600), context))?._unsafeUnwrap()).toMatchObject({
      status: 'done',
      result: { unchanged: true },
    });
    expect((await handler?.reconcile(setTtl(3600), context))?._unsafeUnwrap()).toEqual({ status: 'absent' });
    expect((await handler?.reconcile(setTtl(3600), context))?._unsafeUnwrap().status).toBe('done');
  });

  it('never overwrites a record changed since it was read: 412 is a Conflict', async () => {
    serveGets(getBody);
    nock(ARM)
      .patch(RECORD_PATH)
      .query(true)
      .reply(412, { error: { code: 'PreconditionFailed', message: 'The etag does not match.' } });
    const error = (await dns().handlers?.['dns.setTtl'].execute(setTtl(300), context))?._unsafeUnwrapErr();
    expect(error).toMatchObject({ code: 'Conflict', resource: 'record1.zone1/A' });
  });

  it('fails when the TTL read back is not the one set', async () => {
    serveGets(getBody, getBody);
    nock(ARM).patch(RECORD_PATH).query(true).reply(200, withTtl(300));
    const error = (await dns().handlers?.['dns.setTtl'].execute(setTtl(300), context))?._unsafeUnwrapErr();
    expect(error).toMatchObject({ code: 'ProviderFailure', retryable: true });
    expect(error?.message).toContain('read back is 3600');
  });

  it('answers null for a missing record set or zone, and AccessDenied without the token for 401', async () => {
    nock(ARM)
      .get(RECORD_PATH)
      .query(true)
      .reply(404, { error: { code: 'NotFound', message: 'The resource record set was not found.' } });
    expect((await dns().getRecord(record))._unsafeUnwrap()).toBeNull();
    nock(ARM)
      .get(`/subscriptions/${subscriptionId}/providers/Microsoft.Network/dnszones`)
      .query(true)
      .reply(200, { value: [] });
    expect((await dns({}).getRecord(record))._unsafeUnwrap()).toBeNull();
    nock(ARM)
      .get(RECORD_PATH)
      .query(true)
      .reply(401, { error: { code: 'InvalidAuthenticationToken', message: 'The access token is invalid.' } });
    const denied = (await dns().getRecord(record))._unsafeUnwrapErr();
    expect(denied.code).toBe('AccessDenied');
    expect(holdsSecret(denied)).toBe(false);
  });

  it('serves Azure records only: a Route 53 record is InvalidInput, and nothing is sent', async () => {
    const read = await dns().getRecord({ ...record, provider: 'route53' });
    expect(read._unsafeUnwrapErr()).toMatchObject({ code: 'InvalidInput', issues: [{ path: 'provider' }] });
    const set = await dns().handlers?.['dns.setTtl'].execute(setTtl(300, 'route53'), context);
    expect(set?._unsafeUnwrapErr()).toMatchObject({ code: 'InvalidInput', issues: [{ path: 'params.provider' }] });
  });
});
